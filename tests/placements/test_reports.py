"""The report figures, worked out by hand on small fixtures: the funder report (per cohort and per
year), skills demand vs supply, and the partners' follow-up.

The builders below are plain functions (not fixtures) so the page tests in test_reports_views.py
build the same data.
"""

from datetime import date, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from backend.taxonomy.models import Occupation, Skill
from employers.models import Interaction, Offer, OfferSkill, Partnership
from graduates.models import Cohort, Graduate, GraduateSkill
from placements import reports
from placements.models import ContractCategory as K
from placements.models import OutcomeCheck, Placement
from placements.reports import charts
from tests.factories import EmployerFactory, OfferFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

M3, M6, END = OutcomeCheck.Milestone.M3, OutcomeCheck.Milestone.M6, OutcomeCheck.Milestone.END
Sit = OutcomeCheck.Situation

# Every milestone of the fixture cohorts is long past on this day.
LATER = date(2026, 1, 15)


# --- builders ------------------------------------------------------------------------------------


def make_cohort(name, *, training_end, internship_end=None) -> Cohort:
    return Cohort.objects.create(
        name=name,
        track=Cohort.Track.WEB_MOBILE,
        training_start=training_end - timedelta(days=120),
        training_end=training_end,
        internship_start=training_end + timedelta(days=5) if internship_end else None,
        internship_end=internship_end,
    )


def make_graduate(cohort, first_name, **fields) -> Graduate:
    defaults = {
        "birth_date": None,
        "gender": "",
        "diploma_level": "",
        "entry_situation": "",
        "qpv_resident": False,
    }
    defaults.update(fields)
    return Graduate.objects.create(
        cohort=cohort,
        first_name=first_name,
        last_name="Rapport",
        email=f"{first_name.lower()}.{cohort.pk}@rapport.test",
        **defaults,
    )


def check(graduate, milestone, situation, contract="", *, validated=True) -> OutcomeCheck:
    end = reports.end_of_training(graduate.cohort)
    due = end + relativedelta(months=OutcomeCheck.MONTHS_AFTER_END[milestone])
    return OutcomeCheck.objects.create(
        graduate=graduate,
        milestone=milestone,
        due_on=due,
        situation=situation,
        contract_type=contract,
        source=OutcomeCheck.Source.OFFICER if validated else OutcomeCheck.Source.GRADUATE,
        validated_at=timezone.now() if validated else None,
    )


def place(graduate, contract, start, *, employer=None, status=Placement.Status.CONFIRMED, internship=False):
    return Placement.objects.create(
        graduate=graduate,
        employer=employer,
        employer_name=employer.name if employer else "Hors Tremplin",
        contract_type=contract,
        start_date=start,
        status=status,
        is_training_internship=internship,
        confirmed_at=timezone.now() if status != Placement.Status.DECLARED else None,
    )


