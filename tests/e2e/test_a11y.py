"""RGAA 4.1 (WCAG 2.1 AA), checked by axe-core on every page of every role at 1366 px and 390 px:
no serious or critical violation. The pages come from the URL configuration with ids from the demo
region (tests/e2e/site_pages.py); the test prints how many pages x widths it checked."""

from __future__ import annotations

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.shortcuts import render
from django.test import RequestFactory

from demo.seed import seed_demo

from .browsing import DESKTOP, PHONE, open_page, role_context, role_pages
from .site_pages import ROLES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
# RGAA 4.1 follows WCAG 2.1 AA: the rules tagged for it (the best-practice rules are at most "moderate").
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE_SOURCE = Axe().axe_script
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def blocking_violations(page) -> list[str]:
    """The serious and critical axe-core violations of the page, one line per rule with its first targets."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    lines = []
    for violation in response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            lines.append(
                f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): {'; '.join(targets)}"
            )
    return lines


def test_axe_finds_a_serious_violation_on_a_broken_page(browser):
    # A field without a label and an image without alternative text: the check can fail.
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.set_content('<html lang="fr"><body><main><input type="text"><img src="x.png"></main></body></html>')
    found = blocking_violations(page)
    context.close()
    assert any(line.startswith("label ") for line in found), found
    assert any(line.startswith("image-alt ") for line in found), found


def test_every_page_of_every_role_has_no_serious_or_critical_violation_at_both_widths(live_server, browser):
    started = time.monotonic()
    seed_demo(progress=lambda _message: None)
    problems, checked = [], 0
    for role, (client, pages) in role_pages().items():
        # One context per role; each page is loaded at 1366 px, checked, narrowed to 390 px, checked again.
        with role_context(browser, live_server, client, DESKTOP) as page:
            page.context.add_init_script(script=AXE_SOURCE)
            for site_page in pages:
                page.set_viewport_size(DESKTOP)
                open_page(page, live_server, site_page.url)
                for width, viewport in (("1366", DESKTOP), ("390", PHONE)):
                    page.set_viewport_size(viewport)
                    page.evaluate(SETTLED)  # the resize handlers (scrolling tables) have run
                    checked += 1
                    problems += [
                        f"{role} {width}px {site_page.url}: {line}" for line in blocking_violations(page)
                    ]
    print(f"\naxe-core: {checked} pages x widths checked ({len(ROLES)} roles), {len(problems)} serious/critical "
          f"in {time.monotonic() - started:.0f} s")  # fmt: skip
    assert checked >= 200
    assert problems == [], "\n".join(problems)


def test_a_page_showing_flash_messages_has_no_serious_or_critical_violation(client, browser):
    # The site-wide walk opens pages with no message on screen; the flash messages are markup of their own
    # (a status region holding a list: axe's "listitem" rule failed while the list itself carried the role).
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    messages.success(request, "Vos préférences sont enregistrées.")
    messages.error(request, "Ce lien a expiré : demandez-en un nouveau.")
    html = render(request, "base.html").content.decode()
    assert "Vos préférences sont enregistrées." in html and "Ce lien a expiré" in html
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.set_content(html)
    found = blocking_violations(page)
    context.close()
    assert found == []
