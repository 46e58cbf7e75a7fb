"""Synthetic names for the demo: clients' names with the Latin spellings found on Dutch papers.

A refugee's name reaches Koers through several transliterations (COA, IND, the
municipality, the client's own spelling), so one name is a *group* of spellings:
``("Mohammed", "Muhammad", "Mohamad", …)``. The first spelling is the most common
one. :data:`SPELLING_GROUPS` maps every spelling to its group, so a search that
should find "Tesfai" when asked for "Tesfay" can be measured on the demo data.

Staff names are common Dutch names. None of these is the name of a person named in
the seed reports (``tests/demo`` checks that).
"""

import random
from dataclasses import dataclass

Group = tuple[str, ...]


@dataclass(frozen=True)
class NamePool:
    """The given and family names of one language, each a group of spellings."""

    male: tuple[Group, ...]
    female: tuple[Group, ...]
    family: tuple[Group, ...]


ARABIC = NamePool(
    male=(
        ("Mohammed", "Muhammad", "Mohamad", "Mohammad", "Mohamed", "Muhammed"),
        ("Ahmad", "Ahmed", "Achmad"),
        ("Mahmoud", "Mahmud", "Machmoud"),
        ("Abdelrahman", "Abd al-Rahman", "Abdulrahman", "Abdel Rahman", "Abdurrahman"),
        ("Abdullah", "Abdallah", "Abdulla"),
        ("Khaled", "Khalid", "Chaled"),
        ("Omar", "Umar", "Omer"),
        ("Yousef", "Youssef", "Yusuf", "Joesoef", "Yossef"),
        ("Hussein", "Husain", "Hussain", "Houssein"),
        ("Hassan", "Hasan"),
        ("Ibrahim", "Ebrahim", "Ibraheem"),
        ("Mustafa", "Moustafa", "Mostafa"),
        ("Ali",),
        ("Osama", "Usama", "Oussama"),
        ("Tarek", "Tariq", "Tarik"),
        ("Samer", "Sameer"),
        ("Bashar", "Bachar"),
        ("Fadi", "Fady"),
        ("Rami", "Ramy"),
        ("Waleed", "Walid", "Oualid"),
        ("Ammar", "Amar"),
        ("Ayman", "Aiman", "Aymen"),
        ("Hamza", "Hamzah", "Hamze"),
        ("Majed", "Majid", "Maged"),
        ("Kareem", "Karim"),
        ("Firas", "Feras"),
        ("Wael", "Wa'il", "Wail"),
        ("Zaid", "Zayd", "Zeid"),
        ("Jamal", "Gamal", "Djamal"),
        ("Anas", "Annas"),
    ),
    female=(
        ("Fatima", "Fatma", "Fatimah", "Fatemah"),
        ("Aisha", "Aicha", "Ayesha", "Aysha"),
        ("Mariam", "Maryam", "Meryem", "Miriam"),
        ("Nour", "Noor", "Nur"),
        ("Rania", "Ranya"),
        ("Huda", "Houda", "Hoda"),
        ("Layla", "Leila", "Laila", "Leyla"),
        ("Hala",),
        ("Rasha", "Racha"),
        ("Amal",),
        ("Samira", "Sameera", "Samirah"),
        ("Yasmin", "Yasmine", "Jasmin", "Yasmeen"),
        ("Salma", "Selma"),
        ("Dima", "Deema"),
        ("Reem", "Rim", "Rym"),
        ("Hiba", "Heba", "Hibah"),
        ("Zainab", "Zeinab", "Zaynab"),
        ("Khadija", "Khadidja", "Khadeeja", "Chadija"),
        ("Asmaa", "Asma"),
        ("Nisreen", "Nesrin", "Nisrine", "Nesreen"),
        ("Ghada", "Rhada"),
        ("Ruqayya", "Rukaya", "Roukaya"),
        ("Sara", "Sarah"),
        ("Lama",),
        ("Bushra", "Boushra"),
        ("Doaa", "Du'a", "Doua"),
    ),
    family=(
        ("Al-Hassan", "Alhassan", "Al Hasan", "El Hassan"),
        ("Al-Khatib", "Alkhatib", "El Khatib", "Al Khateeb"),
        ("Haddad", "Hadad"),
        ("Khalil", "Khaleel", "Chalil"),
        ("Al-Ahmad", "Alahmad", "Al Ahmed"),
        ("Hamdan", "Hamdane"),
        ("Saleh", "Salih", "Salah"),
        ("Mansour", "Mansur", "Mansoor"),
        ("Nasser", "Nasir", "Naser"),
        ("Darwish", "Darwiche", "Derwish"),
        ("Al-Ali", "Alali", "Al Ali"),
        ("Othman", "Osman", "Uthman", "Outhman"),
        ("Al-Masri", "Almasri", "El Masry"),
        ("Qassem", "Kassem", "Qasim", "Kasem"),
        ("Shaheen", "Shahin", "Chahine"),
        ("Hijazi", "Hegazy", "Hejazi"),
        ("Al-Kurdi", "Alkurdi", "Kurdi"),
        ("Sabbagh", "Sabag"),
        ("Al-Homsi", "Alhomsi", "Homsi"),
        ("Jaber", "Jabir", "Djaber"),
        ("Barakat", "Baraket"),
        ("Suleiman", "Sulaiman", "Soliman", "Sleiman"),
        ("Al-Hamwi", "Alhamwi", "Hamwi"),
        ("Al-Halabi", "Alhalabi", "Halabi"),
        ("Abdulkarim", "Abdul Karim", "Abdelkarim"),
        ("Al-Zoubi", "Alzoubi", "Al Zubi"),
        ("Al-Shami", "Alshami", "Chami"),
        ("Haj Ali", "Hajj Ali", "Hadj Ali"),
    ),
)