def build_funder_cohort() -> Cohort:
    """« Promo Rapport » : 10 people, training ends 30/04/2024, internship ends 28/06/2024, so +3
    months is 28/09/2024 and +6 months 28/12/2024.

    Employers: P1 partner (ACTIVE since 2023), P2 partner ACTIVE only since 01/01/2025 (after the
    contract there started), E2 not a partner, E3 whose partnership has ENDED.

    who    genre  né·e le     âge*  diplôme  entrée     QPV | à 3 mois (validé ?)     | à 6 mois (validé ?)
    Alice  F      01/05/2000  23    none     neet       oui | CDI ✓                   | CDI ✓
    Bruno  M      10/03/1990  34    4        jobseeker  non | CDD < 6 mois ✓          | CDD ≥ 6 mois ✓
    Chloé  F      01/01/1975  49    3        inactive   non | en recherche ✓          | création ✓
    David  M      02/02/2002  22    none     neet       oui | apprentissage ✓         | apprentissage ✓
    Emma   F      15/06/2003  20    4        neet       oui | en formation ✓          | en formation ✓
    Farid  M      01/05/1998  25    none     jobseeker  non | en recherche ✓          | en recherche ✓
    Gaëlle F      —           —     —        —          non | sans nouvelles ✓        | intérim ✓
    Hugo   M      30/04/1998  26    5        jobseeker  non | stage (≠ emploi) ✓      | inactif ✓
    Inès   X      09/09/2001  22    none     neet       oui | (aucun suivi)           | CDI, NOT validated
    Jules  M      01/01/2004  20    3        neet       non | en recherche, NOT valid.| sans nouvelles, NOT valid.
    (*) full years on 30/04/2024, the end of training: Farid turns 26 the day after, Hugo that day.
    Farid also has an END check (not part of the report).
    """
    cohort = make_cohort("Promo Rapport", training_end=date(2024, 4, 30), internship_end=date(2024, 6, 28))
    p1 = EmployerFactory(name="Partenaire Un")
    PartnershipFactory(employer=p1, status=Partnership.Status.ACTIVE, start_date=date(2023, 1, 1))
    p2 = EmployerFactory(name="Partenaire Deux")
    PartnershipFactory(employer=p2, status=Partnership.Status.ACTIVE, start_date=date(2025, 1, 1))
    e2 = EmployerFactory(name="Sans Partenariat")
    e3 = EmployerFactory(name="Ancien Partenaire")
    PartnershipFactory(employer=e3, status=Partnership.Status.ENDED, start_date=date(2022, 1, 1))

    g = {}
    g["alice"] = make_graduate(
        cohort, "Alice", gender="F", birth_date=date(2000, 5, 1), diploma_level="none",
        entry_situation="neet", qpv_resident=True,
    )  # fmt: skip
    g["bruno"] = make_graduate(
        cohort, "Bruno", gender="M", birth_date=date(1990, 3, 10), diploma_level="4",
        entry_situation="jobseeker",
    )  # fmt: skip
    g["chloe"] = make_graduate(
        cohort, "Chloé", gender="F", birth_date=date(1975, 1, 1), diploma_level="3",
        entry_situation="inactive",
    )  # fmt: skip
    g["david"] = make_graduate(
        cohort, "David", gender="M", birth_date=date(2002, 2, 2), diploma_level="none",
        entry_situation="neet", qpv_resident=True,
    )  # fmt: skip
    g["emma"] = make_graduate(
        cohort, "Emma", gender="F", birth_date=date(2003, 6, 15), diploma_level="4",
        entry_situation="neet", qpv_resident=True,
    )  # fmt: skip
    g["farid"] = make_graduate(
        cohort, "Farid", gender="M", birth_date=date(1998, 5, 1), diploma_level="none",
        entry_situation="jobseeker",
    )  # fmt: skip
    g["gaelle"] = make_graduate(cohort, "Gaelle", gender="F")
    g["hugo"] = make_graduate(
        cohort, "Hugo", gender="M", birth_date=date(1998, 4, 30), diploma_level="5",
        entry_situation="jobseeker",
    )  # fmt: skip
    g["ines"] = make_graduate(
        cohort, "Ines", gender="X", birth_date=date(2001, 9, 9), diploma_level="none",
        entry_situation="neet", qpv_resident=True,
    )  # fmt: skip
    g["jules"] = make_graduate(
        cohort, "Jules", gender="M", birth_date=date(2004, 1, 1), diploma_level="3", entry_situation="neet"
    )

    check(g["alice"], M3, Sit.EMPLOYED, K.CDI)
    check(g["alice"], M6, Sit.EMPLOYED, K.CDI)
    check(g["bruno"], M3, Sit.EMPLOYED, K.CDD_SHORT)
    check(g["bruno"], M6, Sit.EMPLOYED, K.CDD_LONG)
    check(g["chloe"], M3, Sit.SEEKING)
    check(g["chloe"], M6, Sit.CREATION, K.CREATION)
    check(g["david"], M3, Sit.EMPLOYED, K.APPRENTISSAGE)
    check(g["david"], M6, Sit.EMPLOYED, K.APPRENTISSAGE)
    check(g["emma"], M3, Sit.TRAINING)
    check(g["emma"], M6, Sit.TRAINING)
    check(g["farid"], END, Sit.UNKNOWN)
    check(g["farid"], M3, Sit.SEEKING)
    check(g["farid"], M6, Sit.SEEKING)
    check(g["gaelle"], M3, Sit.UNKNOWN)
    check(g["gaelle"], M6, Sit.EMPLOYED, K.INTERIM)
    check(g["hugo"], M3, Sit.EMPLOYED, K.STAGE)
    check(g["hugo"], M6, Sit.INACTIVE)
    check(g["ines"], M6, Sit.EMPLOYED, K.CDI, validated=False)
    check(g["jules"], M3, Sit.SEEKING, validated=False)
    check(g["jules"], M6, Sit.UNKNOWN, validated=False)

    # Placements. Days after the end (28/06/2024) in brackets; "→" = counts as a contract.
    place(g["alice"], K.CDI, date(2024, 7, 15), employer=p1)  # → partner, 17 days
    place(g["bruno"], K.CDD_SHORT, date(2024, 8, 1), employer=e2)  # → not a partner, 34 days (his first)
    place(g["bruno"], K.CDD_LONG, date(2024, 11, 1), employer=p2)  # → partnership signed after: not a partner
    place(g["chloe"], K.CREATION, date(2024, 11, 15))  # → no employer (not in the partner share), 140 days
    place(g["david"], K.APPRENTISSAGE, date(2024, 9, 2), employer=p1)  # → partner, 66 days
    place(g["emma"], K.FORMATION, date(2024, 9, 9), employer=p1)  # training: not a contract
    place(g["farid"], K.STAGE, date(2024, 5, 6), employer=p1, internship=True)  # the internship: no
    place(
        g["gaelle"], K.INTERIM, date(2024, 10, 1), employer=e2, status=Placement.Status.DECLARED
    )  # unconfirmed
    place(g["hugo"], K.CDI, date(2024, 8, 19), employer=p1, status=Placement.Status.REJECTED)  # rejected
    place(g["ines"], K.CDI, date(2024, 12, 1), employer=e3)  # → ended partnership: not a partner, 156 days
    place(g["jules"], K.CDI, date(2024, 6, 20), employer=e2)  # → before the end: 0 days; not a partner
    return cohort


# --- the funder report, per cohort ---------------------------------------------------------------


@pytest.fixture
def funder_cohort():
    return build_funder_cohort()


