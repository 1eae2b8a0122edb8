"""HTML and JavaScript typed into any text field are shown as text, checked in the browser (issue #10).

Every editable text column of every row of the access matrix's world gets a payload; every page
each persona may open (the access matrix's rules that answer 200) is fetched and loaded into
Chromium, with no Content-Security-Policy to hide a fault: no payload element may exist in the
page and no payload code may have run.
"""

import os
import shutil

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from .test_access_matrix import ROLES, RULES, url_for
from .world import build_world

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium is not installed"),
]

PAYLOAD = '"><img src=x class=xss onerror="window.__xss=1"><script>window.__xss=1</script>'
PROJECT_APPS = {
    "accounts",
    "employers",
    "graduates",
    "placements",
    "matching",
    "agenda",
    "territory",
    "admissions",
}
# Not text a person types: codes, identifiers and addresses the code reads back.
NOT_TYPED = (
    "email",
    "url",
    "website",
    "siret",
    "naf",
    "insee",
    "code",
    "uid",
    "token",
    "hash",
    "key",
    "slug",
)


def _poison() -> int:
    """Append the payload to every typed text column of every row; returns how many columns."""
    poisoned = 0
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not isinstance(f, models.EmailField | models.URLField | models.SlugField)
            and f.editable
            and not f.choices
            and not f.unique
            and (f.max_length is None or f.max_length >= 100)
            and not any(word in f.name for word in NOT_TYPED)
        ]
        if not fields:
            continue
        for row in model._base_manager.all():
            for f in fields:
                value = (getattr(row, f.attname) or "") + PAYLOAD
                setattr(row, f.attname, value[: f.max_length] if f.max_length else value)
            model._base_manager.filter(pk=row.pk).update(
                **{f.attname: getattr(row, f.attname) for f in fields}
            )
            poisoned += len(fields)
    return poisoned


def test_text_typed_as_html_or_script_is_shown_as_text_on_every_page(settings):
    from playwright.sync_api import sync_playwright

    world = build_world()
    assert _poison() > 50
    # Every page first (the ORM must not run inside Playwright's event loop), then the browser.
    html = []
    for role in ROLES:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for route, cases in sorted(RULES.items()):
            if route.startswith(("api/", "admin/")):
                continue
            for _what, kwargs_for, expected in cases:
                if expected.split()[ROLES.index(role)] != "200":
                    continue
                url = url_for(route, kwargs_for(world))
                response = client.get(url)
                if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                    html.append((role, url, response.content.decode()))
                # A link that signs someone in (account activation) must not change who asks next.
                if client.session.get("_auth_user_id") != (
                    str(world.users[role].pk) if world.users[role] else None
                ):
                    client = Client()
                    if world.users[role] is not None:
                        client.force_login(world.users[role])
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        tab = browser.new_page()
        for role, url, content in html:
            tab.set_content(content, wait_until="load")
            ran = tab.evaluate("() => window.__xss === 1")
            elements = tab.evaluate("() => document.querySelectorAll('img.xss, img[src=x]').length")
            tab.evaluate("() => { window.__xss = undefined; }")  # set_content may keep the window
            if ran or elements:
                found.append(f"{role} {url}: script ran={ran}, payload elements={elements}")
        browser.close()
    pages = len(html)
    print(f"\nstored XSS: {pages} pages x roles loaded in Chromium, {len(found)} with a live payload")
    assert pages > 100
    assert not found, "\n".join(found)
