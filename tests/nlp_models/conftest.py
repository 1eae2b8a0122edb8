import pytest

from nlp_models.pipeline import get_extractor


@pytest.fixture(scope="session")
def extractor():
    return get_extractor()
