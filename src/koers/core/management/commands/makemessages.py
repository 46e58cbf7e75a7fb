"""``makemessages`` that also reads ``_l("…")``: the lists declare their column labels with
``gettext_lazy as _l``, which xgettext does not know as a keyword by itself."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
