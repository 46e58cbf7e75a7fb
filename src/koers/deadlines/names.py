"""The shipped deadline rules' names and closing conditions, for the translation catalogue.

A rule is a row of data (``DeadlineRule``, written by the migrations in Dutch) that a
region may not rename, so its Dutch name doubles as the message id: ``rule_text`` shows
it in the reader's language. A name that is not listed here is shown as it is stored.
``tests/i18n`` fails when a shipped rule's name or condition is missing below.
"""

from django.utils.translation import gettext_noop

from koers.core.stored_text import in_reader_language as rule_text

SHIPPED_RULE_TEXTS = (
    # deadlines 0002
    gettext_noop("Participatieverklaring tekenen"),
    gettext_noop("participatieverklaring getekend"),
    gettext_noop("Aanvraag gezinshereniging indienen"),
    gettext_noop("stap 'aanvraag ingediend' gedaan, of dossier gesloten"),
    gettext_noop("Dossierstap uitvoeren"),
    gettext_noop("stap gedaan, of dossier gesloten"),
    gettext_noop("Einde coaching vestiging"),
    gettext_noop("traject beëindigd"),
    gettext_noop("Einde coaching integratie"),
    gettext_noop("Evaluatie koppeling na 3 maanden"),
    gettext_noop("evaluatie na 3 maanden vastgelegd, of koppeling beëindigd"),
    gettext_noop("Evaluatie koppeling na 6 maanden"),
    gettext_noop("evaluatie na 6 maanden vastgelegd, of koppeling beëindigd"),
    gettext_noop("Inburgeringstermijn"),
    gettext_noop("examenresultaat of ontheffing vastgelegd"),
    # deadlines 0006
    gettext_noop("Huisvesting na koppeling"),
    gettext_noop("gehuisvest (getelde plaatsing in de gemeente), of koppeling vervallen"),
    gettext_noop("PIP vaststellen"),
    gettext_noop("PIP vastgesteld, ontheffing of inburgering afgerond"),
    gettext_noop("Inburgeringstermijn (Wi2021)"),
    gettext_noop("inburgering afgerond, of ontheffing of vrijstelling (termijn plus verlenging)"),
    # deadlines 0007
    gettext_noop("Beslistermijn IND (daarna ingebrekestelling)"),
    gettext_noop(
        "beslissing IND of ingebrekestelling verzonden (of dossier gesloten); "
        "een verlenging schuift de termijn naar de nieuwe datum"
    ),
    gettext_noop("Termijn na ingebrekestelling (daarna beroep niet tijdig beslissen)"),
    gettext_noop("beslissing IND of beroep ingesteld (of dossier gesloten)"),
    gettext_noop("Bezwaartermijn na afwijzing"),
    gettext_noop("bezwaar ingediend (of dossier gesloten)"),
    gettext_noop("Beroepstermijn na beslissing op bezwaar"),
    gettext_noop("beroep ingesteld (of dossier gesloten)"),
)

__all__ = ["SHIPPED_RULE_TEXTS", "rule_text"]
