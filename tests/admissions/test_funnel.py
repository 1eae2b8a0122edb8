"""The funnel counts each application at every stage its log and its graduate reached, by group; its
CSV and XLSX carry the same figures; only officers see it (entry characteristics)."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from admissions import funnel, services
from admissions.models import Application
from tests.factories.graduates import CohortFactory
from tests.factories.placements import PlacementFactory

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(officer):
    """Four applicants: one employed after training (QPV, woman), one admitted into a cohort still in
    training, one refused after the session, one who never came (man, not in a QPV)."""
    ended = CohortFactory(track="web_mobile", training_start=date(2025, 9, 1), training_end=date(2026, 1, 30))
    current = CohortFactory(
        track="web_mobile",
        training_start=date(2026, 11, 2),
        training_end=date(2027, 2, 26),
        internship_start=date(2027, 3, 1),
        internship_end=date(2027, 4, 30),
    )
    employed, admitted, refused, absent = (
        submit(email="a@example.fr")[0],
        submit(email="b@example.fr", gender="F", qpv_declared=False)[0],
        submit(email="c@example.fr", diploma_level="4")[0],
        submit(email="d@example.fr", gender="M", qpv_declared=False)[0],
    )
    for application, cohort in ((employed, ended), (admitted, current)):
        services.application_transition(application=application, transition="attend", by=officer)
        services.application_transition(application=application, transition="admit", by=officer)
        graduate = services.application_enrol(
            application=Application.objects.get(pk=application.pk), cohort=cohort, by=officer
        )
        if application is employed:
            PlacementFactory(graduate=graduate, contract_type="CDI")
    services.application_transition(application=refused, transition="attend", by=officer)
    services.application_transition(
        application=refused, transition="refuse", by=officer, reason="Complet, revenez en mars."
    )
    return employed, admitted, refused, absent


def test_each_stage_counts_what_the_log_and_the_graduate_show(history):
    report = funnel.funnel_build()
    assert report.total.counts == {"applied": 4, "attended": 3, "selected": 2, "trained": 1, "employed": 1}
    qpv = next(g for g in report.groups if g.title.startswith("Quartier"))
    rows = {r.label: r.counts for r in qpv.rows}
    assert rows["Habite un QPV"] == {"applied": 2, "attended": 2, "selected": 1, "trained": 1, "employed": 1}
    assert rows["Hors QPV"] == {"applied": 2, "attended": 1, "selected": 1, "trained": 0, "employed": 0}
    gender = {r.label: r.counts["applied"] for r in next(g for g in report.groups if g.title == "Genre").rows}
    assert gender == {"Femme": 3, "Homme": 1}


def test_an_internship_is_not_employment(officer):
    application, _token = submit()
    services.application_transition(application=application, transition="attend", by=officer)
    services.application_transition(application=application, transition="admit", by=officer)
    cohort = CohortFactory(
        track="web_mobile", training_start=date(2025, 9, 1), training_end=date(2026, 1, 30)
    )
    graduate = services.application_enrol(
        application=Application.objects.get(pk=application.pk), cohort=cohort, by=officer
    )
    PlacementFactory(graduate=graduate, contract_type="STAGE", is_training_internship=True)
    assert funnel.funnel_build().total.counts["employed"] == 0


def test_the_exports_carry_the_page_figures_and_only_officers_get_them(
    history, officer, trainer, client_for, client
):
    url = reverse("admissions:funnel")
    page = client_for(officer).get(url)
    assert page.status_code == 200 and "Entonnoir des admissions" in page.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(client_for(officer).get(url + "?format=csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[0][:7] == [
        "Groupe",
        "Catégorie",
        "Candidatures",
        "Réunion suivie",
        "Admises",
        "Formées",
        "En emploi",
    ]
    assert rows[1][1:7] == ["Toutes les candidatures", "4", "3", "2", "1", "1"]
    sheet = load_workbook(io.BytesIO(client_for(officer).get(url + "?format=xlsx").content)).active
    assert [c.value for c in sheet[2]][1:7] == ["Toutes les candidatures", 4, 3, 2, 1, 1]
    assert client_for(trainer).get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_the_page_draws_the_funnel_with_the_reports_charts_and_spells_each_value(
    history, officer, client_for
):
    charts = funnel.funnel_charts(funnel.funnel_build())
    total = str(charts["total"])
    assert total.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert (
        '<desc id="chart-funnel-desc">Candidatures : 4 ; Réunion suivie : 3 ; Admises : 2 ; Formées : 1 ; '
        "En emploi : 1</desc>" in total
    )
    qpv_group, qpv_chart = next((g, c) for g, c in charts["groups"] if g.title.startswith("Quartier"))
    pct = "\u00a0%"
    assert (
        f"Habite un QPV (2) : Réunion suivie 100,0{pct}, Admises 50,0{pct}, Formées 50,0{pct}, "
        f"En emploi 50,0{pct} ; Hors QPV (2) : Réunion suivie 50,0{pct}, Admises 50,0{pct}, "
        f"Formées 0,0{pct}, En emploi 0,0{pct}"
    ) in str(qpv_chart)

    page = client_for(officer).get(reverse("admissions:funnel")).content.decode()
    # One chart for every application and one per group, each beside its table of counts.
    assert page.count('role="img" class="chart"') == 1 + len(charts["groups"])
    assert 'id="chart-funnel"' in page and "<progress" not in page
