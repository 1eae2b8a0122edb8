"""Uploaded CVs are personal data: no public /media/ URL, not even in the demo (DEBUG on); the file is
served only by views that check who asks (issue #10)."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import clear_url_caches, reverse

import backend.urls
from backend.accounts.models import User
from tests.factories import UserFactory
from tests.factories.graduates import GraduateFactory

pytestmark = pytest.mark.django_db
CV = b"%PDF-1.4\n% le CV d'Ines\n"


@pytest.fixture
def debug_urls(settings):
    """The URL configuration as the demo builds it (DEBUG on)."""
    settings.DEBUG = True
    importlib.reload(backend.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(backend.urls)
    clear_url_caches()


@pytest.fixture
def graduate_with_cv(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    graduate = GraduateFactory()
    graduate.cv_file.save("cv-ines.pdf", ContentFile(CV), save=False)
    graduate.cv_filename = "cv-ines.pdf"
    graduate.save()
    assert (tmp_path / graduate.cv_file.name).read_bytes() == CV
    return graduate


def test_the_demo_has_no_media_url_for_anyone(debug_urls, graduate_with_cv, client_for):
    url = "/media/" + graduate_with_cv.cv_file.name
    assert Client().get(url).status_code == 404
    owner = client_for(graduate_with_cv.user)
    assert owner.get(url).status_code == 404


def test_the_cv_is_served_to_its_owner_and_to_the_school_only(
    graduate_with_cv, client_for, officer, employer_user
):
    mine = reverse("graduates:cv_download")
    school = reverse("graduates:officer_graduate_cv", kwargs={"pk": graduate_with_cv.pk})

    anonymous = Client().get(mine)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/comptes/connexion/")
    assert Client().get(school).status_code == 302

    owner = client_for(graduate_with_cv.user).get(mine)
    assert owner.status_code == 200 and b"".join(owner.streaming_content) == CV
    by_school = client_for(officer).get(school)
    assert by_school.status_code == 200 and b"".join(by_school.streaming_content) == CV

    assert client_for(employer_user).get(school).status_code == 403
    other = GraduateFactory(user=UserFactory(role=User.Role.GRADUATE))
    assert client_for(other.user).get(mine).status_code == 404  # her own CV: she has none
    assert client_for(other.user).get(school).status_code == 403
