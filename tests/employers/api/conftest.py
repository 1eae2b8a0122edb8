"""Skills the employers API tests put on offers."""

import pytest

from backend.taxonomy.models import Skill


@pytest.fixture
def symfony():
    return Skill.objects.get(uid="tremplin:symfony")


@pytest.fixture
def react():
    return Skill.objects.get(uid="tremplin:react")