TIGRINYA = NamePool(
    male=(
        ("Yohannes", "Johannes", "Yohanes", "Yohanis"),
        ("Tesfay", "Tesfai", "Tesfaye"),
        ("Dawit", "Dawid", "Dawitt"),
        ("Yonas", "Jonas", "Yonass"),
        ("Berhane", "Berhan", "Birhane"),
        ("Kidane", "Kidan", "Kiddane"),
        ("Tekle", "Teklay", "Tecle"),
        ("Habtom", "Habtum", "Habte"),
        ("Amanuel", "Emanuel", "Ammanuel", "Amanouel"),
        ("Semere", "Semre", "Smere"),
        ("Filmon", "Filimon", "Philmon"),
        ("Robel", "Robiel"),
        ("Henok", "Henock", "Enok"),
        ("Mussie", "Musie", "Mussié"),
        ("Efrem", "Ephrem", "Efrim"),
        ("Goitom", "Goytom", "Guitom"),
        ("Biniam", "Biniyam", "Binyam"),
        ("Natnael", "Nathnael", "Natanael"),
        ("Tsegay", "Tsegai", "Tsegaye"),
        ("Mulugeta", "Mulugheta"),
        ("Abrham", "Abraham", "Abreham"),
        ("Selomon", "Solomon", "Solomun"),
        ("Mikael", "Michael", "Mikiel"),
        ("Ermias", "Ermyas", "Iermias"),
        ("Mehari", "Mehary"),
    ),
    female=(
        ("Senait", "Senayt", "Seniat"),
        ("Helen", "Hellen", "Hellén"),
        ("Lidya", "Lydia", "Lidia"),
        ("Rahwa", "Rahua"),
        ("Selam", "Salam", "Selamawit"),
        ("Mebrat", "Mebrahtit"),
        ("Saba",),
        ("Hiwet", "Hiwot", "Hewet"),
        ("Feven", "Fiven"),
        ("Luwam", "Luam", "Lwam"),
        ("Yordanos", "Jordanos", "Yordanoss"),
        ("Semhar", "Simhar"),
        ("Winta", "Wintana"),
        ("Mihret", "Meheret", "Mehret"),
        ("Azieb", "Aziyeb", "Aziab"),
        ("Tsega", "Tsige", "Tsegga"),
        ("Elsa", "Elsabet", "Elsabeth"),
        ("Freweini", "Frewoini", "Frewini"),
        ("Abrehet", "Abrehit", "Abrehat"),
        ("Nigisti", "Negisti", "Nigsti"),
        ("Tirhas", "Tirhass", "Terhas"),
        ("Kisanet", "Kisanat", "Kesanet"),
        ("Weyni", "Weini", "Wayni"),
        ("Ruta", "Rutha"),
    ),
    family=(
        ("Gebremedhin", "Ghebremedhin", "Gebremedin", "Gebre-Medhin"),
        ("Tesfamariam", "Tesfamaryam", "Tesfa-Mariam"),
        ("Haile", "Hayle", "Hailé"),
        ("Kidane", "Kidan", "Kiddane"),
        ("Berhe", "Berhé", "Berhie"),
        ("Weldemichael", "Woldemichael", "Wolde-Michael", "Weldemikael"),
        ("Gebreyesus", "Ghebreyesus", "Gebre-Yesus"),
        ("Mebrahtu", "Mebrahtom", "Mebrahtou"),
        ("Araya", "Araia"),
        ("Ghirmay", "Girmay", "Ghirmai", "Girmai"),
        ("Yemane", "Yemaneh", "Yemani"),
        ("Andemariam", "Andemaryam", "Ande-Mariam"),
        ("Habtemariam", "Habtemaryam", "Habte-Mariam"),
        ("Asmelash", "Asmelasch", "Asmellash"),
        ("Negash", "Negasi", "Negassi"),
        ("Abraha", "Abreha", "Abrha"),
        ("Bahta", "Bahtha"),
        ("Zerai", "Zeray", "Zerei"),
        ("Okbay", "Okubay", "Ogbay"),
        ("Hagos", "Hagoss", "Haghos"),
        ("Tewolde", "Tewelde", "Teweldeberhan"),
        ("Fissehaye", "Fsehaye", "Fisehaye"),
    ),
)

