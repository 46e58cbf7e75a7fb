"""The titles of the yearly report's sections, for the translation catalogue.

``sections.SECTIONS`` names each section in Dutch; the report shows the title in the
reader's language (``report_title``), and its downloads and editions in Dutch
(``views.in_report_language``). ``tests/i18n`` fails when a section's title is missing here.
The generated sentences of a section are Dutch only (docs/translations.md).
"""

from django.utils.translation import gettext_noop

from koers.core.stored_text import in_reader_language as report_title

SECTION_TITLES = (
    gettext_noop("Inleiding"),
    gettext_noop("Huisvesting"),
    gettext_noop("Van koppeling tot inburgering"),
    gettext_noop("Spreekuur/infopunt"),
    gettext_noop("Juridische begeleiding/gezinshereniging"),
    gettext_noop("Voorlichting, belangenbehartiging en samenwerking"),
    gettext_noop("Maatschappelijke begeleiding"),
    gettext_noop("Taalcoaching"),
    gettext_noop("Jobcoaching"),
    gettext_noop("VIP"),
    gettext_noop("Wegwijs"),
    gettext_noop("Participatieverklaringstrajecten"),
    gettext_noop("Inburgering"),
    gettext_noop("Taalcentrum"),
    gettext_noop("Computerlessen"),
    gettext_noop("Taalklassen"),
    gettext_noop("Ons team"),
)

__all__ = ["SECTION_TITLES", "report_title"]
