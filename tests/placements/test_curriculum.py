"""The curriculum read from the region: skills rising and falling over 12 months by trade, what the
current cohort and last year's hired graduates hold, the XLSX, and the monthly digest to the staff."""

import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from backend.accounts.models import User
from backend.taxonomy.models import Skill
from employers.models import Offer, OfferSkill
from graduates.models import Cohort, GraduateSkill
from placements.reports.curriculum import curriculum_read, trend_z
from placements.services import curriculum_digest_send

from ..factories import OfferFactory, UserFactory, commune
from ..graduates.conftest import CohortFactory, GraduateFactory
from .conftest import PlacementFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("placements:curriculum")
EXPORT = reverse("placements:curriculum_export")


@pytest.fixture
def skills():
    hard = list(Skill.objects.exclude(kind=Skill.Kind.SOFT_SKILL).order_by("pk")[:3])
    soft = Skill.objects.filter(kind=Skill.Kind.SOFT_SKILL).order_by("pk").first()
    return (*hard, soft)


def month(today, index: int):
    """Day 10 of the ``index``-th month of the 12 ending with today's."""
    first = today.replace(day=1) - relativedelta(months=11 - index)
    return timezone.make_aware(
        timezone.datetime.combine(first + timedelta(days=9), timezone.datetime.min.time())
    )


def offer(when, *asked, insee="62498", occupation="M1805", **kwargs) -> Offer:
    o = OfferFactory(published=True, occupation_id=occupation, commune=commune(insee), **kwargs)
    Offer.objects.filter(pk=o.pk).update(published_at=when)
    for skill in asked:
        OfferSkill.objects.create(offer=o, skill=skill, source=OfferSkill.Source.EXTRACTED)
    return o


def hold(graduate, *held):
    for skill in held:
        GraduateSkill.objects.create(
            graduate=graduate, skill=skill, source="declared", status=GraduateSkill.Status.ACCEPTED
        )


@pytest.fixture
def region(skills):
    """Ten offers in each half-year: React-like skill R from 0 to 8, F from 8 to 1, S 5 and 5."""
    rising, falling, stable, soft = skills
    today = timezone.localdate()
    for i in range(10):
        early = month(today, i % 6)
        recent = month(today, 6 + i % 6)
        offer(early, *([falling] if i < 8 else []), *([stable] if i < 5 else []), soft)
        offer(
            recent, *([rising] if i < 8 else []), *([falling] if i < 1 else []), *([stable] if i < 5 else [])
        )
    # Not the region's trade, not the region, a duplicate: none of them counts
    offer(month(today, 11), rising, occupation="K2111")
    offer(month(today, 11), rising, insee="75056")
    dup = offer(month(today, 11), rising)
    Offer.objects.filter(pk=dup.pk).update(duplicate_of=Offer.objects.exclude(pk=dup.pk).first())

    current = CohortFactory(
        track=Cohort.Track.WEB_MOBILE,
        training_start=today - timedelta(days=60),
        training_end=today + timedelta(days=60),
        internship_start=None,
        internship_end=None,
    )
    for i in range(4):
        hold(GraduateFactory(cohort=current), *([falling] if i < 3 else []))
    last = today.replace(year=today.year - 1)
    alumni = CohortFactory(
        track=Cohort.Track.WEB_MOBILE,
        training_start=last.replace(month=1, day=5),
        training_end=last.replace(month=4, day=30),
        internship_start=None,
        internship_end=None,
    )
    hired, intern = GraduateFactory(cohort=alumni), GraduateFactory(cohort=alumni)
    hold(hired, falling, stable)
    hold(intern, rising)
    PlacementFactory(graduate=hired, contract_type="CDI")
    PlacementFactory(graduate=intern, contract_type="STAGE")
    return {"today": today, "current": current, "skills": skills}


def test_skills_rising_and_falling_over_12_months_with_what_the_cohort_and_last_years_hires_hold(region):
    rising, falling, stable, soft = region["skills"]
    read = curriculum_read(track=Cohort.Track.WEB_MOBILE)

    assert (read.earlier_offers, read.recent_offers) == (10, 10)
    assert sum(read.offers_per_month) == 20 and read.offers_per_month[11] == 1
    assert [s.skill_id for s in read.rising] == [rising.pk]
    assert [s.skill_id for s in read.falling] == [falling.pk]
    rows = {s.skill_id: s for s in read.skills}
    assert soft.pk not in rows  # soft skills are never a module
    assert rows[stable.pk].direction == "stable" and abs(rows[stable.pk].z) < 1.96
    r = rows[rising.pk]
    assert (r.earlier, r.recent, r.recent_share) == (0, 8, 0.8)
    assert r.z == pytest.approx(trend_z(r.monthly, read.offers_per_month)) and r.z > 3
    assert rows[falling.pk].z < -3
    assert r.monthly == [0] * 6 + [2, 2, 1, 1, 1, 1]
    # The cohort: 4 people, 3 hold F, nobody R; last year's hires: one CDI (the intern is not counted)
    assert (read.cohort_name, read.cohort_size, read.hired_size) == (region["current"].name, 4, 1)
    assert (rows[falling.pk].cohort_holders, rows[falling.pk].hired_holders) == (3, 1)
    assert (r.cohort_holders, r.hired_holders) == (0, 0)
    assert [s.skill_id for s in read.rising_gaps] == [rising.pk]


