"""No raw codes and no English on French pages.

Every page of every role (tests/e2e/site_pages.py: the URL configuration, ids from the demo region)
is rendered in French with Django's test client. Its visible text must show no value of a model
choices field as its code ("CDD, INTERIM", "Télétravail : hybrid") and no English word of our own
catalogue (a word of an English msgstr that no French msgid uses: "offer", "your", "graduate"...).
"""

from __future__ import annotations

import gettext
import gzip
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import spacy_lookups_data
from django.apps import apps
from django.conf import settings
from django.db.models import Choices

from demo.seed import demo_reset, seed_demo
from tests.e2e.site_pages import ROLES, client_for, pages_for, unclassified_routes

# Codes that are also the French word ("job dating") (or the usual French abbreviation) a page may print as such.
ALLOWED_CODES = {
    "CDI", "CDD", "job", "alternance", "placements", "suggestion", "plausible", "stage", "local", "contact",
    "public", "national", "source", "simple", "total", "type", "note", "prospect",
}  # fmt: skip
# Words of the English catalogue that French pages use as such (brands, trades, the demo's names).
ALLOWED_WORDS = {"email", "e-mail", "demo", "example", "tremplin", "back", "front"}

SKIPPED_TAGS = {"script", "style", "template", "noscript", "code"}  # <code>: identifiers, not prose
VISIBLE_ATTRIBUTES = {"placeholder", "aria-label", "alt", "title"}
# A word, hyphenated words as one ("full-stack", "front-end"), identifiers with their number ("prior-1").
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ](?:[A-Za-zÀ-ÖØ-öø-ÿ0-9_]|-(?=[A-Za-zÀ-ÖØ-öø-ÿ0-9]))*")
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|\bwww\.\S+|(?<![\w/])/[\w./-]+/")  # e-mails, URLs, paths


class VisibleText(HTMLParser):
    """The text a person reads (or hears) on a page: text nodes and a few labelling attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(part.strip() for part in parser.parts if part.strip())


def _choices_classes(model):
    yield from (
        value for value in vars(model).values() if isinstance(value, type) and issubclass(value, Choices)
    )
    module = sys.modules[model.__module__]
    yield from (
        value for value in vars(module).values() if isinstance(value, type) and issubclass(value, Choices)
    )


def choice_codes() -> dict[str, str]:
    """Every string code of our models' choices (fields, nested and module-level) whose French label differs."""
    codes: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith(
            ("backend.", "employers.", "graduates.", "placements.", "matching.")
        ):
            continue
        pairs = []
        for field in model._meta.get_fields():
            field = getattr(field, "base_field", field)  # an ArrayField's items
            pairs += (
                [(value, label, f"{model.__name__}.{field.name}") for value, label in field.flatchoices or []]
                if hasattr(field, "flatchoices")
                else []
            )
        for choices in _choices_classes(model):
            pairs += [(value, label, choices.__qualname__) for value, label in choices.choices]
        for value, label, where in pairs:
            if (
                isinstance(value, str)
                and len(value) > 1
                and str(label) != value
                and value not in ALLOWED_CODES
            ):
                codes.setdefault(value, where)
    return codes


def french_dictionary() -> set[str]:
    """The French words of spaCy's lookup tables (forms and lemmas): ~300,000 words."""
    folder = Path(spacy_lookups_data.__file__).parent / "data"
    with gzip.open(folder / "fr_lemma_lookup.json.gz") as fh:
        lookup = json.load(fh)
    with gzip.open(folder / "fr_lemma_index.json.gz") as fh:
        index = json.load(fh)
    words = set(lookup)
    for lemma in lookup.values():
        words.update(lemma if isinstance(lemma, list) else [lemma])
    for lemmas in index.values():
        words.update(lemmas)
    return words


def english_words() -> set[str]:
    """Words of our English translations that no French source string uses and French does not have."""
    with open(Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.mo", "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog
    french, english = set(), set()
    for key, msgstr in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:
            continue  # the header
        french.update(w.lower() for w in WORD.findall(msgid))
        english.update(w.lower() for w in WORD.findall(msgstr) if len(w) >= 4)
    return english - french - french_dictionary() - ALLOWED_WORDS


def offending(text: str, codes: dict[str, str], words: set[str]) -> list[str]:
    """What a French reader should not see, each with the text around it."""
    text = ADDRESSES.sub(" ", text)
    found = []
    for match in WORD.finditer(text):
        token = match.group()
        if token in codes:
            what = f"code {token!r} ({codes[token]})"
        elif token.lower() in words and not token[0].isupper():
            what = f"English {token!r}"
        else:
            continue
        around = " ".join(text[max(0, match.start() - 30) : match.end() + 30].split())
        found.append(f"{what} in «{around}»")
    return sorted(set(found))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed_demo(progress=lambda _message: None)
        yield
        demo_reset(progress=lambda _message: None)


def test_every_route_is_a_checked_page_or_says_why_not():
    assert unclassified_routes() == [], "add the route to tests/e2e/site_pages.py ARGS or NOT_PAGES"


def test_the_finder_sees_codes_and_english_words_in_visible_text_only():
    html = '<p>Contrat : CDD, INTERIM</p><select><option value="hybrid">Hybride</option></select><p>Your offer</p>'
    found = offending(
        visible_text(html), {"INTERIM": "Offer.contract_type", "hybrid": "Offer.remote"}, {"offer"}
    )
    assert found == [
        "English 'offer' in «t : CDD, INTERIM Hybride Your offer»",
        "code 'INTERIM' (Offer.contract_type) in «Contrat : CDD, INTERIM Hybride Your offer»",
    ]


def test_catalogue_gives_english_words_and_models_give_codes():
    codes, words = choice_codes(), english_words()
    assert {"INTERIM", "ALTERNANCE", "hybrid", "onsite"} <= set(codes)
    assert {"offer", "your"} <= words


def test_no_page_of_any_role_shows_a_raw_code_or_an_english_word(demo, db):
    codes, words = choice_codes(), english_words()
    problems, checked = [], 0
    for role in ROLES:
        client = client_for(role)
        for page in pages_for(role, client):
            response = client.get(page.url)
            checked += 1
            found = offending(visible_text(response.content.decode()), codes, words)
            if found:
                problems.append(f"{role} {page.url}: {', '.join(found)}")
    print(f"\nno raw codes: {checked} pages x roles rendered in French")
    assert checked >= 120
    assert problems == [], "\n".join(problems)
