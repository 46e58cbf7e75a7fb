"""Password rules with Dutch messages.

Django 5.2 reworded the minimum-length error and its Dutch catalogue has not caught up,
so the stock validator would speak English on every password form.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}