def test_no_trend_is_read_without_an_earlier_period_to_compare_with(skills, client_for, officer):
    """A region whose offers all came in the last months (a young platform, a recent import): a skill
    asked in none of the empty earlier months does not « rise »; the page says there is no comparison."""
    rising, falling, stable, soft = skills
    today = timezone.localdate()
    for i in range(40):  # 40 offers over the last 4 months, the skill asked more and more
        offer(month(today, 8 + i % 4), *([rising] if i % 4 >= 2 or i % 8 == 1 else []), stable)
    for i in range(9):  # and 9 earlier: one short of a comparison period
        offer(month(today, i % 6), stable)

    read = curriculum_read(track=Cohort.Track.WEB_MOBILE)
    assert (read.earlier_offers, read.recent_offers, read.has_comparison) == (9, 40, False)
    assert read.rising == [] and read.falling == [] and read.rising_gaps == []
    rows = {s.skill_id: s for s in read.skills}
    assert rows[rising.pk].z > 1.96  # the within-months test alone would call it a rise
    assert {str(s.direction_label()) for s in read.skills} == {"pas de période de comparaison"}

    html = client_for(officer).get(PAGE).content.decode()
    rising_card = html.split('id="rising"')[1].split("</ul>")[0]
    assert rising.label not in rising_card and "Pas de période de comparaison" in rising_card
    assert "9 sur les 6 mois d'avant, 40 sur les 6 derniers" in rising_card
    table = html.split('id="curriculum-table"')[1].split("</table>")[0]
    assert "en hausse" not in table and "pas de période de comparaison" in table

    offer(month(today, 0), stable)  # the tenth earlier offer: now a trend is read
    read = curriculum_read(track=Cohort.Track.WEB_MOBILE)
    assert read.has_comparison and [s.skill_id for s in read.rising] == [rising.pk]


def test_the_trend_test_reads_the_months_in_order():
    offers = [12] * 12
    assert trend_z(list(range(12)), offers) > 1.96  # 0/12, 1/12, … 11/12: a rise
    assert trend_z(list(range(11, -1, -1)), offers) < -1.96
    assert trend_z([5] * 12, offers) == 0.0  # the same share every month
    assert trend_z([0] * 12, [0] * 12) == 0.0  # no offer at all
    assert trend_z([0] * 11 + [3], [0] * 11 + [3]) == 0.0  # one month only: no trend to read
    # Months without offers count for nothing: the same two months far apart or side by side agree in sign
    assert trend_z([1, 0, 0, 9], [10, 0, 0, 10]) > 0 and trend_z([1, 9, 0, 0], [10, 10, 0, 0]) > 0


def test_the_officer_page_and_the_xlsx_show_the_same_read(region, client_for, officer):
    rising = region["skills"][0]
    client = client_for(officer)
    html = client.get(PAGE).content.decode()
    assert "En hausse sur 12 mois" in html and rising.label in html.split('id="rising"')[1].split("</ul>")[0]

    response = client.get(EXPORT)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Développeur·se web et mobile"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    line = rows[rising.label]
    assert list(line[1:13]) == [0] * 6 + [2, 2, 1, 1, 1, 1]
    assert (line[13], line[14], line[15], line[16], line[18], line[19], line[20]) == (
        0,
        8,
        0,
        0.8,
        "en hausse",
        0,
        0,
    )
    assert "Définitions" in book.sheetnames


def test_a_skill_label_that_looks_like_a_formula_stays_text_in_the_xlsx(region, client_for, officer):
    rising = region["skills"][0]
    Skill.objects.filter(pk=rising.pk).update(label_fr='=HYPERLINK("http://example.org","clic")')
    response = client_for(officer).get(EXPORT)
    sheet = load_workbook(io.BytesIO(response.content))["Développeur·se web et mobile"]
    cells = [row[0] for row in sheet.iter_rows(min_row=5) if str(row[0].value).startswith("=HYPERLINK")]
    assert len(cells) == 1
    assert cells[0].data_type == "s"  # a string the spreadsheet shows, not a formula it runs


def test_only_officers_open_the_curriculum(client, client_for, employer_user, graduate_user):
    assert client.get(PAGE).status_code == 302 and client.get(EXPORT).status_code == 302
    for user in (employer_user, graduate_user):
        assert client_for(user).get(PAGE).status_code == 403
        assert client_for(user).get(EXPORT).status_code == 403
    assert client_for(UserFactory(role=User.Role.OFFICER)).get(PAGE + "?parcours=nope").status_code == 404


def test_the_monthly_digest_goes_once_to_the_staff_with_the_rising_skills_the_cohort_lacks(region, officer):
    rising = region["skills"][0]
    trainer = UserFactory(role=User.Role.TRAINER)
    UserFactory(role=User.Role.TRAINER, is_active=False)

    dry = curriculum_digest_send(wet_run=False)
    assert not mail.outbox and not dry.sent
    assert dry.sections and rising.label in dry.sections[0][1][0]

    sent = curriculum_digest_send(wet_run=True)
    assert sent.sent and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([officer.email, trainer.email])  # staff only, active only
    assert rising.label in message.body and "0 sur 4 dans la promotion" in message.body
    assert "/rapports/programme/" in message.body

    again = curriculum_digest_send(wet_run=True)
    assert not again.sent and again.already_sent == ["Développeur·se web et mobile"] and len(mail.outbox) == 1


def test_the_command_reports_without_sending_unless_wet_run(region, officer):
    out = io.StringIO()
    call_command("curriculum_digest", stdout=out)
    assert "relancez avec --wet-run" in out.getvalue() and not mail.outbox
    call_command("curriculum_digest", "--wet-run", stdout=out)
    assert "Résumé envoyé à 1 personne(s)" in out.getvalue() and len(mail.outbox) == 1
