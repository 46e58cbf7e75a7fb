"""Opening a bundle: a folder or a ``.zip`` of one, its CSV files decoded and split into records."""

import csv
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

BOM = b"\xef\xbb\xbf"
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
MB = 1000 * 1000
CHUNK = 1024 * 1024  # bytes read at a time, so that a lying zip entry stops early
RATIO_FROM = MB  # a file that expands to less cannot hurt, whatever its ratio
MAX_ENTRIES = 1000  # a bundle has a few dozen files; ZipFile lists every entry in memory
# What a damaged or unusual zip raises while being read: encrypted (RuntimeError), an
# unknown compression (NotImplementedError), corrupt data (zlib.error), cut short.
ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error, OSError)


class BundleError(Exception):
    """The source is not a bundle at all (not a folder or zip, or an unreadable zip), or
    one that passes the import's limits (:class:`Limits`)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``file:line: column: message`` (column ``-`` for the whole line)."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


@dataclass(frozen=True)
class Limits:
    """How much a bundle may hold; beyond it the import refuses before reading on.

    ``max_bytes``: its CSV files together, as they expand (``KOERS_IMPORT_MAX_MB``);
    ``max_ratio``: how much one zipped file may expand (``KOERS_IMPORT_MAX_RATIO``),
    checked for files over ``RATIO_FROM``; ``max_rows``: rows per file
    (``KOERS_IMPORT_MAX_ROWS``, checked while the file is read, see ``validation``).
    """

    max_bytes: int = 500 * MB
    max_ratio: int = 100
    max_rows: int = 1_000_000

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.KOERS_IMPORT_MAX_MB * MB,
            max_ratio=settings.KOERS_IMPORT_MAX_RATIO,
            max_rows=settings.KOERS_IMPORT_MAX_ROWS,
        )


def megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def read_bundle(source: str | Path | BinaryIO, limits: Limits | None = None) -> dict[str, bytes]:
    """The CSV files of a folder or zip, by file name; other files are not part of a bundle.

    Sizes are checked before anything is read (the zip's directory, the folder's file
    sizes) and again while reading, since a zip's directory can lie: memory stays
    within ``limits.max_bytes`` whatever the bundle holds.
    """
    limits = limits or Limits.from_settings()
    if hasattr(source, "read"):
        return _read_zip(source, "upload", limits)
    path = Path(source)
    if path.is_dir():
        files = [
            child for child in sorted(path.iterdir()) if child.is_file() and child.suffix == ".csv"
        ]
        _check_total(str(path), {child.name: child.stat().st_size for child in files}, limits)
        budget = Budget(str(path), limits)
        result = {}
        for child in files:
            with child.open("rb") as stream:
                result[child.name] = budget.read(child.name, stream)
        return result
    if path.is_file() and zipfile.is_zipfile(path):
        with path.open("rb") as stream:
            return _read_zip(stream, str(path), limits)
    raise BundleError(f"{path}: not a folder or a .zip file")


def _check_total(label: str, sizes: dict[str, int], limits: Limits) -> None:
    total = sum(sizes.values())
    if total > limits.max_bytes:
        largest = ", ".join(
            f"{name} {megabytes(size)}"
            for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:3]
        )
        raise BundleError(
            f"{label}: the CSV files expand to {megabytes(total)} in all ({largest}), more "
            f"than the limit of {megabytes(limits.max_bytes)} (KOERS_IMPORT_MAX_MB); "
            "nothing was read"
        )


class Budget:
    """Reads members in chunks and stops as soon as the bundle passes its limit."""

    def __init__(self, label: str, limits: Limits):
        self.label, self.limits, self.used = label, limits, 0

    def read(self, name: str, stream: BinaryIO, declared: int | None = None) -> bytes:
        buffer, size = io.BytesIO(), 0  # grows in place: no second copy at the end
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            self.used += len(chunk)
            if declared is not None and size > declared:
                raise BundleError(
                    f"{self.label}: {name} expands beyond the {declared:,} bytes its zip "
                    "entry states; nothing was imported"
                )
            if self.used > self.limits.max_bytes:
                raise BundleError(
                    f"{self.label}: {name}: the CSV files expand to more than the limit of "
                    f"{megabytes(self.limits.max_bytes)} (KOERS_IMPORT_MAX_MB); reading "
                    "stopped, nothing was imported"
                )
            buffer.write(chunk)
        return buffer.getvalue()


def _read_zip(stream: BinaryIO, label: str, limits: Limits) -> dict[str, bytes]:
    try:
        end_record = zipfile._EndRecData(stream)  # before ZipFile lists every entry in memory
        if end_record is not None and end_record[zipfile._ECD_ENTRIES_TOTAL] > MAX_ENTRIES:
            raise BundleError(
                f"{label}: the zip holds {end_record[zipfile._ECD_ENTRIES_TOTAL]:,} entries; a "
                f"bundle has a few dozen files (at most {MAX_ENTRIES:,}); nothing was read"
            )
        with zipfile.ZipFile(stream) as archive:
            members = _csv_members(archive, label)
            _check_total(label, {name: info.file_size for name, info in members.items()}, limits)
            for name, info in members.items():
                _check_ratio(label, name, info, limits)
            budget = Budget(label, limits)
            result = {}
            for name, info in members.items():
                with archive.open(info) as member:
                    result[name] = budget.read(name, member, declared=info.file_size)
            return result
    except ZIP_ERRORS as error:
        raise BundleError(f"{label}: not a readable .zip file ({error})") from None


def _csv_members(archive: zipfile.ZipFile, label: str) -> dict[str, zipfile.ZipInfo]:
    """The zip's CSV files by file name: in one folder, each name once."""
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.endswith(".csv")
        and not info.filename.startswith("__MACOSX/")
    ]
    if len({posixpath.dirname(info.filename) for info in members}) > 1:
        raise BundleError(f"{label}: CSV files in more than one folder of the zip")
    by_name = {posixpath.basename(info.filename): info for info in members}
    if len(by_name) < len(members):
        names = [posixpath.basename(info.filename) for info in members]
        twice = sorted({name for name in names if names.count(name) > 1})
        raise BundleError(f"{label}: {', '.join(twice)} more than once in the zip")
    return by_name


def _check_ratio(label: str, name: str, info: zipfile.ZipInfo, limits: Limits) -> None:
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FROM and ratio > limits.max_ratio:
        raise BundleError(
            f"{label}: {name} expands {ratio:,.0f} times ({megabytes(info.compress_size)} to "
            f"{megabytes(info.file_size)}), more than the limit of {limits.max_ratio} "
            "(KOERS_IMPORT_MAX_RATIO): a zip bomb, or not a bundle; nothing was read"
        )


def decode(name: str, data: bytes) -> str:
    """The file's text; a ValueError naming the line when it is not UTF-8."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            Problem(name, line, "-", f"not UTF-8 text (byte 0x{data[error.start]:02x})")
        ) from None


def lines_of(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, as ``io.StringIO(text, newline="")`` gives
    them, but without its copy of the whole text (four bytes a character)."""
    return (match.group() for match in LINE.finditer(text))


def records(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every non-blank record, header included.

    Raises ValueError(Problem) where the CSV quoting is broken.
    """
    reader = csv.reader(lines_of(text), strict=True)
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if cells:
                yield start, cells
    except csv.Error as error:
        raise ValueError(
            Problem(name, previous + 1, "-", f"broken CSV quoting ({error})")
        ) from None