FARSI = NamePool(
    male=(
        ("Mohammad", "Mohammed", "Muhammad", "Mohamad"),
        ("Reza", "Resa", "Rezza"),
        ("Mehdi", "Mahdi", "Mehdy"),
        ("Hossein", "Hosein", "Hussein", "Hosseyn"),
        ("Hamid", "Hamed"),
        ("Amir", "Ameer"),
        ("Javad", "Jawad", "Djavad"),
        ("Farhad", "Farhaad"),
        ("Navid", "Naveed"),
        ("Omid", "Umid", "Omied"),
        ("Saeed", "Said", "Saied", "Sa'id"),
        ("Vahid", "Wahid", "Vahied"),
        ("Masoud", "Massoud", "Mas'ud", "Masud"),
        ("Babak",),
        ("Kamran", "Kamraan"),
        ("Arash", "Arasch"),
    ),
    female=(
        ("Zahra", "Zohra", "Zahrah", "Sahra"),
        ("Fatemeh", "Fatima", "Fatemah", "Fateme"),
        ("Maryam", "Mariam", "Maryem"),
        ("Shirin", "Sherin", "Chirin"),
        ("Roya", "Roja"),
        ("Parisa", "Parissa"),
        ("Nasrin", "Nasreen", "Nasrine"),
        ("Mahsa", "Mahssa"),
        ("Nazanin", "Nazaneen"),
        ("Mina", "Meena"),
        ("Marzieh", "Marziya", "Marzia"),
        ("Niloufar", "Nilofar", "Nilufar"),
        ("Somayeh", "Somaye", "Sumaya"),
        ("Leila", "Laila", "Leyla"),
    ),
    family=(
        ("Hosseini", "Husseini", "Hussaini", "Hosaini"),
        ("Rezaei", "Rezai", "Rezaie", "Rezayi"),
        ("Mohammadi", "Muhammadi", "Mohamadi"),
        ("Ahmadi", "Ahmedi", "Achmadi"),
        ("Jafari", "Jaafari", "Ja'fari", "Djafari"),
        ("Moradi", "Moraadi"),
        ("Rostami", "Rostamie"),
        ("Sadeghi", "Sadiqi", "Sadeqi"),
        ("Kazemi", "Kasemi", "Kazimi"),
        ("Karimi", "Kareemi"),
        ("Ghasemi", "Qasemi", "Ghassemi", "Qasimi"),
        ("Heidari", "Haidari", "Haydari", "Heydari"),
        ("Mirzaei", "Mirzai", "Mirzayi"),
        ("Naderi", "Nadiri", "Naderie"),
    ),
)

