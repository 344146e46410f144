import pytest

from bangfu.regions.services import divisions_load_shipped


@pytest.fixture
def divisions(db):
    """The shipped divisions: Guangdong, Shanwei and its county-level divisions."""
    divisions_load_shipped()
