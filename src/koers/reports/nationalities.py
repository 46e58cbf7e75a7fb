"""Dutch plural demonyms for the nationalities the branches meet most ("Syriërs").

A nationality without a demonym here is written "personen uit <land>", with the
country's Dutch name from :data:`koers.core.countries.COUNTRIES`.
"""

from koers.core.countries import COUNTRIES

DEMONYMS: dict[str, str] = {
    "AFG": "Afghanen",
    "DZA": "Algerijnen",
    "EGY": "Egyptenaren",
    "ERI": "Eritreeërs",
    "ETH": "Ethiopiërs",
    "GIN": "Guineeërs",
    "IRN": "Iraniërs",
    "IRQ": "Irakezen",
    "LBN": "Libanezen",
    "LBY": "Libiërs",
    "MAR": "Marokkanen",
    "NGA": "Nigerianen",
    "PAK": "Pakistanen",
    "PSE": "Palestijnen",
    "RUS": "Russen",
    "SDN": "Soedanezen",
    "SSD": "Zuid-Soedanezen",
    "SOM": "Somaliërs",
    "SYR": "Syriërs",
    "TUR": "Turken",
    "UKR": "Oekraïners",
    "YEM": "Jemenieten",
    "XXA": "staatlozen",
}


def people_of(code: str) -> str:
    """The people of a nationality, plural: "Syriërs", else "personen uit <land>"."""
    if code in DEMONYMS:
        return DEMONYMS[code]
    return f"personen uit {COUNTRIES.get(code, code)}"
