"""The application log's line format: tracebacks without exception messages.

An exception's message often quotes the data it failed on (``got <Person: name>``,
``invalid date '…'``), so a server error would copy a client's name into the log.
The frames (file, line, code) and the exception's type are enough to find the bug;
the message stays out.
"""

import logging
import traceback

WITHHELD = "(message withheld: it may quote personal data)"
LATER = "During handling of the above exception, another exception occurred:"


class WithoutExceptionMessages(logging.Formatter):
    """A plain formatter whose tracebacks list frames and exception types only."""

    def formatException(self, ei) -> str:
        error = ei[1]
        parts: list[str] = []
        seen: set[int] = set()
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            frames = "".join(traceback.format_tb(error.__traceback__))
            kind = f"{type(error).__module__}.{type(error).__qualname__}"
            parts.append(f"Traceback (most recent call last):\n{frames}{kind}: {WITHHELD}")
            error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        return f"\n\n{LATER}\n\n".join(reversed(parts))
