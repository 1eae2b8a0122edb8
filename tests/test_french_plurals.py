"""French counts: the singular for 0 and 1 (« 0 offre », « 1 offre », « 2 offres »).

Tremplin's source strings are French, so a plural msgid that no catalogue holds fell back to gettext's
English rule and said « 0 offres »; backend/locale/fr (scripts/fr_plurals.py) gives French its rule."""

import gettext
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from graduates.models import GraduateSkill

LOCALE = Path(settings.BASE_DIR) / "backend" / "locale"


def plural_keys(language: str) -> dict[str, tuple[str, str]]:
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    return {k[0]: (catalog[(k[0], 0)], catalog[(k[0], 1)]) for k in catalog if isinstance(k, tuple)}


def test_every_plural_string_says_the_singular_for_zero_and_one_in_french():
    french = plural_keys("fr")
    assert set(plural_keys("en")) <= set(french), "run scripts/fr_plurals.py after adding a plural"
    with translation.override("fr"):
        for msgid, (singular, plural) in french.items():
            assert ngettext(msgid, plural, 0) == singular == msgid
            assert ngettext(msgid, plural, 1) == singular
            assert ngettext(msgid, plural, 2) == plural


def test_a_template_count_reads_zero_offre_in_french_and_zero_offers_in_english():
    template = Template(
        "{% load i18n %}{% blocktranslate with a=2 count b=n %}{{ a }} → {{ b }} offre"
        "{% plural %}{{ a }} → {{ b }} offres{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert [template.render(Context({"n": n})) for n in (0, 1, 2)] == [
            "2 → 0 offre",
            "2 → 1 offre",
            "2 → 2 offres",
        ]
    with translation.override("en"):
        assert template.render(Context({"n": 0})) == "2 → 0 offers"


@pytest.mark.django_db
def test_the_cohort_board_says_aucune_rather_than_zero_dont_zero_confirmees(
    client_for, officer, graduate, visible_graduate
):
    def row(g) -> str:
        page = unescape(
            client_for(officer).get(reverse("graduates:cohort_board", args=[g.cohort_id])).content.decode()
        )
        return page.split(g.full_name)[1].split("</tr>")[0]

    assert not graduate.skills.filter(status="accepted").exists()
    assert "<td>aucune" in row(graduate)
    assert "dont" not in row(graduate)
    assert "1, aucune confirmée" in row(visible_graduate)
    GraduateSkill.objects.filter(graduate=visible_graduate, status="accepted").update(
        confirmed_at=timezone.now(), confirmed_by=officer
    )
    assert "1 dont 1 confirmée" in row(visible_graduate)
    assert "confirmées" not in row(visible_graduate)


@pytest.mark.django_db
def test_an_empty_information_session_reads_zero_inscrit_e(client_for, officer):
    from datetime import timedelta

    from admissions.models import InformationSession

    start = timezone.now() + timedelta(days=3)
    InformationSession.objects.create(
        starts_at=start, ends_at=start + timedelta(hours=2), place="Lens", seats=12
    )
    page = unescape(client_for(officer).get(reverse("admissions:sessions")).content.decode())
    assert "0 inscrit·e sur 12 places" in page
    assert "0 inscrit·es" not in page
