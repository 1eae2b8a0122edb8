"""Walk every page of every role in one Chromium: one browser context per role and width, signed in
with the session the Django test client opened (so no login form, no lockout counter)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from .site_pages import ROLES, Page, client_for, pages_for

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def role_pages() -> dict[str, tuple[object, list[Page]]]:
    """For each role: its signed-in test client and the pages it can open."""
    result = {}
    for role in ROLES:
        client = client_for(role)
        result[role] = (client, pages_for(role, client))
    return result


@contextmanager
def role_context(browser, live_server, client, viewport: dict) -> Iterator[object]:
    """A French browser page signed in as the test client's user (anonymous when it has no session)."""
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    context.set_default_timeout(15_000)
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": live_server.url}]
        )
    try:
        yield context.new_page()
    finally:
        context.close()


def open_page(page, live_server, url: str) -> None:
    response = page.goto(f"{live_server.url}{url}", wait_until="load")
    assert response is not None and response.ok, f"{url}: {response.status if response else 'no response'}"