DARI = NamePool(
    male=(
        ("Mohammad", "Muhammad", "Mohammed", "Mohamad"),
        ("Ahmad", "Ahmed"),
        ("Ali",),
        ("Javid", "Jawid", "Javed", "Jawed"),
        ("Ghulam", "Gholam", "Golam"),
        ("Zabihullah", "Zabiullah", "Zabihollah"),
        ("Naqibullah", "Naqib", "Nakibullah"),
        ("Shafiq", "Shafik", "Chafiq"),
        ("Fawad", "Fuad", "Fawaad"),
        ("Bashir", "Basheer", "Baschir"),
        ("Habib", "Habeeb"),
        ("Farid", "Fareed", "Faried"),
        ("Nasir", "Naser", "Nasser"),
        ("Mustafa", "Mostafa"),
        ("Sohrab", "Suhrab"),
        ("Abdul Rahim", "Abdulrahim", "Abdorrahim"),
        ("Sayed", "Sayid", "Seyed", "Said"),
        ("Hamid", "Hameed"),
    ),
    female=(
        ("Zahra", "Zohra", "Zahrah"),
        ("Fereshta", "Freshta", "Fereshteh"),
        ("Soraya", "Suraya", "Sorayya"),
        ("Tahmina", "Tahmineh", "Tahminah"),
        ("Shabnam", "Shabnum", "Chabnam"),
        ("Mursal", "Morsal"),
        ("Masooma", "Masuma", "Masoumeh"),
        ("Hakima", "Hakimah"),
        ("Farzana", "Farzanah"),
        ("Nilofar", "Niloufar", "Nilufar"),
        ("Marzia", "Marziya", "Marzieh"),
        ("Zarghuna", "Zarghoona"),
        ("Homa", "Huma"),
        ("Laila", "Leila", "Layla"),
    ),
    family=(
        ("Ahmadi", "Ahmedi"),
        ("Rahimi", "Rahimie", "Raheemi"),
        ("Hakimi", "Hakeemi"),
        ("Noori", "Nouri", "Nuri"),
        ("Sultani", "Soltani", "Sultany"),
        ("Azizi", "Azeezi"),
        ("Habibi", "Habiby"),
        ("Amiri", "Ameeri"),
        ("Akbari", "Akbary"),
        ("Hashimi", "Hashemi", "Haschemi"),
        ("Yusufi", "Yousefi", "Yousufi"),
        ("Safi", "Saafi"),
        ("Nazari", "Nazary"),
        ("Sharifi", "Sharify", "Charifi"),
        ("Wardak", "Wardag"),
        ("Popal", "Popall"),
        ("Faizi", "Feizi", "Faizy"),
        ("Stanikzai", "Stanekzai", "Stanakzai"),
    ),
)

SOMALI = NamePool(
    male=(
        ("Mohamed", "Maxamed", "Mohammed", "Mohamad"),
        ("Abdi", "Cabdi"),
        ("Abdullahi", "Cabdullaahi", "Abdillahi", "Abdulahi"),
        ("Ahmed", "Axmed", "Ahmad"),
        ("Hassan", "Xasan", "Hasan"),
        ("Hussein", "Xuseen", "Hussen", "Huseen"),
        ("Omar", "Cumar", "Omer"),
        ("Ali", "Cali"),
        ("Yusuf", "Yuusuf", "Yousuf"),
        ("Ismail", "Ismaaciil", "Isma'il", "Ismaail"),
        ("Mahad", "Mahaad"),
        ("Abdirahman", "Cabdiraxmaan", "Abdirahmaan", "Abdiraxman"),
        ("Abdirizak", "Abdirisaq", "Cabdirisaaq", "Abdirisak"),
        ("Liban", "Liibaan", "Libaan"),
        ("Guled", "Guuleed", "Guleed"),
        ("Farah", "Faarax", "Faarah"),
        ("Osman", "Cusmaan", "Cismaan", "Usman"),
        ("Mukhtar", "Mukhtaar", "Muktar"),
        ("Abdiwahab", "Cabdiwahaab", "Abdiwahaab"),
    ),
    female=(
        ("Fadumo", "Faadumo", "Fatuma", "Faduma"),
        ("Asha", "Aasha", "Aisha"),
        ("Hodan", "Hodon", "Huudan"),
        ("Amina", "Aamina", "Aminah"),
        ("Khadija", "Khadiijo", "Hadija", "Qadiija"),
        ("Ayaan", "Ayan", "Ayana"),
        ("Hawa", "Xaawo", "Hawo"),
        ("Sahra", "Sahro", "Zahra"),
        ("Nimco", "Nimo", "Nimca"),
        ("Ifrah", "Ifraax", "Ifra"),
        ("Sagal", "Saagal"),
        ("Ubah", "Ubax", "Ubaah"),
        ("Deeqa", "Deka", "Diiqa"),
        ("Idil", "Iidil"),
        ("Halima", "Xaliimo", "Haliimo"),
        ("Ruqia", "Ruqiya", "Rukia"),
        ("Safiya", "Safia", "Saafiya"),
        ("Ladan", "Ladaan"),
    ),
    family=(
        ("Mohamud", "Maxamuud", "Mahamoud", "Mohamoud"),
        ("Warsame", "Warsama"),
        ("Farah", "Faarax"),
        ("Jama", "Jaamac", "Jamac"),
        ("Osman", "Cismaan", "Cusmaan"),
        ("Abdi", "Cabdi"),
        ("Hersi", "Xirsi", "Hirsi"),
        ("Aden", "Aadan", "Adan"),
        ("Dirie", "Diiriye", "Diriye"),
        ("Egal", "Cigaal", "Igal"),
        ("Elmi", "Cilmi", "Elmy"),
        ("Duale", "Dualeh", "Ducaale"),
        ("Samatar", "Samater"),
        ("Hashi", "Xaashi", "Haashi"),
        ("Nur", "Nuur", "Noor"),
        ("Ibrahim", "Ibraahim", "Ibrahiim"),
        ("Guled", "Guuleed"),
    ),
)


