"""Shared templates live in one place (backend/templates/components/) and the page scripts are one file per
behaviour (backend/static/js/), served from whitenoise's manifest like in production (issue #16, item 6)."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from graduates.models import GraduateSkill

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "backend" / "static" / "js"
BASE = ROOT / "backend" / "templates" / "base.html"
SCRIPT_SRC = re.compile(r"""<script src="\{% static '([^']+)' %\}" defer></script>""")


def render(component: str, **context) -> str:
    with translation.override("fr"):
        return re.sub(r"\s+", " ", render_to_string(f"components/{component}", context))


def test_no_app_keeps_its_own_copy_of_a_component():
    components = {p.name for p in (ROOT / "backend" / "templates" / "components").glob("*.html")}
    assert {
        "field.html",
        "skill_picker.html",
        "skill_pick.html",
        "skill_row.html",
        "skill_chip.html",
        "error_summary.html",
        "pagination.html",
    } <= components
    # The domain apps' templates and backend's own apps' (taxonomy, accounts…), one level deeper.
    app_templates = [*ROOT.glob("*/templates/**/_*.html"), *ROOT.glob("backend/*/templates/**/_*.html")]
    forks = [
        str(p.relative_to(ROOT))
        for p in app_templates
        if p.name.lstrip("_") in components and ".venv" not in p.parts
    ]
    assert forks == []


def test_the_offer_picker_rows_offer_required_or_nice_and_keep_each_skills_level():
    html = render(
        "skill_picker.html",
        chosen=[{"id": 7, "label": "SQL", "level": "nice"}],
        name="skills",
        legend="Compétences recherchées",
        query_label="Ajouter une compétence",
        query_help="Tapez un mot",
        with_level=True,
        levels=[("required", "Requise"), ("nice", "Appréciée")],
        new_level="required",
    )
    chosen, template = html.split("<template>")
    assert '<input type="hidden" name="skills" value="7">' in chosen
    assert '<input type="radio" name="level_7" value="nice" checked> Appréciée' in chosen
    assert '<input type="radio" name="level_7" value="required"> Requise' in chosen
    assert '<input type="radio" name="level___ID__" value="required" checked> Requise' in template
    assert '<label for="skills-query">Ajouter une compétence</label>' in html
    assert 'aria-label="Niveau pour SQL"' in chosen


def test_the_graduate_picker_numbers_its_levels_and_starts_a_new_skill_at_guided_practice():
    html = render(
        "skill_picker.html",
        chosen=None,
        name="skills",
        legend="Ajouter des compétences",
        query_label="Chercher une compétence",
        query_help="Tapez un mot",
        with_level=True,
        levels=GraduateSkill.Level.choices,
        new_level=2,
        numbered=True,
    )
    template = html.split("<template>")[1]
    assert '<input type="radio" name="level___ID__" value="2" checked> 2 · Pratique guidée' in template
    assert '<input type="radio" name="level___ID__" value="1"> 1 · Notions' in template
    assert '<ul class="chosen-skills" data-chosen> </ul>' in html


def test_a_chip_says_retirer_with_the_skill_name_in_words_or_behind_a_cross():
    worded = render("skill_chip.html", id=3, label="Java <EE>", name="skill")
    assert 'data-remove-skill>Retirer<span class="visually-hidden"> Java &lt;EE&gt;</span></button>' in worded
    crossed = render("skill_chip.html", id=3, label="Java <EE>", name="skill", remove_sign=True)
    assert 'data-remove-skill aria-label="Retirer Java &lt;EE&gt;">×</button>' in crossed
    assert '<input type="hidden" name="skill" value="3">Java &lt;EE&gt;' in crossed


def test_the_one_line_pick_takes_its_ids_from_uid_and_key_so_a_table_can_hold_one_per_row():
    first = render(
        "skill_pick.html", name="skill", uid="alias", key=3, label="Compétence", help="Tapez un mot"
    )
    second = render("skill_pick.html", name="broader", uid="broader", key=3, label="Plus large", help="Aide")
    assert 'id="alias-3-query"' in first and 'aria-describedby="alias-3-help"' in first
    assert 'data-name="skill"' in first and 'name="skill" value="__ID__"' in first
    ids = set(re.findall(r'id="([^"]+)"', first)) | set(re.findall(r'id="([^"]+)"', second))
    assert len(ids) == 6  # query, help and suggestions of each: no id shared by two pickers of a row


def test_choices_of_reads_a_model_fields_choices_by_name():
    from django.template import engines

    template = engines["django"].from_string(
        '{% load tremplin %}{% choices_of "employers.OfferSkill.level" as levels %}'
        "{% for value, text in levels %}{{ value }}={{ text }};{% endfor %}"
    )
    with translation.override("fr"):
        assert template.render({}) == "required=Requise;nice=Appréciée;"


def test_every_script_file_is_loaded_once_shared_helpers_first():
    sources = SCRIPT_SRC.findall(BASE.read_text(encoding="utf-8"))
    assert sources[0] == "vendor/htmx.min.js"  # kanban.js hooks into htmx as it loads
    assert sources[1] == "js/core.js"  # window.Tremplin, used by the others
    assert sorted(sources[1:]) == sorted(f"js/{p.name}" for p in JS.glob("*.js"))
    assert len(set(sources)) == len(sources)


def test_each_behaviour_has_one_handler():
    """The template of a chosen skill is filled in one place (the picker and the offer analysis both
    call Tremplin.addSkill); each data-* hook is handled by one file."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in JS.glob("*.js")}
    assert [name for name, text in texts.items() if "__LABEL__" in text] == ["skill-picker.js"]
    hooks = set(re.findall(r"\[data-[a-z-]+\]", "".join(texts.values())))
    owners = {
        hook: [name for name, text in texts.items() if f'event.target.closest("{hook}")' in text]
        for hook in hooks
    }
    assert {hook: names for hook, names in owners.items() if len(names) > 1} == {}
    assert owners["[data-remove-skill]"] == ["skill-picker.js"]
    assert owners["[data-accept-detected]"] == ["offer-analysis.js"]


@pytest.mark.django_db
def test_the_scripts_are_served_from_the_manifest_with_their_hashed_names(settings, tmp_path):
    """Production's storage (whitenoise's compressed manifest): collectstatic names each script by its
    content, the pages point to those names, whitenoise serves them."""
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]  # ours only: fast
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    page = Client().get("/").content.decode()
    scripts = re.findall(r'<script src="/static/([^"]+)" defer>', page)
    assert len(scripts) == len(SCRIPT_SRC.findall(BASE.read_text(encoding="utf-8")))
    client = Client()
    for name in scripts:
        assert re.search(r"\.[0-9a-f]{12}\.js$", name), name
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        served = b"".join(response.streaming_content)
        assert served == (tmp_path / name).read_bytes()


def test_the_error_summary_links_a_hidden_field_to_its_visible_companion_only_when_asked():
    from django import forms

    class CommuneForm(forms.Form):
        commune = forms.CharField(widget=forms.HiddenInput, label="Commune")

    form = CommuneForm(data={})
    assert not form.is_valid()
    plain = render("error_summary.html", form=form, intro="Corrigez :")
    linked = render("error_summary.html", form=form, intro="Corrigez :", hidden_to_label=True)
    assert 'href="#id_commune"' in plain and "Commune :" in plain
    assert 'href="#id_commune_label"' in linked
