"""Plural demonyms for the nationalities the branches meet most ("Syriërs", "Syrians"), in
the reader's language.

A nationality without a demonym here is written "personen uit <land>", with the
country's name in the reader's language (:func:`koers.core.countries.country_name`).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from koers.core.countries import country_name

DEMONYMS: dict = {
    "AFG": pgettext_lazy("inwoners", "Afghanen"),
    "DZA": pgettext_lazy("inwoners", "Algerijnen"),
    "EGY": pgettext_lazy("inwoners", "Egyptenaren"),
    "ERI": pgettext_lazy("inwoners", "Eritreeërs"),
    "ETH": pgettext_lazy("inwoners", "Ethiopiërs"),
    "GIN": pgettext_lazy("inwoners", "Guineeërs"),
    "IRN": pgettext_lazy("inwoners", "Iraniërs"),
    "IRQ": pgettext_lazy("inwoners", "Irakezen"),
    "LBN": pgettext_lazy("inwoners", "Libanezen"),
    "LBY": pgettext_lazy("inwoners", "Libiërs"),
    "MAR": pgettext_lazy("inwoners", "Marokkanen"),
    "NGA": pgettext_lazy("inwoners", "Nigerianen"),
    "PAK": pgettext_lazy("inwoners", "Pakistanen"),
    "PSE": pgettext_lazy("inwoners", "Palestijnen"),
    "RUS": pgettext_lazy("inwoners", "Russen"),
    "SDN": pgettext_lazy("inwoners", "Soedanezen"),
    "SSD": pgettext_lazy("inwoners", "Zuid-Soedanezen"),
    "SOM": pgettext_lazy("inwoners", "Somaliërs"),
    "SYR": pgettext_lazy("inwoners", "Syriërs"),
    "TUR": pgettext_lazy("inwoners", "Turken"),
    "UKR": pgettext_lazy("inwoners", "Oekraïners"),
    "YEM": pgettext_lazy("inwoners", "Jemenieten"),
    "XXA": pgettext_lazy("inwoners", "staatlozen"),
}


def people_of(code: str) -> str:
    """The people of a nationality, plural: "Syriërs", else "personen uit <land>"."""
    if code in DEMONYMS:
        return str(DEMONYMS[code])
    return _("personen uit %(country)s") % {"country": country_name(code)}
