import pytest

from tests.exchange.bundles import SMALL, write_files


@pytest.fixture
def small(tmp_path):
    """The hand-made valid bundle of ``bundles.SMALL`` as a folder."""
    return write_files(tmp_path / "small", SMALL)
