"""The demo's names: none is the name of a real person from the seed reports."""

from koers.demo import names
from tests.conftest import SHARED

# People named in the seed reports (team leaders, volunteers); never to be reused.
SEED_PEOPLE = (
    "Suze Hallman",
    "Bianca Vonk",
    "Ariel Savelberg",
    "Gayle Campbell",
    "Astrid",
    "Kiki",
    "Joost",
)
SEED_NAME_WORDS = {word for name in SEED_PEOPLE for word in name.split()}


def all_pool_names() -> set[str]:
    return {
        spelling
        for pool in (
            names.ARABIC,
            names.TIGRINYA,
            names.FARSI,
            names.DARI,
            names.SOMALI,
            names.DUTCH,
        )
        for groups in (pool.male, pool.female, pool.family)
        for group in groups
        for spelling in group
    }


def test_the_list_of_seed_people_comes_from_the_seed_reports():
    text = " ".join(path.read_text() for path in (SHARED / "seeds").glob("*.txt"))
    for name in SEED_PEOPLE:
        assert name in text


def test_no_name_in_the_demo_pools_is_a_seed_persons_name():
    words = {word for name in all_pool_names() for word in name.split()}
    assert not words & SEED_NAME_WORDS


def test_spelling_groups_join_the_variants_of_one_name():
    assert {"Mohammed", "Muhammad", "Mohamad"} <= names.SPELLING_GROUPS["Mohammed"]
    assert {"Tesfay", "Tesfai"} <= names.SPELLING_GROUPS["Tesfai"]
    assert {"Yohannes", "Johannes"} <= names.SPELLING_GROUPS["Johannes"]
    assert {"Abdelrahman", "Abd al-Rahman"} <= names.SPELLING_GROUPS["Abd al-Rahman"]
    assert "Yonas" not in names.SPELLING_GROUPS["Yohannes"]