def test_report_counts_everyone_trained(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    assert report.trained == 10
    assert report.cohorts == ["Promo Rapport"]
    assert report.slug == "promo-rapport"
    assert [m.milestone for m in report.milestones] == ["m3", "m6"]


def test_rates_at_3_months_count_validated_checks_only(funder_cohort):
    m3 = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER).m3

    # Validated: Alice … Hugo = 8. Unknown: Gaëlle (validated « sans nouvelles »), Inès (no check),
    # Jules (his answer is not validated) = 3. Pending validation: Jules's check = 1.
    assert (m3.validated, m3.unknown, m3.pending_validation, m3.not_yet_due) == (8, 3, 1, 0)
    # Strict employment: Alice CDI, Bruno CDD < 6 mois, David apprentissage = 3 / 10 = 30,0 %
    # (Hugo's stage is not a job).
    assert (m3.rates.employment.count, m3.rates.employment.total) == (3, 10)
    assert m3.rates.employment.value == pytest.approx(0.30)
    assert m3.rates.employment.label == "30,0\u00a0%"
    # Positive exit: those 3 + Emma in training = 4 / 10 = 40,0 %.
    assert (m3.rates.positive_exit.count, m3.rates.positive_exit.label) == (4, "40,0\u00a0%")
    # Durable (CDI, CDD ≥ 6 mois, création): Alice only = 1 / 10 = 10,0 %.
    assert (m3.rates.durable.count, m3.rates.durable.label) == (1, "10,0\u00a0%")


def test_rates_at_6_months(funder_cohort):
    m6 = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER).m6

    # Validated: Alice … Hugo = 8; unknown: Inès and Jules. Pending validation: Inès's answer only
    # (Jules has not answered: there is nothing to validate yet).
    assert (m6.validated, m6.unknown, m6.pending_validation, m6.not_yet_due) == (8, 2, 1, 0)
    # Strict: Alice CDI, Bruno CDD ≥ 6 mois, Chloé création, David apprentissage, Gaëlle intérim
    # = 5 / 10 = 50,0 %; positive exit: + Emma = 6 / 10 = 60,0 %; durable: Alice, Bruno, Chloé = 30,0 %.
    assert (m6.rates.employment.count, m6.rates.employment.label) == (5, "50,0\u00a0%")
    assert (m6.rates.positive_exit.count, m6.rates.positive_exit.label) == (6, "60,0\u00a0%")
    assert (m6.rates.durable.count, m6.rates.durable.label) == (3, "30,0\u00a0%")


