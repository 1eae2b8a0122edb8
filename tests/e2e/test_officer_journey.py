"""The officer moves a candidacy to hired on the board, records a job found elsewhere, then opens the
funder report of the cohort and downloads it as XLSX."""

import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from playwright.sync_api import expect

from backend.accounts.models import User
from placements.models import Application, ContractCategory, OutcomeCheck, Placement
from tests.factories import PASSWORD, EmployerFactory, OfferFactory, UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory
from tests.factories.placements import ApplicationFactory, OutcomeCheckFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

S = OutcomeCheck.Situation
M = OutcomeCheck.Milestone


def _graduate(cohort, first_name: str, last_name: str):
    user = UserFactory(role=User.Role.GRADUATE, first_name=first_name, last_name=last_name)
    return GraduateFactory(cohort=cohort, user=user)


def _validated(graduate, milestone, due_on, situation, officer, contract_type=""):
    return OutcomeCheckFactory(
        graduate=graduate,
        milestone=milestone,
        due_on=due_on,
        situation=situation,
        contract_type=contract_type,
        source=OutcomeCheck.Source.OFFICER,
        validated_at=timezone.now(),
        validated_by=officer,
    )


def test_officer_hires_on_the_board_records_a_placement_and_downloads_the_funder_report(
    live_server, desktop, tmp_path
):
    # Given a cohort whose internship ended eight months ago (its +3 and +6 months checks are due)
    today = timezone.localdate()
    internship_end = today - relativedelta(months=8)
    cohort = CohortFactory(
        name="Promo Lens 2025-1",
        training_start=internship_end - relativedelta(months=6),
        training_end=internship_end - relativedelta(months=2),
        internship_start=internship_end - relativedelta(months=2) + relativedelta(days=4),
        internship_end=internship_end,
    )
    officer = UserFactory(role=User.Role.OFFICER, email="charge@ecole.fr")
    ines = _graduate(cohort, "Inès", "Dupont")
    kylian = _graduate(cohort, "Kylian", "Nowak")
    sarah = _graduate(cohort, "Sarah", "Benali")
    yanis = _graduate(cohort, "Yanis", "Lefebvre")
    # ... a published CDI of an approved employer, where Inès has had her interview
    employer = EmployerFactory(name="Hauts Numériques", commune_id="62498")
    offer = OfferFactory(employer=employer, published=True, title="Développeur·se web (H/F)", openings=1)
    application = ApplicationFactory(graduate=ines, offer=offer, state=Application.State.INTERVIEW)
    # ... and, in another cohort, a candidacy the cohort filter must hide
    other_cohort = CohortFactory(name="Promo Arras 2026-1")
    elsewhere = ApplicationFactory(
        graduate=_graduate(other_cohort, "Noé", "Martin"),
        offer=OfferFactory(employer=employer, published=True, title="Technicien·ne KNX"),
        state=Application.State.INTERVIEW,
    )
    # ... and the follow-ups the school validated (Yanis has none at 3 months, "sans nouvelles" at 6):
    #   at 3 months: Inès seeking, Kylian CDD < 6 months, Sarah in training, Yanis unknown
    #     -> strict employment 1/4 = 25,0 %, positive exit 2/4 = 50,0 %
    #   at 6 months: Inès interim, Kylian CDI, Sarah in training, Yanis unknown
    #     -> strict employment 2/4 = 50,0 %, positive exit 3/4 = 75,0 %, durable 1/4 = 25,0 %
    m3, m6 = internship_end + relativedelta(months=3), internship_end + relativedelta(months=6)
    _validated(ines, M.M3, m3, S.SEEKING, officer)
    _validated(kylian, M.M3, m3, S.EMPLOYED, officer, ContractCategory.CDD_SHORT)
    _validated(sarah, M.M3, m3, S.TRAINING, officer)
    _validated(ines, M.M6, m6, S.EMPLOYED, officer, ContractCategory.INTERIM)
    _validated(kylian, M.M6, m6, S.EMPLOYED, officer, ContractCategory.CDI)
    _validated(sarah, M.M6, m6, S.TRAINING, officer)
    _validated(yanis, M.M6, m6, S.UNKNOWN, officer)

    # When the officer opens the candidacies board and filters it by the cohort
    page = desktop
    login(page, live_server, officer.email, PASSWORD)
    page.goto(f"{live_server.url}/candidatures/")
    filters = page.get_by_role("form", name="Filtrer les candidatures")
    filters.get_by_label("Promotion").select_option(label="Promo Lens 2025-1")
    filters.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(rf"[?&]cohort={cohort.pk}\b"))

    # Then Inès's card waits in the "Entretien" column, and the other cohort's candidacy is gone
    card = page.locator(f"[data-application='{application.pk}']")
    expect(page.locator("[data-column='interview']").locator(card)).to_be_visible()
    expect(card).to_contain_text("Inès Dupont")
    expect(card).to_contain_text("Développeur·se web (H/F) — Hauts Numériques")
    expect(page.locator(f"[data-application='{elsewhere.pk}']")).to_have_count(0)

    # When the officer makes an offer on the card (htmx: the card comes back in place)
    card.get_by_role("button", name="Faire une proposition").click()
    expect(card).to_have_attribute("data-state", "offer")
    expect(card.get_by_role("status")).to_contain_text("Proposition d'embauche")
    # ... the card moves to its new column at once, and the counts follow
    expect(page.locator("[data-column='offer']").locator(card)).to_be_visible()
    expect(page.locator("[data-column='offer'] h2 .badge")).to_have_text("1")
    expect(page.locator("[data-column='interview'] h2 .badge")).to_have_text("0")

    # ... and hires her, confirming the irreversible move
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Embaucher").click()
    expect(card).to_have_attribute("data-state", "hired")
    expect(card.get_by_role("status")).to_contain_text("Embauché·e")
    expect(card.get_by_role("button", name="Embaucher")).to_have_count(0)
    application.refresh_from_db()
    assert application.state == Application.State.HIRED

    # Then, on a fresh board, the card sits among the recent hires
    page.reload()
    expect(page.locator("[data-column='hired']").locator(card)).to_be_visible()

    # ... and the hire became a confirmed placement via Tremplin, listed on the placements page
    hire = Placement.objects.get(application=application)
    assert (hire.graduate, hire.employer, hire.offer) == (ines, employer, offer)
    assert hire.contract_type == ContractCategory.CDI
    assert hire.status == Placement.Status.CONFIRMED and hire.via_tremplin
    subnav = page.get_by_role("navigation", name="Suivi des candidatures")
    subnav.get_by_role("link", name="Placements").click()
    expect(page).to_have_url(f"{live_server.url}/candidatures/placements/")
    hire_row = page.locator(f"#placements tr[data-placement='{hire.pk}']")
    expect(hire_row).to_contain_text("Inès Dupont")
    expect(hire_row).to_contain_text("Hauts Numériques")
    expect(hire_row).to_contain_text("via Tremplin")
    expect(hire_row).to_contain_text("Confirmé")

    # When the officer records Kylian's CDI, found without Tremplin, four months after his internship
    start = internship_end + relativedelta(months=4)
    record = page.locator("form#record")
    record.get_by_label("Diplômé·e").select_option(label="Kylian Nowak — Promo Lens 2025-1")
    record.get_by_label("Employeur ou organisme").fill("Boulangerie Caron")
    # The filter form above has a field of the same name and id: take the record form's own select.
    record.locator("select[name='contract_type']").select_option("CDI")
    record.get_by_label("Poste").fill("Développeur WordPress")
    record.get_by_label("Date de début").fill(start.isoformat())
    record.get_by_role("button", name="Enregistrer").click()

    # Then it is confirmed at once and listed beside the hire
    expect(page.get_by_text("Placement enregistré : Kylian Nowak chez Boulangerie Caron.")).to_be_visible()
    found = Placement.objects.get(graduate=kylian)
    assert found.employer is None and found.employer_name == "Boulangerie Caron"
    assert found.contract_type == ContractCategory.CDI and found.start_date == start
    assert found.status == Placement.Status.CONFIRMED and found.confirmed_by == officer
    assert not found.via_tremplin
    found_row = page.locator(f"#placements tr[data-placement='{found.pk}']")
    expect(found_row).to_contain_text("Kylian Nowak")
    expect(found_row).to_contain_text("Boulangerie Caron")
    expect(found_row).to_contain_text(date_format(start, "SHORT_DATE_FORMAT"))  # « 7 déc. 2026 »
    expect(found_row).to_contain_text("Confirmé")
    expect(page.locator(f"#placements tr[data-placement='{hire.pk}']")).to_be_visible()

    # When the officer opens the funder report of the cohort from the reports page
    subnav.get_by_role("link", name="Rapports").click()
    page.get_by_role("link", name="Promo Lens 2025-1").click()
    expect(page).to_have_url(f"{live_server.url}/candidatures/rapports/promotion/{cohort.pk}/")

    # Then the rates at 6 months are on the page, in figures and as an SVG chart
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport financeurs — Promo Lens 2025-1")
    expect(page.locator(".stat", has_text="personnes formées")).to_contain_text("4")
    expect(page.locator(".stat", has_text="emploi strict à 6 mois")).to_contain_text("50,0\u00a0%")
    expect(page.locator(".stat", has_text="sortie positive à 6 mois")).to_contain_text("75,0\u00a0%")
    rates_row = page.get_by_role("row", name=re.compile("^Sortie positive"))
    expect(rates_row).to_contain_text("50,0\u00a0% (2 / 4)")
    expect(rates_row).to_contain_text("75,0\u00a0% (3 / 4)")
    chart = page.locator("svg#chart-rates[role='img']")
    expect(chart).to_be_visible()
    desc = "Sortie positive : À 3 mois 50,0\u00a0%, À 6 mois 75,0\u00a0%"
    expect(chart.locator("desc")).to_contain_text(desc)

    # When the officer downloads the XLSX
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger en XLSX").click()
    download = download_info.value
    name = download.suggested_filename
    assert re.fullmatch(r"rapport-tremplin-promo-lens-2025-1-\d{4}-\d{2}-\d{2}\.xlsx", name)
    path = tmp_path / name
    download.save_as(path)

    # Then the workbook names the cohort and holds the same rates, as real numbers
    workbook = load_workbook(path)
    summary = workbook["Synthèse"]
    assert summary["B1"].value == "Promo Lens 2025-1"
    assert summary["A2"].value == "Promotion" and summary["B2"].value == "Promo Lens 2025-1"
    rows = {row[0]: row[1:3] for row in summary.iter_rows(min_col=1, max_col=3, values_only=True) if row[0]}
    assert rows["Personnes formées"] == (4, 4)
    assert rows["Taux d'emploi strict (%)"] == (0.25, 0.5)
    assert rows["Taux de sortie positive (%)"] == (0.5, 0.75)
    assert rows["Taux d'emploi durable (%)"] == (0.0, 0.25)
