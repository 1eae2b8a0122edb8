"""Every page names its icon: without one, each browser asks for /favicon.ico, which no route answers,
and logs a 404 on the first page of every visit (seen in the console walking the demo)."""

import re

from django.contrib.staticfiles import finders


def test_every_page_names_an_icon_the_static_files_serve(client, db):
    html = client.get("/offres/").content.decode()
    match = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert match, "no <link rel=icon> in base.html"
    path = finders.find(match.group(1).split("?")[0])
    assert path, f"{match.group(1)} is not a static file"
    with open(path, encoding="utf-8") as icon:
        assert icon.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