def test_detailed_situations_add_up_to_the_people_trained(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    at3 = {row.key: row.count for row in report.m3.outcomes}
    at6 = {row.key: row.count for row in report.m6.outcomes}
    assert at3 == {
        "CDI": 1, "CDD_LONG": 0, "CDD_SHORT": 1, "INTERIM": 0, "APPRENTISSAGE": 1,
        "PROFESSIONNALISATION": 0, "STAGE": 1, "CREATION": 0, "FORMATION": 1,
        "seeking": 2, "inactive": 0, "unknown": 3, "not_due": 0,
    }  # fmt: skip
    assert at6 == {
        "CDI": 1, "CDD_LONG": 1, "CDD_SHORT": 0, "INTERIM": 1, "APPRENTISSAGE": 1,
        "PROFESSIONNALISATION": 0, "STAGE": 0, "CREATION": 1, "FORMATION": 1,
        "seeking": 1, "inactive": 1, "unknown": 2, "not_due": 0,
    }  # fmt: skip
    assert sum(at3.values()) == sum(at6.values()) == 10
    seeking6 = next(row for row in report.m6.outcomes if row.key == "seeking")
    assert (str(seeking6.label), seeking6.share.label) == ("En recherche d'emploi", "10,0\u00a0%")


def _rows(report, key):
    breakdown = next(b for b in report.breakdowns if b.key == key)
    return {
        row.key: (
            row.n,
            row.m3.employment.count,
            row.m3.positive_exit.count,
            row.m6.employment.count,
            row.m6.positive_exit.count,
        )
        for row in breakdown.rows
    }


def test_breakdown_by_gender(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    # (n, strict 3 mois, positive 3 mois, strict 6 mois, positive 6 mois)
    # F: Alice, Chloé, Emma, Gaëlle. 3 mois: Alice | Alice, Emma. 6 mois: Alice, Chloé, Gaëlle | + Emma.
    # M: Bruno, David, Farid, Hugo, Jules. Both milestones: Bruno, David.
    # X: Inès, unknown at both. Nobody without a gender: no "Non renseigné" row.
    assert _rows(report, "gender") == {"F": (4, 1, 2, 3, 4), "M": (5, 2, 2, 2, 2), "X": (1, 0, 0, 0, 0)}
    female = next(b for b in report.breakdowns if b.key == "gender").rows[0]
    # 1/4 = 25,0 % · 2/4 = 50,0 % · 3/4 = 75,0 % · 4/4 = 100,0 %
    assert [female.m3.employment.label, female.m3.positive_exit.label] == ["25,0\u00a0%", "50,0\u00a0%"]
    assert [female.m6.employment.label, female.m6.positive_exit.label] == ["75,0\u00a0%", "100,0\u00a0%"]


def test_breakdown_by_age_band_at_the_end_of_training(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    # < 26: Alice 23, David 22, Emma 20, Farid 25 (26 the day after), Inès 22, Jules 20 = 6 people.
    #   3 mois: strict Alice, David = 2 (33,3 %); positive + Emma = 3 (50,0 %). 6 mois: the same.
    # 26–44: Bruno 34, Hugo 26 on the day = 2: Bruno strict at both milestones.
    # 45+: Chloé 49: seeking at 3 months, création at 6.  Unknown: Gaëlle, intérim at 6 months.
    assert _rows(report, "age") == {
        "under_26": (6, 2, 3, 2, 3),
        "26_44": (2, 1, 1, 1, 1),
        "45_plus": (1, 0, 0, 1, 1),
        "unknown": (1, 0, 0, 1, 1),
    }
    under_26 = next(b for b in report.breakdowns if b.key == "age").rows[0]
    assert (str(under_26.label), under_26.m3.employment.label) == ("Moins de 26 ans", "33,3\u00a0%")


def test_breakdown_by_diploma_entry_situation_and_qpv(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    # Sans diplôme: Alice, David, Farid, Inès. Niveau 3: Chloé, Jules. Niveau 4: Bruno, Emma.
    # Niveau 5: Hugo. Non renseigné: Gaëlle.
    assert _rows(report, "diploma") == {
        "none": (4, 2, 2, 2, 2),
        "3": (2, 0, 0, 1, 1),
        "4": (2, 1, 2, 1, 2),
        "5": (1, 0, 0, 0, 0),
        "unknown": (1, 0, 0, 1, 1),
    }
    # NEET: Alice, David, Emma, Inès, Jules (2/5 = 40 % strict, 3/5 = 60 % positive at both).
    # Demandeur·se d'emploi: Bruno, Farid, Hugo. Inactif·ve: Chloé. Non renseigné: Gaëlle.
    assert _rows(report, "entry") == {
        "neet": (5, 2, 3, 2, 3),
        "jobseeker": (3, 1, 1, 1, 1),
        "inactive": (1, 0, 0, 1, 1),
        "unknown": (1, 0, 0, 1, 1),
    }
    # QPV: Alice, David, Emma, Inès. Hors QPV: Bruno, Chloé, Farid, Gaëlle, Hugo, Jules:
    # 3 mois 1/6 = 16,7 %; 6 mois Bruno, Chloé, Gaëlle = 3/6 = 50,0 %.
    assert _rows(report, "qpv") == {"yes": (4, 2, 3, 2, 3), "no": (6, 1, 1, 3, 3)}
    outside = next(b for b in report.breakdowns if b.key == "qpv").rows[1]
    assert (outside.m3.employment.label, outside.m6.employment.label) == ("16,7\u00a0%", "50,0\u00a0%")


def test_every_breakdown_adds_up_to_the_people_trained(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    assert [b.key for b in report.breakdowns] == ["gender", "age", "diploma", "entry", "qpv"]
    for breakdown in report.breakdowns:
        assert sum(row.n for row in breakdown.rows) == 10, breakdown.key


def test_share_of_hires_via_partner_employers(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    # Confirmed contracts with an employer: Alice@P1 ✓, Bruno@E2, Bruno@P2 (signed before the
    # partnership), David@P1 ✓, Inès@E3 (partnership ended), Jules@E2 = 2 / 6 = 33,3 %.
    # Left out: Chloé's création (no employer), Emma's formation and Farid's internship (not
    # contracts), Gaëlle's declared intérim, Hugo's rejected CDI.
    assert (report.partner_hires.count, report.partner_hires.total) == (2, 6)
    assert report.partner_hires.label == "33,3\u00a0%"


def test_median_time_to_first_contract(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    # First contract per person, days after 28/06/2024: Jules 0 (started 20/06, before the end),
    # Alice 17, Bruno 34 (his CDD < 6 mois, not the later one), David 66, Chloé 140, Inès 156.
    # Median of 6 values = (34 + 66) / 2 = 50 days.
    assert report.first_contract_count == 6
    assert report.first_contract_median_days == 50.0
    assert charts.format_days(report.first_contract_median_days) == "50"


def test_response_rate_of_the_follow_up(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    # 3 mois: 9 checks (no check for Inès), Gaëlle's « sans nouvelles » unanswered → 8 / 9 = 88,9 %.
    # 6 mois: 10 checks, Jules's unanswered → 9 / 10 = 90,0 %. Farid's END check is not counted.
    assert (report.m3.followup.count, report.m3.followup.total, report.m3.followup.label) == (
        8,
        9,
        "88,9\u00a0%",
    )
    assert (report.m6.followup.count, report.m6.followup.total) == (9, 10)
    # Together: 17 / 19 = 89,47… → 89,5 %.
    assert (report.followup.count, report.followup.total, report.followup.label) == (17, 19, "89,5\u00a0%")


def test_milestones_not_yet_due_are_counted_and_their_checks_are_not_in_the_response_rate(funder_cohort):
    # On 15/10/2024 the +3 months (28/09/2024) is past, the +6 months (28/12/2024) is not.
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=date(2024, 10, 15))

    assert (report.m3.not_yet_due, report.m6.not_yet_due) == (0, 10)
    assert (report.m3.followup.count, report.m3.followup.total) == (8, 9)
    assert (report.m6.followup.count, report.m6.followup.total) == (0, 0)
    assert report.m6.followup.value is None
    assert report.m6.followup.label == "—"


def test_people_whose_milestone_is_ahead_are_outside_the_rates_and_never_unknown(funder_cohort):
    # On 15/10/2024 nobody's +6 months has come: the 6-month figures have no denominator yet, instead of
    # ten "situation inconnue" that a funder would read as 0 % employment.
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=date(2024, 10, 15))

    assert (report.m6.due, report.m6.unknown) == (0, 0)
    assert report.m6.rates.employment.total == 0
    assert report.m6.rates.employment.label == "—"
    rows = {row.key: row.count for row in report.m6.outcomes}
    assert rows["not_due"] == 10 and sum(rows.values()) == report.trained
    assert report.m3.due == 10 and report.m3.rates.employment.total == 10
    html_rows = [row for breakdown in report.breakdowns for row in breakdown.rows]
    assert all(row.m6.employment.total == 0 for row in html_rows)


def test_a_check_counts_only_once_validated(funder_cohort):
    ines = Graduate.objects.get(first_name="Ines")
    OutcomeCheck.objects.filter(graduate=ines, milestone=M6).update(
        validated_at=timezone.now(), source=OutcomeCheck.Source.OFFICER
    )

    m6 = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER).m6

    # Inès's CDI now counts: strict 6 / 10, durable 4 / 10; nothing left to validate (Jules has not
    # answered).
    assert (m6.rates.employment.count, m6.rates.durable.count) == (6, 4)
    assert (m6.validated, m6.unknown, m6.pending_validation) == (9, 1, 0)


# --- the funder report, per year -----------------------------------------------------------------


def build_year_cohorts():
    """Next to « Promo Rapport » (training ended 30/04/2024): « Promo Automne » ended 29/11/2024
    (no internship: +6 months = 29/05/2025) with Hana (validated CDI at 6 months, nothing at 3) and
    Hector (no check at all); « Promo 2023 » ended in 2023 and is not part of 2024."""
    autumn = make_cohort("Promo Automne", training_end=date(2024, 11, 29))
    hana = make_graduate(autumn, "Hana", gender="F")
    make_graduate(autumn, "Hector", gender="M")
    check(hana, M6, Sit.EMPLOYED, K.CDI)
    older = make_cohort("Promo 2023", training_end=date(2023, 10, 31))
    check(make_graduate(older, "Olga", gender="F"), M6, Sit.EMPLOYED, K.CDI)
    return autumn, older


def test_year_report_takes_the_cohorts_whose_training_ended_that_year(funder_cohort):
    build_year_cohorts()

    report = reports.funder_report_for_year(year=2024, today=LATER)

    assert report.cohorts == ["Promo Rapport", "Promo Automne"]
    assert (report.scope, report.title, report.slug) == ("year", "Année 2024", "2024")
    # 10 + 2 trained. 3 mois: the cohort's 3 strict (25,0 %), 4 positive (33,3 %), 1 durable (8,3 %);
    # unknown 3 + Hana + Hector = 5.
    assert report.trained == 12
    assert (report.m3.rates.employment.label, report.m3.rates.positive_exit.label) == (
        "25,0\u00a0%",
        "33,3\u00a0%",
    )
    assert report.m3.rates.durable.label == "8,3\u00a0%"
    assert report.m3.unknown == 5
    # 6 mois: 5 + Hana = 6 / 12 = 50,0 %; positive 7 / 12 = 58,3 %; durable 4 / 12 = 33,3 %;
    # unknown: Inès, Jules, Hector.
    assert (report.m6.rates.employment.count, report.m6.rates.employment.label) == (6, "50,0\u00a0%")
    assert (report.m6.rates.positive_exit.count, report.m6.rates.positive_exit.label) == (7, "58,3\u00a0%")
    assert report.m6.rates.durable.label == "33,3\u00a0%"
    assert report.m6.unknown == 3
    # Follow-up: 8/9 at 3 months; 9/10 + Hana's answered check = 10/11 at 6 months → 18 / 20 = 90,0 %.
    assert (report.followup.count, report.followup.total, report.followup.label) == (18, 20, "90,0\u00a0%")
    assert reports.report_years() == [2024, 2023]


# --- small definitions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(1998, 5, 1), "under_26"),  # 25 on 30/04/2024, 26 the next day
        (date(1998, 4, 30), "26_44"),  # 26 on the day
        (date(1979, 5, 1), "26_44"),  # 44
        (date(1979, 4, 30), "45_plus"),  # 45 on the day
        (None, "unknown"),
    ],
)
def test_age_band_is_full_years_at_the_end_of_training(born, band):
    assert reports.age_band(born, date(2024, 4, 30)) == band


@pytest.mark.parametrize(
    ("situation", "contract", "validated", "outcome", "strict", "positive"),
    [
        (Sit.EMPLOYED, K.CDI, True, "CDI", True, True),
        (Sit.EMPLOYED, K.CDI, False, "unknown", False, False),  # not validated: not counted
        (Sit.EMPLOYED, K.STAGE, True, "STAGE", False, False),  # a stage is not a job
        (Sit.EMPLOYED, K.INTERIM, True, "INTERIM", True, True),
        (Sit.CREATION, K.CREATION, True, "CREATION", True, True),
        (Sit.TRAINING, "", True, "FORMATION", False, True),
        (Sit.SEEKING, "", True, "seeking", False, False),
        (Sit.UNKNOWN, "", True, "unknown", False, False),
    ],
)
def test_outcome_categories(situation, contract, validated, outcome, strict, positive):
    c = OutcomeCheck(
        situation=situation, contract_type=contract, validated_at=timezone.now() if validated else None
    )

    assert reports.outcome_of(c) == outcome
    assert (outcome in reports.STRICT_EMPLOYMENT, outcome in reports.POSITIVE_EXIT) == (strict, positive)


def test_french_number_formatting():
    assert charts.format_percent(0.625) == "62,5\u00a0%"
    assert charts.format_percent(2 / 3) == "66,7\u00a0%"
    assert charts.format_percent(None) == "—"
    assert charts.format_number(1250) == "1\u202f250"
    assert charts.format_number(45.5) == "45,5"
    assert charts.format_days(45.5) == "45,5"


# --- charts --------------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output, parsed to prove it is well-formed


def _texts(svg: str) -> list[str]:
    return [t.text for t in parse_svg(svg).iter(f"{SVG}text")]


def test_horizontal_bar_chart_is_well_formed_accessible_svg():
    svg = charts.horizontal_bar_chart(
        chart_id="c1", title="Situation à 6 mois", bars=[("CDI & CDD", 0.625), ("Sans <nouvelles>", None)]
    )

    root = parse_svg(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Situation à 6 mois"
    assert root.find(f"{SVG}desc").text == "CDI & CDD : 62,5\u00a0% ; Sans <nouvelles> : —"
    assert _texts(svg) == ["CDI & CDD", "62,5\u00a0%", "Sans <nouvelles>", "—"]
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == [181.2, 0.0]  # 62.5 % of the 290-unit span (labels sit above the bars)
    assert root.get("viewBox").startswith("0 0 360 ")  # drawn for a phone's column: text stays >= 12 px


def test_grouped_bar_chart_writes_every_value_and_a_legend():
    svg = charts.grouped_bar_chart(
        chart_id="c2",
        title="Taux",
        categories=["Emploi strict", "Sortie positive"],
        series=[("À 3 mois", [0.3, 0.4]), ("À 6 mois", [0.5, 0.6])],
    )

    texts = _texts(svg)
    assert texts[:2] == ["À 3 mois", "À 6 mois"]  # legend
    assert "Emploi strict" in texts and "Sortie positive" in texts
    assert [t for t in texts if t.endswith("%")] == [
        "30,0\u00a0%",
        "50,0\u00a0%",
        "40,0\u00a0%",
        "60,0\u00a0%",
    ]
    assert parse_svg(svg).find(f"{SVG}desc").text == (
        "Emploi strict : À 3 mois 30,0\u00a0%, À 6 mois 50,0\u00a0% ; "
        "Sortie positive : À 3 mois 40,0\u00a0%, À 6 mois 60,0\u00a0%"
    )


def test_report_charts_carry_the_report_figures(funder_cohort):
    report = reports.funder_report_for_cohort(cohort=funder_cohort, today=LATER)

    built = charts.funder_report_charts(report)

    assert "30,0\u00a0%" in _texts(built["rates"]) and "60,0\u00a0%" in _texts(built["rates"])
    assert "Poursuite de formation" in _texts(built["situations"])
    assert [b.key for b, _svg in built["breakdowns"]] == ["gender", "age", "diploma", "entry", "qpv"]
    gender = built["breakdowns"][0][1]
    assert {"Femme (4)", "Homme (5)", "100,0\u00a0%"} <= set(_texts(gender))


# --- skills demand vs supply ---------------------------------------------------------------------

SKILL_TODAY = date(2026, 3, 15)


def _at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 10, 0))


def build_skills_region():
    """Open offers (today 15/03/2026; the trend covers April 2025 → March 2026):

    offer  ROME   status     published   requires         a plus
    O1     M1805  published  02/03/2026  Python, React    SQL
    O2     M1805  published  10/02/2026  Python, SQL
    O3     M1805  published  05/12/2025  React            Python
    O4     I1309  published  10/03/2026  KNX              Anglais
    O5     M1805  published  20/03/2025  Python                     (open, but before the trend window)
    O6     I1309  draft      —           KNX                        (never published: ignored)
    O7     M1805  filled     15/01/2026  Python                     (not open; in the trend)

    Cohort « Promo Compétences », 4 people: Sam (Python confirmed, React declared), Sacha (Python
    declared, SQL only proposed), Selma (React dismissed, Anglais confirmed), Simon (nothing).
    """
    dev, _ = Occupation.objects.get_or_create(
        code="M1805", defaults={"label": "Études et développement informatique"}
    )
    elec, _ = Occupation.objects.get_or_create(code="I1309", defaults={"label": "Maintenance électrique"})
    s = {
        key: Skill.objects.create(uid=f"rapport:{key}", label_fr=label)
        for key, label in [
            ("python", "Python"),
            ("react", "React"),
            ("sql", "SQL"),
            ("knx", "KNX"),
            ("en", "Anglais"),
        ]
    }
    employer = EmployerFactory()

    def offer(occupation, skills, nice=(), **fields):
        o = OfferFactory(employer=employer, occupation=occupation, **fields)
        for key in skills:
            OfferSkill.objects.create(offer=o, skill=s[key], level=OfferSkill.Level.REQUIRED)
        for key in nice:
            OfferSkill.objects.create(offer=o, skill=s[key], level=OfferSkill.Level.NICE)
        return o

    published = Offer.Status.PUBLISHED
    offer(dev, ["python", "react"], ["sql"], status=published, published_at=_at(2026, 3, 2))
    offer(dev, ["python", "sql"], status=published, published_at=_at(2026, 2, 10))
    offer(dev, ["react"], ["python"], status=published, published_at=_at(2025, 12, 5))
    offer(elec, ["knx"], ["en"], status=published, published_at=_at(2026, 3, 10))
    offer(dev, ["python"], status=published, published_at=_at(2025, 3, 20))
    offer(elec, ["knx"])
    offer(dev, ["python"], status=Offer.Status.FILLED, published_at=_at(2026, 1, 15))

    cohort = make_cohort("Promo Compétences", training_end=date(2026, 2, 27))
    sam, sacha, selma, _simon = (make_graduate(cohort, n) for n in ("Sam", "Sacha", "Selma", "Simon"))

    def give(graduate, key, status=GraduateSkill.Status.ACCEPTED, confirmed=False):
        GraduateSkill.objects.create(
            graduate=graduate,
            skill=s[key],
            source=GraduateSkill.Source.DECLARED,
            status=status,
            confirmed_at=timezone.now() if confirmed else None,
        )

    give(sam, "python", confirmed=True)
    give(sam, "react")
    give(sacha, "python")
    give(sacha, "sql", status=GraduateSkill.Status.PROPOSED)
    give(selma, "react", status=GraduateSkill.Status.DISMISSED)
    give(selma, "en", confirmed=True)
    return cohort, dev


@pytest.fixture
def skills_region():
    return build_skills_region()


def test_most_requested_skills_in_open_offers(skills_region):
    cohort, _dev = skills_region

    demand = reports.skills_demand(cohort=cohort, today=SKILL_TODAY)

    assert demand.open_offers == 5
    # Ordered by offers requiring it, then offers where it is a plus, then label.
    assert [(r.label, r.required, r.nice) for r in demand.top] == [
        ("Python", 3, 1),  # O1, O2, O5 | O3
        ("React", 2, 0),  # O1, O3
        ("SQL", 1, 1),  # O2 | O1
        ("KNX", 1, 0),  # O4 (O6 is a draft)
        ("Anglais", 0, 1),  # O4
    ]
    # Supply in the cohort: Python confirmed by Sam, declared by Sacha; React declared by Sam
    # (Selma's was dismissed); SQL only proposed → 0; Anglais confirmed by Selma.
    assert [(r.label, r.confirmed, r.declared) for r in demand.top] == [
        ("Python", 1, 1),
        ("React", 0, 1),
        ("SQL", 0, 0),
        ("KNX", 0, 0),
        ("Anglais", 1, 0),
    ]


def _add_soft_skill_to_every_open_offer() -> Skill:
    """ESCO's "travailler en équipe" asked by every open offer (more than any technical skill)."""
    team = Skill.objects.create(
        uid="rapport:equipe", label_fr="Travail en équipe", kind=Skill.Kind.SOFT_SKILL
    )
    for offer in Offer.objects.filter(status=Offer.Status.PUBLISHED):
        OfferSkill.objects.create(offer=offer, skill=team, level=OfferSkill.Level.REQUIRED)
    return team


def test_soft_skills_are_counted_apart_and_never_a_gap(skills_region):
    cohort, _dev = skills_region
    _add_soft_skill_to_every_open_offer()

    demand = reports.skills_demand(cohort=cohort, today=SKILL_TODAY)

    assert [r.label for r in demand.top] == ["Python", "React", "SQL", "KNX", "Anglais"]
    assert [(r.label, r.required, r.nice) for r in demand.soft] == [("Travail en équipe", 5, 0)]
    assert demand.soft[0].trend == [0] * 8 + [1, 0, 1, 2]  # O3 Dec, O2 Feb, O1 + O4 Mar
    # Nobody in the cohort holds it and every open offer requires it: still not a gap.
    assert "Travail en équipe" not in [g.label for g in demand.gaps]


def test_trend_by_month_of_publication(skills_region):
    demand = reports.skills_demand(today=SKILL_TODAY)

    assert demand.months[0] == date(2025, 4, 1) and demand.months[-1] == date(2026, 3, 1)
    assert len(demand.months) == 12
    # Offers published each month, open or not since: Dec O3, Jan O7, Feb O2, Mar O1 + O4.
    assert demand.offers_per_month == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2]
    trend = {r.label: r.trend for r in demand.top}
    # Python: O3 (a plus) in Dec, O7 (filled since) in Jan, O2 in Feb, O1 in Mar; O5 is too old.
    assert trend["Python"] == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
    assert trend["KNX"] == [0] * 11 + [1]
    assert trend["React"] == [0] * 8 + [1, 0, 0, 1]


def test_gaps_are_ranked_by_offers_they_would_open(skills_region):
    cohort, _dev = skills_region

    demand = reports.skills_demand(cohort=cohort, today=SKILL_TODAY)

    # A gap: required by an open offer and held by ≤ 1/4 of the 4 people (≤ 1).
    # React: 2 offers, 1 holder (25 %). KNX and SQL: 1 offer, nobody (label order).
    # Not gaps: Python (2 holders, 50 %), Anglais (only a plus).
    assert [(g.label, g.offers, g.holders) for g in demand.gaps] == [
        ("React", 2, 1),
        ("KNX", 1, 0),
        ("SQL", 1, 0),
    ]
    assert demand.gaps[0].share.label == "25,0\u00a0%"
    assert demand.cohort_size == 4


def test_skills_demand_for_one_rome_occupation(skills_region):
    cohort, dev = skills_region

    demand = reports.skills_demand(cohort=cohort, occupation=dev, today=SKILL_TODAY)

    # M1805 only: O1, O2, O3, O5 open; O7 in the trend.
    assert demand.open_offers == 4
    assert [(r.label, r.required, r.nice) for r in demand.top] == [
        ("Python", 3, 1),
        ("React", 2, 0),
        ("SQL", 1, 1),
    ]
    assert [g.label for g in demand.gaps] == ["React", "SQL"]
    assert demand.offers_per_month == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
    assert (demand.occupation_code, demand.occupation_label) == ("M1805", dev.label)


def test_without_a_cohort_there_is_demand_but_no_gap(skills_region):
    demand = reports.skills_demand(today=SKILL_TODAY)

    assert demand.cohort_id is None and demand.gaps == []
    assert all(r.holders == 0 for r in demand.top)


# --- partnership follow-up -----------------------------------------------------------------------

PARTNER_TODAY = date(2026, 3, 15)


def build_partners(today: date = PARTNER_TODAY):
    """Employers with partnerships, seen on ``today`` (15/03/2026 unless told):

    - « Quatre-vingt-neuf »: last interaction 89 days ago → not flagged;
    - « Quatre-vingt-dix »: 90 days ago → flagged (90 days or more);
    - « Quatre-vingt-onze »: 91 days ago, and a meeting planned in 5 days (not a contact yet) →
      flagged. Hiring partnership (3 hires a year) + internship partnership (2 interns a year) both
      active, an ended one (5 hires a year) not counted. Its placements: CDI confirmed 01/03/2025 and
      CDD confirmed 10/01/2026 (hires), the training internship of 05/05/2025 (internship), and not
      counted: a rejected internship, a declared CDI, a formation, a stage outside the training;
    - « Jamais appelé »: active since 200 days, never an interaction → flagged;
    - « Tout nouveau »: partnership started 10 days ago, no interaction yet → not flagged;
    - « Terminé »: partnership ended, last interaction 400 days ago → not flagged;
    - « Sans partenariat »: no partnership → not listed.
    """
    rows = {}
    for name, days in [("Quatre-vingt-neuf", 89), ("Quatre-vingt-dix", 90), ("Quatre-vingt-onze", 91)]:
        employer = EmployerFactory(name=name)
        PartnershipFactory(employer=employer, start_date=date(2024, 1, 1))
        Interaction.objects.create(
            employer=employer, kind="call", occurred_on=today - timedelta(days=days), summary="Point"
        )
        rows[name] = employer
    big = rows["Quatre-vingt-onze"]
    Interaction.objects.create(
        employer=big, kind="meeting", occurred_on=today + timedelta(days=5), summary="À venir"
    )
    Partnership.objects.filter(employer=big).update(hires_per_year=3, commitments="3 CDI par an")
    PartnershipFactory(
        employer=big, kind=Partnership.Kind.INTERNSHIP, internships_per_year=2, start_date=date(2024, 6, 1)
    )
    PartnershipFactory(
        employer=big, status=Partnership.Status.ENDED, hires_per_year=5, start_date=date(2020, 1, 1)
    )

    never = EmployerFactory(name="Jamais appelé")
    PartnershipFactory(employer=never, start_date=today - timedelta(days=200))
    new = EmployerFactory(name="Tout nouveau")
    PartnershipFactory(employer=new, start_date=today - timedelta(days=10))
    ended = EmployerFactory(name="Terminé")
    PartnershipFactory(employer=ended, status=Partnership.Status.ENDED, start_date=date(2020, 1, 1))
    Interaction.objects.create(
        employer=ended, kind="email", occurred_on=today - timedelta(days=400), summary="Fin"
    )
    EmployerFactory(name="Sans partenariat")

    cohort = make_cohort(
        "Promo Partenaires", training_end=date(2025, 4, 30), internship_end=date(2025, 6, 27)
    )
    a, b, c, d = (make_graduate(cohort, n) for n in ("Ana", "Ben", "Cyd", "Dan"))
    place(a, K.CDI, date(2025, 3, 1), employer=big)
    place(b, K.CDD_SHORT, date(2026, 1, 10), employer=big)
    place(c, K.STAGE, date(2025, 5, 5), employer=big, internship=True)
    place(d, K.STAGE, date(2025, 5, 5), employer=big, internship=True, status=Placement.Status.REJECTED)
    place(d, K.CDI, date(2026, 2, 1), employer=big, status=Placement.Status.DECLARED)
    place(a, K.FORMATION, date(2025, 9, 1), employer=big)
    place(b, K.STAGE, date(2025, 10, 1), employer=big)
    return rows


def test_partners_without_contact_for_90_days_are_flagged_first():
    build_partners()

    followup = reports.partners_followup(today=PARTNER_TODAY)

    assert [(r.name, r.flagged, r.silent_days) for r in followup.rows] == [
        ("Jamais appelé", True, 200),
        ("Quatre-vingt-dix", True, 90),
        ("Quatre-vingt-onze", True, 91),
        ("Quatre-vingt-neuf", False, 89),
        ("Terminé", False, 400),
        ("Tout nouveau", False, 10),
    ]
    assert followup.flagged == 3
    never = followup.rows[0]
    assert never.last_contact is None


def test_partner_hires_and_internships_per_year_next_to_commitments():
    build_partners()

    followup = reports.partners_followup(today=PARTNER_TODAY)

    big = next(r for r in followup.rows if r.name == "Quatre-vingt-onze")
    assert followup.years == [2024, 2025, 2026]
    assert [(y.year, y.hires, y.internships) for y in big.years] == [(2024, 0, 0), (2025, 1, 1), (2026, 1, 0)]
    # Active partnerships only: 3 hires (hiring) + 0, 0 + 2 interns (internship); the ended one's 5 not.
    assert (big.hires_per_year, big.internships_per_year) == (3, 2)
    assert {(y.hires_target, y.internships_target) for y in big.years} == {(3, 2)}
    assert big.commitments == "3 CDI par an"
    assert big.last_contact == PARTNER_TODAY - timedelta(days=91)
    assert len(big.partnerships) == 3
