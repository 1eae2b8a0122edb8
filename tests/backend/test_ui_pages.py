"""The accessibility statement (public, linked from every page's footer) and the staff-only style guide
that shows every component of the one stylesheet (issue #13)."""

import re
from pathlib import Path

from django.conf import settings

from backend.accounts.models import User
from backend.core.ui import AUDIT
from tests.factories import UserFactory

STYLESHEET = Path(settings.BASE_DIR) / "backend" / "static" / "css" / "tremplin.css"
# Classes of page-specific layouts or of script states, shown on their own pages rather than here.
NOT_COMPONENTS = {
    "skip", "topbar", "brand", "footer", "inline", "layout-search", "two", "three", "two-one", "autocomplete",
    "suggestions", "htmx-indicator", "htmx-request", "narrow", "visually-hidden", "page-head", "actions",
    "moderation", "report", "steps", "skill-picker", "chosen-skills", "skill-row", "name", "levels",
    "search-form", "reset", "offer-card", "offer-list", "columns", "mobile-only", "fact-actions", "kanban-jump",
    "recent", "app-list", "app-actions", "app-action-form", "app-flash", "kind-words", "offer-group",
    "notifications", "unread", "outcome-form", "wide", "more-actions", "suggestion-empty", "narrow-form",
    "chart", "emp-approved", "emp-declined", "emp-pending", "checks", "grid", "swatches", "swatch",
    "state-offer", "state-refused", "state-closed", "state-obsolete", "status-declined",
}  # fmt: skip


def test_the_statement_is_public_rgaa_shaped_and_linked_from_every_page(client, db):
    response = client.get("/accessibilite/")
    html = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Voies de recours",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "partiellement conforme" in html and "RGAA), version 4.1" in html
    assert f"soit {AUDIT['checks']} contrôles : {AUDIT['serious']} défaut grave ou critique" in html
    assert "Défenseur des droits" in html and "Libre réponse 71120" in html
    assert 'href="/accessibilite/"' in client.get("/offres/").content.decode()


def test_the_style_guide_is_for_staff_only(client, client_for, officer):
    assert client.get("/styleguide/").status_code == 302
    assert client_for(officer).get("/styleguide/").status_code == 403
    staff = UserFactory(role=User.Role.ADMIN, is_staff=True)
    assert client_for(staff).get("/styleguide/").status_code == 200


def test_the_style_guide_shows_every_component_of_the_stylesheet(client_for, db):
    html = client_for(UserFactory(role=User.Role.ADMIN, is_staff=True)).get("/styleguide/").content.decode()
    used = {name for attr in re.findall(r'class="([^"]+)"', html) for name in attr.split()}
    defined = set(
        re.findall(r"\.([a-z][a-z0-9-]*)", re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S))
    )
    assert defined - used - NOT_COMPONENTS == set()
