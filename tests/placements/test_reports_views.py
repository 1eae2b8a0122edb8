"""The report pages, downloads and API: what an officer sees and downloads (read back), and who
may see nothing (every page and endpoint)."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from backend.accounts.models import User
from backend.taxonomy.models import Skill
from employers.models import Offer, OfferSkill
from tests.factories import UserFactory

from .test_reports import (
    SVG,
    build_funder_cohort,
    build_partners,
    build_skills_region,
    build_year_cohorts,
    make_cohort,
    parse_svg,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def funder_cohort():
    return build_funder_cohort()


@pytest.fixture
def school(client_for, officer):
    return client_for(officer)


def _svgs(html: str) -> list:
    return [parse_svg(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


# --- the funder report page ----------------------------------------------------------------------


def test_cohort_report_page_shows_the_rates_charts_and_definitions(school, funder_cohort):
    response = school.get(reverse("placements:report_cohort", args=[funder_cohort.pk]))

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.trained, report.m3.rates.employment.count, report.m6.rates.positive_exit.count) == (
        10,
        3,
        6,
    )
    html = response.content.decode()
    assert "Rapport financeurs — Promo Rapport" in html
    # The conservative convention and the pending checks are said on screen.
    assert "Situation inconnue : 3 personnes à 3 mois et 2 à 6 mois" in html
    assert "convention prudente" in html
    assert "Suivis en attente de validation : 1 à 3 mois et 1 à 6 mois" in html
    assert "<strong>30,0\u00a0%</strong> (3 / 10)" in html  # strict employment at 3 months
    assert "<strong>60,0\u00a0%</strong> (6 / 10)" in html  # positive exit at 6 months
    assert "<strong>50 jours</strong>" in html  # median time to first contract
    assert "<strong>33,3\u00a0%</strong> (2 sur 6 contrats chez un employeur inscrit)" in html
    assert 'id="definitions-title">Définitions</h2>' in html
    assert "Emploi durable" in html and "Comme la DARES" in html
    assert 'href="?format=xlsx"' in html and 'href="?format=csv"' in html

    svgs = _svgs(html)
    # Rates, situations, and one per breakdown (gender, age, diploma, entry, QPV).
    assert len(svgs) == 7
    assert all(svg.get("role") == "img" and svg.find(f"{SVG}title").text for svg in svgs)
    rates = [t.text for t in svgs[0].iter(f"{SVG}text")]
    assert {"Emploi strict", "Sortie positive", "Emploi durable", "30,0\u00a0%", "50,0\u00a0%"} <= set(rates)


def test_cohort_report_page_reads_a_fixed_number_of_queries(
    school, funder_cohort, django_assert_max_num_queries
):
    # Session and user, the cohort, graduates, checks, placements (partners, first contracts).
    with django_assert_max_num_queries(8):
        response = school.get(reverse("placements:report_cohort", args=[funder_cohort.pk]))
    assert response.status_code == 200


def test_cohort_report_as_csv_for_french_excel(school, funder_cohort):
    response = school.get(reverse("placements:report_cohort", args=[funder_cohort.pk]), {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="rapport-tremplin-promo-rapport-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM French Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    definitions = rows.index(["Définitions"])
    by_label = {row[0]: row[1:] for row in rows[:definitions] if row}

    assert by_label["Rapport Tremplin"] == ["Promo Rapport"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", by_label["Situation au"][0])  # exports stay ISO
    assert by_label["Personnes formées"] == ["10", "10"]
    assert by_label["Suivis validés"] == ["8", "8"]
    assert by_label["Situation inconnue (comptée dans le dénominateur)"] == ["3", "2"]
    assert by_label["Suivis en attente de validation (non comptés)"] == ["1", "1"]
    assert by_label["Taux d'emploi strict (%)"] == ["30,0", "50,0"]
    assert by_label["Taux de sortie positive (%)"] == ["40,0", "60,0"]
    assert by_label["Taux d'emploi durable (%)"] == ["10,0", "30,0"]
    assert by_label["Taux de réponse au suivi (%)"] == ["88,9", "90,0"]
    assert by_label["Embauches chez un employeur partenaire (%)"] == [
        "33,3",
        "6 contrats chez un employeur inscrit",
    ]
    assert by_label["Délai médian d'accès au premier contrat (jours)"] == [
        "50",
        "6 personnes avec un contrat",
    ]
    assert by_label["Poursuite de formation"] == ["1", "10,0", "1", "10,0"]
    # The gender table: its title, headers, then one row per group.
    start = rows.index(["Genre"])
    assert rows[start + 1] == [
        "Groupe",
        "Effectif",
        "Emploi strict à 3 mois (%)",
        "Sortie positive à 3 mois (%)",
        "Emploi strict à 6 mois (%)",
        "Sortie positive à 6 mois (%)",
    ]
    assert rows[start + 2] == ["Femme", "4", "25,0", "50,0", "75,0", "100,0"]
    assert rows[start + 4] == ["Autre / non précisé", "1", "0,0", "0,0", "0,0", "0,0"]
    assert by_label["Hors QPV"] == ["6", "16,7", "16,7", "50,0", "50,0"]
    # The definitions travel with the figures.
    assert rows[definitions + 1] == ["Indicateur", "Définition"]
    assert rows[definitions + 2][0] == "Personnes formées"


def test_cohort_report_as_xlsx_with_real_percentages(school, funder_cohort):
    response = school.get(reverse("placements:report_cohort", args=[funder_cohort.pk]), {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(
        r'attachment; filename="rapport-tremplin-promo-rapport-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Synthèse",
        "Situations",
        "Genre",
        "Âge",
        "Diplôme",
        "Situation à l'entrée",
        "QPV",
        "Définitions",
    ]

    summary = workbook["Synthèse"]
    cells = {row[0].value: row for row in summary.iter_rows() if row[0].value}
    assert cells["Rapport Tremplin"][1].value == "Promo Rapport"
    assert [c.value for c in cells["Personnes formées"][1:3]] == [10, 10]
    strict = cells["Taux d'emploi strict (%)"]
    assert [c.value for c in strict[1:3]] == [pytest.approx(0.3), pytest.approx(0.5)]
    assert strict[1].number_format == "0.0%"
    positive = cells["Taux de sortie positive (%)"]
    assert [c.value for c in positive[1:3]] == [pytest.approx(0.4), pytest.approx(0.6)]
    partner = cells["Embauches chez un employeur partenaire (%)"]
    assert partner[1].value == pytest.approx(2 / 6) and partner[1].number_format == "0.0%"
    assert cells["Délai médian d'accès au premier contrat (jours)"][1].value == 50
    header = next(row for row in summary.iter_rows() if row[0].value == "Indicateur")  # the first table's
    assert [c.value for c in header[:3]] == ["Indicateur", "À 3 mois", "À 6 mois"]
    assert all(c.font.b for c in header[:3])

    age = workbook["Âge"]
    rows = {row[0].value: row for row in age.iter_rows() if row[0].value}
    under_26 = rows["Moins de 26 ans"]
    assert under_26[1].value == 6
    assert [c.value for c in under_26[2:6]] == [
        pytest.approx(2 / 6),
        pytest.approx(3 / 6),
        pytest.approx(2 / 6),
        pytest.approx(3 / 6),
    ]
    assert under_26[2].number_format == "0.0%"
    assert rows["Groupe"][0].font.b
    assert rows["Non renseigné"][1].value == 1

    situations = {row[0].value: row for row in workbook["Situations"].iter_rows() if row[0].value}
    assert [c.value for c in situations["Situation inconnue"][1:5]] == [
        3,
        pytest.approx(0.3),
        2,
        pytest.approx(0.2),
    ]


def test_year_report_page_and_download(school, funder_cohort):
    build_year_cohorts()

    page = school.get(reverse("placements:report_year", args=[2024]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rapport financeurs — Année 2024" in html
    assert "Promo Rapport, Promo Automne" in html
    assert page.context["report"].trained == 12

    response = school.get(reverse("placements:report_year", args=[2024]), {"format": "xlsx"})
    assert re.fullmatch(
        r'attachment; filename="rapport-tremplin-2024-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    cells = {row[0].value: row for row in load_workbook(io.BytesIO(response.content))["Synthèse"].iter_rows()}
    assert [c.value for c in cells["Personnes formées"][1:3]] == [12, 12]
    assert cells["Taux d'emploi strict (%)"][2].value == pytest.approx(0.5)  # 6 / 12


def test_a_year_without_any_cohort_is_a_404(school, funder_cohort):
    assert school.get(reverse("placements:report_year", args=[2019])).status_code == 404


def test_unknown_cohort_is_a_404(school):
    assert school.get(reverse("placements:report_cohort", args=[999999])).status_code == 404


def test_index_links_to_cohorts_and_years(school, funder_cohort):
    build_year_cohorts()

    response = school.get(reverse("placements:reports"))

    html = response.content.decode()
    assert reverse("placements:report_cohort", args=[funder_cohort.pk]) in html
    # Lists read the short French date (backend/formats/fr), not 30/04/2024.
    assert "10 personnes, fin de formation le 30 avr. 2024" in html
    for year in (2024, 2023):
        assert reverse("placements:report_year", args=[year]) in html
    assert reverse("placements:skills_demand") in html and reverse("placements:partners") in html


# --- skills and partners pages -------------------------------------------------------------------


def test_skills_page_compares_with_the_latest_cohort_by_default(school):
    cohort, dev = build_skills_region()

    response = school.get(reverse("placements:skills_demand"))

    assert response.status_code == 200
    demand = response.context["demand"]
    assert demand.cohort_id == cohort.pk  # the only (so latest) cohort
    html = response.content.decode()
    assert "Ce qui manque à la promotion" in html
    svgs = _svgs(html)
    assert len(svgs) == 2
    gaps = [t.text for t in svgs[1].iter(f"{SVG}text")]
    assert gaps[:2] == ["React", "2"]


def test_skills_page_shows_soft_skills_apart_and_the_cohort_beside_demand_in_the_chart(school):
    build_skills_region()
    team = Skill.objects.create(
        uid="rapport:equipe", label_fr="Travail en équipe", kind=Skill.Kind.SOFT_SKILL
    )
    for offer in Offer.objects.filter(status=Offer.Status.PUBLISHED):
        OfferSkill.objects.create(offer=offer, skill=team, level=OfferSkill.Level.REQUIRED)

    html = school.get(reverse("placements:skills_demand")).content.decode()

    top_chart = _svgs(html)[0]
    labels = [t.text for t in top_chart.iter(f"{SVG}text")]
    assert "Travail en équipe" not in labels
    assert "Personnes de la promotion qui la détiennent" in html
    soft = html.split("Savoir-être demandés", 1)[1]
    assert "Travail en équipe" in soft.split("</section>", 1)[0]


def test_skills_page_filters_by_occupation_and_cohort(school):
    cohort, dev = build_skills_region()

    response = school.get(reverse("placements:skills_demand"), {"cohort": "", "occupation": "m1805"})

    demand = response.context["demand"]
    assert demand.cohort_id is None and demand.gaps == []
    assert demand.occupation_code == "M1805"
    assert "Ce qui manque à la promotion" not in response.content.decode()
    assert school.get(reverse("placements:skills_demand"), {"occupation": "Z9999"}).status_code == 404
    assert school.get(reverse("placements:skills_demand"), {"cohort": "abc"}).status_code == 404


def test_partners_page_flags_silent_partners(school):
    build_partners(today=timezone.localdate())

    response = school.get(reverse("placements:partners"))

    assert response.status_code == 200
    html = response.content.decode()
    # 89 days ago is fine; 90 and 91 days ago, and never since a start 200 days ago, are flagged.
    assert "3 partenaires sans contact depuis 90 jours ou plus." in html
    assert "Sans contact depuis 91 jours" in html
    assert "Sans contact depuis 89 jours" not in html
    assert "Sans partenariat" not in html


# --- API -----------------------------------------------------------------------------------------


def test_cohort_report_api_gives_rates_with_their_counts(api_client_for, officer, funder_cohort):
    response = api_client_for(officer).get(reverse("api-report-cohort", args=[funder_cohort.pk]))

    assert response.status_code == 200
    data = response.json()
    assert data["trained"] == 10
    m3, m6 = data["milestones"]
    assert m3["rates"]["employment"] == {"count": 3, "total": 10, "rate": 0.3}
    assert m6["rates"]["positive_exit"] == {"count": 6, "total": 10, "rate": 0.6}
    assert (m3["unknown"], m3["pending_validation"]) == (3, 1)
    assert data["first_contract_median_days"] == 50.0
    assert data["partner_hires"]["count"] == 2
    gender = next(b for b in data["breakdowns"] if b["key"] == "gender")
    assert gender["rows"][0]["m6"]["employment"]["rate"] == 0.75


def test_year_report_api(api_client_for, officer, funder_cohort):
    build_year_cohorts()

    response = api_client_for(officer).get(reverse("api-report-year", args=[2024]))

    assert response.json()["cohorts"] == ["Promo Rapport", "Promo Automne"]
    assert response.json()["trained"] == 12
    assert api_client_for(officer).get(reverse("api-report-year", args=[2019])).status_code == 404


def test_skills_demand_api(api_client_for, officer):
    cohort, _dev = build_skills_region()

    response = api_client_for(officer).get(reverse("api-skills-demand"), {"cohort": cohort.pk})

    data = response.json()
    assert [(g["label"], g["offers"]) for g in data["gaps"]] == [("React", 2), ("KNX", 1), ("SQL", 1)]
    assert data["top"][0]["uid"] == "rapport:python"
    assert data["soft"] == []
    assert len(data["months"]) == 12
    # Without a cohort: demand only.
    assert api_client_for(officer).get(reverse("api-skills-demand")).json()["gaps"] == []


# --- who may see what ----------------------------------------------------------------------------

PAGES = [
    ("placements:reports", False, {}),
    ("placements:report_cohort", True, {}),
    ("placements:report_cohort", True, {"format": "csv"}),
    ("placements:report_cohort", True, {"format": "xlsx"}),
    ("placements:report_year", False, {}),
    ("placements:report_year", False, {"format": "xlsx"}),
    ("placements:skills_demand", False, {}),
    ("placements:partners", False, {}),
]


def _url(name, needs_cohort, cohort):
    if needs_cohort:
        return reverse(name, args=[cohort.pk])
    if name == "placements:report_year":
        return reverse(name, args=[2024])
    return reverse(name)


@pytest.mark.parametrize(("name", "needs_cohort", "params"), PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, funder_cohort, name, needs_cohort, params):
    response = client.get(_url(name, needs_cohort, funder_cohort), params)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("persona", ["employer_user", "graduate_user"])
@pytest.mark.parametrize(("name", "needs_cohort", "params"), PAGES)
def test_employers_and_graduates_get_the_forbidden_page(
    request, client_for, funder_cohort, persona, name, needs_cohort, params
):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(_url(name, needs_cohort, funder_cohort), params)

    assert response.status_code == 403
    assert "forbidden.html" in [t.name for t in response.templates]
    html = unescape(response.content.decode())
    assert "Cette page est réservée à l'équipe de l'école." in html
    assert "Promo Rapport" not in html


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.ADMIN])
@pytest.mark.parametrize(("name", "needs_cohort", "params"), PAGES)
def test_officers_and_admins_see_every_page(client_for, funder_cohort, role, name, needs_cohort, params):
    user = UserFactory(role=role)

    response = client_for(user).get(_url(name, needs_cohort, funder_cohort), params)

    assert response.status_code == 200


API = [
    ("api-report-cohort", True),
    ("api-report-year", False),
    ("api-skills-demand", False),
]


def _api_url(name, needs_cohort, cohort):
    if needs_cohort:
        return reverse(name, args=[cohort.pk])
    if name == "api-report-year":
        return reverse(name, args=[2024])
    return reverse(name)


@pytest.mark.parametrize(("name", "needs_cohort"), API)
def test_api_refuses_anonymous_callers_with_401(api_client_for, funder_cohort, name, needs_cohort):
    response = api_client_for(None).get(_api_url(name, needs_cohort, funder_cohort))

    assert response.status_code == 401
    assert "trained" not in response.json()


@pytest.mark.parametrize("persona", ["employer_user", "graduate_user"])
@pytest.mark.parametrize(("name", "needs_cohort"), API)
def test_api_refuses_employers_and_graduates_with_403(
    request, api_client_for, funder_cohort, persona, name, needs_cohort
):
    response = api_client_for(request.getfixturevalue(persona)).get(
        _api_url(name, needs_cohort, funder_cohort)
    )

    assert response.status_code == 403
    assert response.json()["message"] == "Réservé aux chargé·es d'insertion de l'école."


@pytest.mark.parametrize(("name", "needs_cohort"), API)
def test_api_answers_officers_and_admins(api_client_for, funder_cohort, name, needs_cohort):
    for role in (User.Role.OFFICER, User.Role.ADMIN):
        response = api_client_for(UserFactory(role=role)).get(_api_url(name, needs_cohort, funder_cohort))
        assert response.status_code == 200, role


def test_a_cohort_without_anyone_yet_shows_dashes_not_errors(school):
    empty = make_cohort("Promo Vide", training_end=timezone.localdate())

    response = school.get(reverse("placements:report_cohort", args=[empty.pk]))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.trained == 0 and report.m6.rates.employment.value is None
    assert '<span class="num">—</span> emploi strict à 6 mois' in response.content.decode()
    workbook = load_workbook(
        io.BytesIO(school.get(response.request["PATH_INFO"], {"format": "xlsx"}).content)
    )
    cells = {row[0].value: row for row in workbook["Synthèse"].iter_rows() if row[0].value}
    assert [c.value for c in cells["Taux d'emploi strict (%)"][1:3]] == [None, None]


def test_a_name_typed_like_a_formula_stays_text_in_both_exports(school, funder_cohort):
    funder_cohort.name = '=HYPERLINK("http://evil.example","x")'
    funder_cohort.save()
    url = reverse("placements:report_cohort", args=[funder_cohort.pk])

    rows = list(
        csv.reader(io.StringIO(school.get(url, {"format": "csv"}).content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][1] == "'" + funder_cohort.name  # Excel shows it as text, never runs it

    workbook = load_workbook(io.BytesIO(school.get(url, {"format": "xlsx"}).content))
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
