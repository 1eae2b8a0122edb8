"""Build nlp_models/data/taxonomy.json.gz from ../shared/data and nlp_models/data/curation/*.csv.

Run once after changing the sources or the curated list below; the outputs are committed so the
product runs without ../shared. The gzip streams are written with mtime=0 and the JSON with sorted,
stable ordering, so an unchanged input rebuilds byte for byte.

    .venv/bin/python scripts/build_taxonomy.py

Contents of the taxonomy (see docs/nlp.md):
- every ESCO v1.1.1 skill (English labels from the official download, French labels from the
  v1.1.2 collections and the v1.0.x full French export); the *core* subset used by the French
  matcher is the digital, transversal, DigComp and language collections, every skill linked to the
  ESCO occupations of the school's trades, the ROME savoirs of the matching ROME fiches, the
  curated project skills and the broader ancestors of all of these;
- skill -> broader skill edges and skill <-> skill relations (both ends kept);
- ROME 4.0 fiches, every appellation, and the savoirs of the relevant fiches (mapped onto ESCO when
  the label is the same concept, else kept as ``tremplin:rome-savoir-<code>``);
- curated aliases and project skills for what real French offers say.

Sources: "This service uses the ESCO classification of the European Commission." and
"Source : France Travail, ROME 4.0". The communes tables are built by scripts/build_communes.py.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from surface_forms import display_label, gender_forms, is_noun_like, short_forms, soft_cores  # noqa: E402
from surface_forms import fold as sf_fold  # noqa: E402

from nlp_models.curation import CURATION_DIR, read_aliases, read_skills  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT_DIR = ROOT / "nlp_models" / "data"
TAXONOMY_OUT = OUT_DIR / "taxonomy.json.gz"

ESCO_SKILL = "http://data.europa.eu/esco/skill/"

# ISCO-08 codes (prefixes of the ESCO occupation code) for the trades the school teaches:
# developers (web, mobile, software), analysts and data, system/network admins, ICT support and
# operations, ICT trainers / digital mediation, building electricians and home automation, ICT
# installers, statisticians.
TRADE_ISCO_PREFIXES = (
    "2511",
    "2512",
    "2513",
    "2514",
    "2519",
    "2521",
    "2522",
    "2523",
    "2529",
    "3511",
    "3512",
    "3513",
    "3514",
    "2356",
    "2120.6",
    "7411.1",
    "7421.7",
    "7422",
)

# ROME fiches whose savoirs enter the taxonomy: the whole M18 domain (systèmes d'information) plus
# data, home automation, electricity, digital mediation, training and graphic/multimedia design.
TRADE_ROME_PREFIXES = ("M18",)
TRADE_ROME_CODES = {
    "M1405",
    "M1419",
    "M1403",
    "F1134",
    "I1314",
    "F1602",
    "I1309",
    "I1307",
    "I1401",
    "G1238",
    "G1239",
    "K2111",
    "E1205",
    "E1104",
    "E1101",
    "E1124",
    "H1208",
    # IT support and operations outside M18: datacenter, support technique, administration bureautique,
    # hotline, maintenance bureautique, telephony
    "I1403",
    "I1404",
    "I1405",
    "I1406",
    "I1409",
    "I1330",
}
# Common trades of the region's offers outside the school's own (issue #11: the skills of an offer of any
# trade are read, not only digital ones): building services next to home automation (cold, heating,
# plumbing, masonry), industrial maintenance and assembly, logistics and driving, care and cleaning,
# hospitality, retail, office and sales. Chosen by hand among the high-volume trades of France Travail
# offers (no regional frequency table is in ../shared/data); their compétences and savoirs give forms as
# the school's trades' do.
REGION_ROME_CODES = {
    "I1306",
    "I1308",
    "F1603",
    "F1703",
    "I1304",
    "I1310",
    "H2909",
    "N1101",
    "N1103",
    "N1105",
    "N4101",
    "K1302",
    "J1501",
    "K2204",
    "G1602",
    "G1803",
    "D1507",
    "D1402",
    "M1203",
    "M1607",
}
TRADE_ROME_CODES |= REGION_ROME_CODES

# ---------------------------------------------------------------------------------------------
# Curated skills and aliases live in nlp_models/data/curation/*.csv (see nlp_models/curation.py):
# one row per skill (slug, French label, English label, kind, the English ESCO preferred label it
# refines — its aliases are merged into that ESCO concept, whose id is kept — or empty for a project
# skill, broader references (ESCO English preferred labels or tremplin ids), ROME codes, aliases),
# and more aliases per skill. Aliases are written as offers spell them; matching folds
# case and accents.
# ---------------------------------------------------------------------------------------------
CuratedRow = tuple[str, str, str, str, tuple[str, ...], str | None, tuple[str, ...], tuple[str, ...]]


def load_curation(
    directory: Path = CURATION_DIR,
) -> tuple[list[CuratedRow], dict[str, tuple[str, ...]]]:
    """(curated rows, more aliases by slug or skill id) from the curation CSV files."""
    # An adjective in inclusive French ("réactif(ve)") stands for its four forms (gender_forms).
    curated: list[CuratedRow] = [
        (
            s.id,
            s.fr,
            s.en,
            s.kind,
            tuple(f for a in s.aliases for f in gender_forms(a)),
            s.esco or None,
            s.broader,
            s.rome,
        )
        for s in read_skills(directory)
    ]
    more: dict[str, list[str]] = defaultdict(list)
    for row in read_aliases(directory):
        more[row.skill].extend(gender_forms(row.alias))
    return curated, {k: tuple(v) for k, v in more.items()}


CURATED, MORE_ALIASES = load_curation()


def fold(text: str) -> str:
    """Lower-case and strip accents, the form every label is compared in."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def split_labels(raw: str | None, sep: str) -> list[str]:
    if not raw:
        return []
    return [part.strip() for part in raw.split(sep) if part.strip()]


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def read_zip_csv(zip_path: Path, member: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(zip_path) as zf, zf.open(member) as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def build_taxonomy() -> dict:
    esco_fr = DATA / "esco" / "fr"
    esco_en = DATA / "esco" / "en"
    classification = esco_en / "ESCO_v1.1.1_classification_en_csv.zip"
    relations = esco_en / "ESCO_v1.1.1_relations_csv.zip"

    # --- ESCO skills: English base -------------------------------------------------------------
    skills: dict[str, dict] = {}
    for row in read_zip_csv(classification, "skills_en.csv"):
        uri = row["conceptUri"]
        kind = "knowledge" if row["skillType"] == "knowledge" else "hard_skill"
        skills[uri] = {
            "fr": "",
            "en": row["preferredLabel"].strip(),
            "alt_fr": [],
            "alt_en": split_labels(row["altLabels"], "\n"),
            "kind": kind,
            "reuse": row["reuseLevel"],
        }

    # --- French labels: v1.0.x full export, then v1.1.2 collections (newer wording wins) ----------
    for row in read_csv(esco_fr / "v1.0.x_skills_fr_nodesc_emanuellandell.csv"):
        entry = skills.get(row["conceptUri"])
        if entry is not None:
            entry["fr"] = row["preferredLabel"].strip()
            entry["alt_fr"] = split_labels(row["altLabels"], "\n")

    collections = {
        "digital": "v1.1.2_digitalSkillsCollection_fr.csv",
        "transversal": "v1.1.2_transversalSkillsCollection_fr.csv",
        "digcomp": "v1.1.2_digCompSkillsCollection_fr.csv",
        "language": "v1.1.2_languageSkillsCollection_fr.csv",
        "green": "v1.1.2_greenSkillsCollection_fr.csv",
        "research": "v1.1.2_researchSkillsCollection_fr.csv",
    }
    core: set[str] = set()
    for name, filename in collections.items():
        for row in read_csv(esco_fr / filename):
            uri = row["conceptUri"]
            entry = skills.get(uri)
            if entry is None:
                continue
            if row["preferredLabel"].strip():
                entry["fr"] = row["preferredLabel"].strip()
            alts = split_labels(row["altLabels"], "|")
            if alts:
                entry["alt_fr"] = sorted(set(entry["alt_fr"]) | set(alts))
            if name in ("digital", "transversal", "digcomp", "language"):
                core.add(uri)
            if name == "language":
                entry["kind"] = "language"
            elif name == "transversal":
                entry["kind"] = "soft_skill"

    # --- Relations --------------------------------------------------------------------------------
    occupations = read_csv(esco_fr / "v1.1.2_occupations_fr.csv")
    trade_occupations = {o["conceptUri"] for o in occupations if o["code"].startswith(TRADE_ISCO_PREFIXES)}
    for rel in read_zip_csv(relations, "occupationSkillRelations.csv"):
        if rel["occupationUri"] in trade_occupations and rel["skillUri"] in skills:
            core.add(rel["skillUri"])

    broader: dict[str, set[str]] = defaultdict(set)
    for rel in read_zip_csv(relations, "broaderRelationsSkillPillar.csv"):
        if rel["conceptUri"] in skills and rel["broaderUri"] in skills:
            broader[rel["conceptUri"]].add(rel["broaderUri"])
    related: dict[str, set[str]] = defaultdict(set)
    for rel in read_zip_csv(relations, "skillSkillRelations.csv"):
        a, b = rel["originalSkillUri"], rel["relatedSkillUri"]
        if a in skills and b in skills and a != b:
            related[a].add(b)
            related[b].add(a)

    # --- ROME ---------------------------------------------------------------------------------------
    rome_dir = DATA / "rome" / "v460"
    fiches = read_csv(rome_dir / "unix_referentiel_code_rome_v460_utf8.csv")
    appellations = read_csv(rome_dir / "unix_referentiel_appellation_v460_utf8.csv")
    savoirs = {r["code_ogr_savoir"]: r for r in read_csv(rome_dir / "unix_referentiel_savoir_v460_utf8.csv")}
    trade_fiches = {
        f["code_rome"]
        for f in fiches
        if f["code_rome"].startswith(TRADE_ROME_PREFIXES) or f["code_rome"] in TRADE_ROME_CODES
    }
    savoir_fiches: dict[str, set[str]] = defaultdict(set)
    for link in read_csv(rome_dir / "unix_coherence_item_v460_utf8.csv"):
        if link["code_rome"] in trade_fiches and link["code_ogr"] in savoirs:
            savoir_fiches[link["code_ogr"]].add(link["code_rome"])

    label_index: dict[str, str] = {}
    for uri in sorted(skills):
        entry = skills[uri]
        for label in [entry["fr"], entry["en"]]:
            if label:
                label_index.setdefault(fold(label), uri)
    en_pref_index = {fold(e["en"]): uri for uri, e in sorted(skills.items())}

    rome_codes: dict[str, set[str]] = defaultdict(set)
    extra: dict[str, dict] = {}
    for code, links in sorted(savoir_fiches.items()):
        sav = savoirs[code]
        if sav["categorie_savoir"].startswith("Certifications"):
            continue  # diplomas, not skills
        label = sav["libelle_savoir"].strip()
        uri = label_index.get(fold(label))
        if uri is not None:
            core.add(uri)
            rome_codes[uri] |= links
            skills[uri]["alt_fr"] = sorted(set(skills[uri]["alt_fr"]) | {label})
            continue
        category = sav["categorie_savoir"]
        kind = (
            "tool"
            if category.startswith("Produits")
            else ("hard_skill" if category.startswith("Techniques") else "knowledge")
        )
        if sav["sous_categorie_savoir"] == "Langues":
            kind = "language"
        sid = f"tremplin:rome-savoir-{code}"
        extra[sid] = {"fr": label, "en": "", "alt_fr": [], "alt_en": [], "kind": kind, "reuse": ""}
        rome_codes[sid] |= links

    # --- Curated ------------------------------------------------------------------------------------
    def resolve(ref: str) -> str:
        if ref.startswith("tremplin:"):
            return ref
        uri = en_pref_index.get(fold(ref))
        if uri is None:
            raise SystemExit(f"curated reference not found in ESCO English preferred labels: {ref!r}")
        return uri

    esco_forms = {
        fold(x) for e in skills.values() for x in (e["fr"], e["en"], *e["alt_fr"], *e["alt_en"]) if x
    }
    curated_ids: dict[str, str] = {}
    for slug, _fr, _en, _kind, _aliases, esco_label, _broader, _rome in CURATED:
        curated_ids[f"tremplin:{slug}"] = resolve(esco_label) if esco_label else f"tremplin:{slug}"
    slugs = {row[0] for row in CURATED}
    by_id = {k: v for k, v in MORE_ALIASES.items() if k not in slugs and ":" in k}
    unknown = set(MORE_ALIASES) - slugs - set(by_id)
    if unknown:
        raise SystemExit(f"aliases.csv names unknown curated slugs: {sorted(unknown)}")
    for slug, label_fr, label_en, kind, aliases, esco_label, broader_refs, codes in CURATED:
        aliases = (*aliases, *MORE_ALIASES.get(slug, ()))
        sid = curated_ids[f"tremplin:{slug}"]
        if esco_label:
            entry = skills[sid]
            entry["curated"] = sorted(set(entry.get("curated", [])) | set(aliases) | {label_fr, label_en})
            entry["kind"] = kind
            if not entry["fr"]:
                entry["fr"] = label_fr
        else:
            extra[sid] = {
                "fr": label_fr,
                "en": label_en,
                "alt_fr": [],
                "alt_en": [],
                # The labels count as hand-written too: a project skill without aliases ("Snowflake",
                # "Flask") must not lose its one-word label to the ordinary-word filter. Not a label that
                # an ESCO concept already has ("Kanban"): that concept keeps the form.
                "curated": sorted(
                    set(aliases) | {x for x in (label_fr, label_en) if fold(x) not in esco_forms}
                ),
                "kind": kind,
                "reuse": "",
            }
        core.add(sid)
        for ref in broader_refs:
            target = curated_ids.get(ref) or resolve(ref)
            if target != sid:
                broader[sid].add(target)
        rome_codes[sid] |= set(codes)

    skills.update(extra)

    # Aliases filed against a skill id (ESCO URI or tremplin id) rather than a curated slug: officers'
    # decisions on "termes à classer" exported by nlp_models.curation.append_alias.
    for sid, aliases in sorted(by_id.items()):
        if sid not in skills:
            raise SystemExit(f"aliases.csv names an unknown skill id: {sid!r}")
        entry = skills[sid]
        entry["curated"] = sorted(set(entry.get("curated", [])) | set(aliases))
        core.add(sid)

    generated, areas, display, objects = generate_forms(
        skills, core, rome_codes, trade_fiches, trade_occupations, rome_dir, relations, curated_ids, related
    )

    # Ancestors of core skills are core too: partial credit needs them present and matchable.
    frontier = list(core)
    while frontier:
        uri = frontier.pop()
        for parent in broader.get(uri, ()):
            if parent not in core:
                core.add(parent)
                frontier.append(parent)

    out_skills = []
    for sid in sorted(skills):
        entry = skills[sid]
        label_fr = entry["fr"] or entry["en"]
        label_en = entry["en"] or entry["fr"]
        aliases = (
            set(entry["alt_fr"])
            | set(entry["alt_en"])
            | set(entry.get("curated", []))
            | generated.get(sid, set())
        )
        aliases = sorted(a for a in aliases if a and a not in (label_fr, label_en))
        out_skills.append(
            {
                "id": sid,
                "fr": label_fr,
                "en": label_en,
                "aliases": aliases,
                "kind": entry["kind"],
                "broader": sorted(b for b in broader.get(sid, ()) if b in skills),
                "related": sorted(r for r in related.get(sid, ()) if r in skills),
                "rome": sorted(rome_codes.get(sid, ())),
                "core": sid in core,
                "curated": sorted(entry.get("curated", [])),
                "areas": sorted(areas.get(sid, ())),
                "objects": sorted(objects.get(sid, ())),
                "display": display.get(sid) or display_label(label_fr),
            }
        )
    return {
        "format": 1,
        "sources": {
            "esco": "ESCO v1.1.1 (en), v1.1.2 collections and v1.0.x export (fr) — This service uses the "
            "ESCO classification of the European Commission.",
            "rome": "ROME 4.0 v460 — Source : France Travail, ROME 4.0",
        },
        "skills": out_skills,
        "occupations": sorted([f["code_rome"], f["libelle_rome"]] for f in fiches),
        "appellations": sorted(
            [a["code_ogr"], a["libelle_appellation_long"], a["code_rome"]] for a in appellations
        ),
    }


def generate_forms(
    skills: dict[str, dict],
    core: set[str],
    rome_codes: dict[str, set[str]],
    trade_fiches: set[str],
    trade_occupations: set[str],
    rome_dir: Path,
    relations: Path,
    curated_ids: dict[str, str],
    related: dict[str, set[str]],
) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str], dict[str, set[str]]]:
    """Surface forms from ROME and ESCO labels (see scripts/surface_forms.py); adds skills in place.

    - the compétences (savoir-faire) and savoirs of the trade fiches and the skills ESCO links to the
      trade occupations give short forms ("Gestion des sauvegardes" -> "sauvegardes"); a compétence
      becomes ``tremplin:rome-competence-<code>``. A form goes to the core skill whose own label it is
      (qualifiers aside), else to the skill with the shortest label that produced it; a form that
      already names another core skill, or a hand-curated form, is left to that skill. One-word forms
      are *knowledge areas*: the matcher takes them in lower case (``areas``);
    - the ROME savoir-être ("Faire preuve de rigueur et de précision") give French phrasings of the soft
      skills: each noun joins the soft skill that already has it, else a new
      ``tremplin:rome-savoir-etre-<code>`` skill;
    - ``display``: a short natural French label per skill where the French label is not one: the
      curated French label of a refined ESCO concept ("Rigueur", not "veiller aux détails").
    - ``objects``: forms of a design discipline that ROME uses as the object of a task ("maquettes").
    Returns (generated forms, knowledge-area forms, display labels, task objects), by skill."""
    items = {r["code_ogr"]: r["libelle"] for r in read_csv(rome_dir / "unix_item_v460_utf8.csv")}
    competences = {r["code_ogr"]: r for r in read_csv(rome_dir / "unix_referentiel_competence_v460_utf8.csv")}
    savoirs = {r["code_ogr_savoir"]: r for r in read_csv(rome_dir / "unix_referentiel_savoir_v460_utf8.csv")}
    curated_sids = set(curated_ids.values())
    curated_forms = {fold(x): sid for sid in sorted(curated_sids) for x in skills[sid].get("curated", [])}

    def own_forms(entry: dict) -> set[str]:
        return {fold(x) for x in (entry["fr"], entry["en"], *entry["alt_fr"], *entry["alt_en"]) if x}

    label_owner: dict[str, str] = {}
    for sid in sorted(core):
        for form in own_forms(skills[sid]):
            label_owner.setdefault(form, sid)

    # (form -> {skill id}) from the trade fiches' items and the trade occupations' skills.
    sources: list[tuple[str, str]] = []
    links: dict[str, set[str]] = defaultdict(set)
    for link in read_csv(rome_dir / "unix_coherence_item_v460_utf8.csv"):
        if link["code_rome"] in trade_fiches:
            links[link["code_ogr"]].add(link["code_rome"])
    soft_items: list[tuple[str, str]] = []
    label_index = {fold(e["fr"]): uri for uri, e in sorted(skills.items()) if e["fr"]}
    # Items only the region's common trades hold give multi-word forms only: their one-word heads
    # ("entretien", "moteur", "organisation", "handicap") are other things in most offers.
    region_sources: set[tuple[str, str]] = set()
    for code in sorted(links):
        label = items.get(code, "").strip()
        if not label:
            continue
        comp = competences.get(code)
        region_only = links[code] <= REGION_ROME_CODES
        if comp is not None and comp["cat_comp"].startswith("Savoir-être"):
            if not region_only:
                soft_items.append((code, label))
            continue
        if comp is not None:
            sid = label_index.get(fold(label)) or f"tremplin:rome-competence-{code}"
            if sid not in skills:
                skills[sid] = {
                    "fr": label,
                    "en": "",
                    "alt_fr": [],
                    "alt_en": [],
                    "kind": "hard_skill",
                    "reuse": "",
                }
            core.add(sid)
            rome_codes[sid] |= links[code]
            sources.append((sid, label))
            if region_only:
                region_sources.add((sid, label))
        elif code in savoirs and not savoirs[code]["categorie_savoir"].startswith("Certifications"):
            sid = label_index.get(fold(label)) or f"tremplin:rome-savoir-{code}"
            if sid in skills:
                sources.append((sid, label))
                if region_only:
                    region_sources.add((sid, label))
    for rel in read_zip_csv(relations, "occupationSkillRelations.csv"):
        uri = rel["skillUri"]
        essential = rel["occupationUri"] in trade_occupations and rel["relationType"] == "essential"
        if essential and uri in skills and skills[uri]["fr"] and skills[uri]["kind"] != "language":
            sources.append((uri, skills[uri]["fr"]))

    candidates: dict[str, set[str]] = defaultdict(set)
    spelling: dict[str, str] = {}
    recurrence: dict[str, set[str]] = defaultdict(set)  # singular key -> labels that produced it
    for sid, label in sorted(set(sources)):
        heads = {sf_fold(f) for f in short_forms(label, examples=False)}
        for form in short_forms(label):
            if (sid, label) in region_sources and " " not in form.strip():
                continue
            key = sf_fold(form)
            candidates[key].add(sid)
            spelling.setdefault(key, form)
            if key not in heads:
                continue  # an item of a parenthesised example list: a form, never a knowledge area
            # a savoir or an ESCO knowledge concept is about its head; a compétence counts once
            weight = 2 if sid.startswith("tremplin:rome-savoir-") or skills[sid]["kind"] == "knowledge" else 1
            recurrence[re.sub(r"[sx]$", "", key)] |= {fold(label) + "#" * i for i in range(weight)}

    def rank(key: str, sid: str) -> tuple:
        entry = skills[sid]
        own = {sf_fold(re.sub(r"\s*\([^)]*\)", "", x)) for x in (entry["fr"], *entry["alt_fr"]) if x}
        qualified = any(x.split(" ")[0] == key for x in own)
        return (key not in own, not qualified, len(entry["fr"] or entry["en"]), sid)

    generated: dict[str, set[str]] = defaultdict(set)
    areas: dict[str, set[str]] = defaultdict(set)
    area_groups: dict[str, list[tuple[str, str, set[str]]]] = defaultdict(list)
    for key, sids in sorted(candidates.items()):
        if key in curated_forms:
            continue  # a hand-curated form stays with its skill
        if key in label_owner and label_owner[key] not in sids:
            owner = label_owner[key]  # a form that already names another skill stays with it
        else:
            owner = min(sids, key=lambda sid: rank(key, sid))
            generated[owner].add(spelling[key])
        core.add(owner)
        # A knowledge area is a one-word noun that several ROME / ESCO labels are about.
        if " " not in key and is_noun_like(spelling[key]) and len(recurrence[re.sub(r"[sx]$", "", key)]) >= 2:
            area_groups[re.sub(r"[sx]$", "", key.replace("-", ""))].append((key, owner, sids))

    # Each knowledge area is a skill of its own, shown as the word itself ("Sauvegardes", not "Gestion
    # des sauvegardes et des restaurations"), singular and plural together, related to the ROME / ESCO
    # skills it was read from; unless a skill of the taxonomy is already named by that word ("Ruby").
    for members in (area_groups[stem] for stem in sorted(area_groups)):
        owners = {owner for _, owner, _ in members}
        named = sorted(
            o
            for o in owners
            if sf_fold(re.sub(r"\s*\([^)]*\)", "", skills[o]["fr"] or skills[o]["en"]))
            in {k for k, _, _ in members}
        )
        forms = sorted({spelling[k] for k, _, _ in members})
        if named:
            areas[named[0]] |= set(forms)
            generated[named[0]] |= set(forms)
            continue
        # the spelling most source labels use ("Réseaux", "Maintenance"), then the shorter one
        used = set().union(*(recurrence[re.sub(r"[sx]$", "", k)] for k, _, _ in members))
        label = max(
            forms,
            key=lambda f: (sum(bool(re.search(rf"\b{re.escape(sf_fold(f))}\b", x)) for x in used), -len(f)),
        )
        label = label[:1].upper() + label[1:]
        sid = f"tremplin:area-{slugify(label)}"
        sources = sorted({x for _, _, sids in members for x in sids} | owners)
        skills[sid] = {"fr": label, "en": "", "alt_fr": [], "alt_en": [], "kind": "knowledge", "reuse": ""}
        core.add(sid)
        generated[sid] |= set(forms)
        areas[sid] |= set(forms)
        for other in sources:
            generated[other] -= set(forms)
            related[sid].add(other)
            related[other].add(sid)
            rome_codes[sid] |= rome_codes.get(other, set())

    # Soft skills: the savoir-être of ROME, filed under the soft skill that already has the noun.
    soft_owner: dict[str, str] = {}
    for sid in sorted(core, key=lambda s: (s not in curated_sids, s)):
        if skills[sid]["kind"] == "soft_skill":
            for form in own_forms(skills[sid]) | {fold(x) for x in skills[sid].get("curated", [])}:
                soft_owner.setdefault(form, sid)
    for code, label in soft_items:
        cores = soft_cores(label)
        if not cores:
            continue
        owner = next((soft_owner[fold(c)] for c in cores if fold(c) in soft_owner), None)
        if owner is None:
            owner = f"tremplin:rome-savoir-etre-{code}"
            skills[owner] = {
                "fr": cores[0],
                "en": "",
                "alt_fr": [],
                "alt_en": [],
                "kind": "soft_skill",
                "reuse": "",
            }
            core.add(owner)
        rome_codes[owner] |= links[code]
        generated[owner] |= {label} | {c for c in cores if fold(c) not in soft_owner}
        # one-word soft skills ("réactivité", "persévérance") are taken although they are ordinary words
        areas[owner] |= {
            c for c in cores if " " not in c and is_noun_like(c) and soft_owner.get(fold(c), owner) == owner
        }
        for c in cores:
            soft_owner.setdefault(fold(c), owner)

    # Display labels: the curated French label of a refined ESCO concept; a soft skill's own label when
    # it is a noun phrase, else its shortest French alternative that is one.
    display: dict[str, str] = {}
    for slug, label_fr, _en, _kind, _aliases, esco_label, _b, _r in CURATED:
        sid = curated_ids[f"tremplin:{slug}"]
        if esco_label and sid not in display:
            display[sid] = display_label(label_fr)
    for sid in sorted(core):
        entry = skills[sid]
        if sid in display or entry["kind"] != "soft_skill" or not entry["fr"]:
            continue
        first = entry["fr"].split()[0]
        if is_noun_like(first):
            continue
        if display_label(entry["fr"]).lower() != entry["fr"].lower():
            display[sid] = display_label(entry["fr"])  # "Faire preuve de loyauté" -> "Loyauté"
            continue
        nouns = sorted((x for x in entry["alt_fr"] if is_noun_like(x.split()[0])), key=lambda x: (len(x), x))
        if nouns:
            display[sid] = display_label(nouns[0])
    # Task objects of design disciplines: a one-word form of a design skill ("maquettes") that ROME's
    # compétences use as the object of a verb ("Concevoir la maquette d'un site web"). The matcher gives
    # "intégrer des maquettes" to the verb's skill (the task), not to the design discipline.
    objects_of_verbs = set()
    for sid in core:
        if sid.startswith("tremplin:rome-competence-"):
            for m in re.finditer(r"\b(?:la|le|les|une|un|des|l')\s*([a-z-]+)", fold(skills[sid]["fr"])):
                objects_of_verbs.add(re.sub(r"[sx]$", "", m.group(1)))
    objects: dict[str, set[str]] = defaultdict(set)
    for sid in sorted(curated_sids):
        entry = skills[sid]
        if "design" not in fold(entry["en"]):
            continue
        for form in entry.get("curated", []):
            if " " not in form and re.sub(r"[sx]$", "", fold(form)) in objects_of_verbs:
                objects[sid].add(form)
    return generated, areas, display, objects


def gz_json_bytes(payload: dict) -> bytes:
    """Sorted compact JSON, gzip with mtime=0: the committed file is byte-identical across rebuilds."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buffer.getvalue()


def write_gz_json(path: Path, payload: dict) -> int:
    raw = gz_json_bytes(payload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return len(raw)


def build() -> dict[Path, bytes]:
    """The taxonomy's bytes by target path (``scripts/rebuild.py`` writes or checks them)."""
    if not DATA.exists():
        raise SystemExit(f"Source introuvable : {DATA}")
    return {TAXONOMY_OUT: gz_json_bytes(build_taxonomy())}


def main() -> int:
    if not DATA.exists():
        print(f"Source introuvable : {DATA}", file=sys.stderr)
        return 1
    taxonomy = build_taxonomy()
    size = write_gz_json(TAXONOMY_OUT, taxonomy)
    n_core = sum(1 for s in taxonomy["skills"] if s["core"])
    print(
        f"{len(taxonomy['skills'])} skills ({n_core} core), {len(taxonomy['occupations'])} ROME fiches, "
        f"{len(taxonomy['appellations'])} appellations -> {TAXONOMY_OUT.relative_to(ROOT)} ({size / 1e6:.2f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