def _singles(names: str) -> tuple[Group, ...]:
    """Names without spelling variants, from a comma-separated list."""
    return tuple((name.strip(),) for name in names.split(","))


DUTCH = NamePool(
    male=_singles(
        "Jeroen, Bas, Thijs, Maarten, Wouter, Ruben, Sander, Koen, Frank, Hans, Gert, Rob, "
        "Willem, Dirk, Pieter, Marco, Niels, Stefan, Erik, Tom, Lars, Jasper, Gijs, Hidde, "
        "Bram, Martijn, Jan, Kees"
    ),
    female=_singles(
        "Anouk, Marieke, Ingrid, Els, Femke, Lotte, Sanne, Inge, Marloes, Carla, Annemiek, "
        "Janneke, Esther, Hanneke, Liesbeth, Mirjam, Nienke, Wilma, Petra, Judith, Linda, "
        "Karin, Ellen, Roos, Tessa, Eva, Ilse, Margriet, Corine, Yvonne"
    ),
    family=_singles(
        "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, "
        "Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, "
        "Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, van der Linden, Kok, "
        "Jacobs, Vermeulen, van den Heuvel, van der Veen, van den Broek, de Bruijn, Schouten, "
        "van Beek, Willems, van Vliet, Hoekstra, Maas, Verhoeven, Koster, Prins, Blom, "
        "Huisman, Kuipers, van Wijk, Post, Kuiper, Veenstra"
    ),
)


def _groups_by_spelling() -> dict[str, frozenset[str]]:
    """Every spelling, with all spellings of the same name (a spelling may be in two pools)."""
    result: dict[str, frozenset[str]] = {}
    for pool in (ARABIC, TIGRINYA, FARSI, DARI, SOMALI):
        for groups in (pool.male, pool.female, pool.family):
            for group in groups:
                for spelling in group:
                    result[spelling] = result.get(spelling, frozenset()) | frozenset(group)
    return result


SPELLING_GROUPS: dict[str, frozenset[str]] = _groups_by_spelling()


def spelling_of(rng: random.Random, group: Group) -> str:
    """One spelling of a name: the common one about half the time, else a variant."""
    if len(group) == 1 or rng.random() < 0.5:
        return group[0]
    return rng.choice(group[1:])


def pick_group(rng: random.Random, groups: tuple[Group, ...]) -> Group:
    """A name, the first ones of a list more popular than the last (as names are)."""
    weights = [1.0 / (1 + index * 0.15) for index in range(len(groups))]
    return rng.choices(groups, weights=weights)[0]


def given_name(rng: random.Random, pool: NamePool, sex: str) -> str:
    return spelling_of(rng, pick_group(rng, pool.female if sex == "F" else pool.male))


def family_group(rng: random.Random, pool: NamePool) -> Group:
    return pick_group(rng, pool.family)
