"""Building blocks of the demo region: invented employers, trades, offer texts.

Every company here is invented (no name comes from the real offers data set); the communes, ROME
appellations and skills are real rows of the reference tables, looked up by label at seed time.
The tables are files beside this module (``region/*.json``), read here into the shapes the seeders
use:

- ``employers.json``: ``employers`` (key, name, INSEE code, NAF code, size band, status
  approved | pending | declined, presentation; the first two carry the demo employer accounts), the
  ``decline_reason`` of the declined ones, ``partnerships`` per employer key (kind, status, months
  since start, hires and internships per year, commitments), CRM ``interactions`` (kind, summary),
  named ``contacts`` (no login), the ``trades`` each employer hires for (the first is the most
  frequent) and, per INSEE code, the ``nearby`` communes where a job may be (a neighbouring agency or
  a client site);
- ``trades.json``: per trade, its weight (share of offers), ROME appellation labels, title patterns,
  stacks (title part, required skills, nice-to-have skills, sentence), missions, profile lines, soft
  skills, contract weights, yearly pay range, part-time share and remote weights. Skill names are
  labels or aliases of the taxonomy;
- ``texts.json``: offer intros, benefits, inclusion lines and the moderators' decline reasons;
- ``graduates.json``: the communes graduates live in (INSEE code, name, weight roughly by population),
  first and last names, per track (``Cohort.Track`` value) its skills (uids or French labels of the
  taxonomy), core skills, ROME appellation codes wished, projects (title, description, skills),
  presentations and trainer, and the contract and language sets profiles draw from.
"""

import json
from decimal import Decimal
from pathlib import Path

FILES = Path(__file__).resolve().parent / "region"

# Shared by every demo account: printed by `manage.py demo`, never used outside the demo.
DEMO_PASSWORD = "Tremplin-Lens-2026"  # noqa: S105 — a public demo password, printed on purpose
DEMO_EMAIL_SUFFIX = ".demo"

ADMIN_EMAIL = "admin@tremplin.demo"
OFFICER_EMAIL = "charge@tremplin.demo"
EMPLOYER_EMAIL = "employeur@tremplin.demo"
EMPLOYER2_EMAIL = "employeur2@tremplin.demo"
GRADUATE_EMAIL = "diplome@tremplin.demo"
TRAINER_EMAILS = ("formatrice.web@tremplin.demo", "formateur.numerique@tremplin.demo")
# The demo school's data-protection contact and sender (a deployed school gives its own in .env).
PRIVACY_CONTACT_EMAIL = "dpo@tremplin.demo"
FROM_EMAIL = "Tremplin, école du numérique de Lens <tremplin@tremplin.demo>"


# Legal pay floors in 2026 (gross): SMIC 12,02 €/h, 1 823,03 €/month for 35 h;
# internship gratification 15 % of the social-security hourly ceiling (4,50 €/h).
SMIC_HOURLY = Decimal("12.02")
SMIC_MONTHLY = Decimal("1823.03")
GRATIFICATION_HOURLY = Decimal("4.50")


def _read(name: str):
    return json.loads((FILES / name).read_text(encoding="utf-8"))


_employers = _read("employers.json")
_texts = _read("texts.json")

EMPLOYERS = [
    (e["key"], e["name"], e["insee"], e["naf"], e["size"], e["status"], e["presentation"])
    for e in _employers["employers"]
]
DECLINE_REASON = _employers["decline_reason"]
PARTNERSHIPS = {
    key: [
        (
            p["kind"],
            p["status"],
            p["months_since_start"],
            p["hires_per_year"],
            p["internships_per_year"],
            p["commitments"],
        )
        for p in rows
    ]
    for key, rows in _employers["partnerships"].items()
}
INTERACTIONS = [(i["kind"], i["summary"]) for i in _employers["interactions"]]
CONTACT_NAMES = [(c["first_name"], c["last_name"], c["job_title"]) for c in _employers["contacts"]]
EMPLOYER_TRADES = _employers["trades"]
NEARBY = _employers["nearby"]

TRADES = {
    key: {
        **trade,
        "stacks": [(s["title"], s["required"], s["nice"], s["sentence"]) for s in trade["stacks"]],
        "year": tuple(trade["year"]),
    }
    for key, trade in _read("trades.json").items()
}

INTROS = _texts["intros"]
BENEFITS = _texts["benefits"]
INCLUSION = _texts["inclusion"]
DECLINE_OFFER_REASONS = _texts["decline_offer_reasons"]

_graduates = _read("graduates.json")
GRADUATE_COMMUNES = {c["insee"]: c["weight"] for c in _graduates["communes"]}
FIRST_NAMES_F = _graduates["first_names_f"]
FIRST_NAMES_M = _graduates["first_names_m"]
LAST_NAMES = _graduates["last_names"]
GRADUATE_TRACKS = {
    key: {
        field: [(p["title"], p["description"], p["skills"]) for p in value] if field == "projects" else value
        for field, value in plan.items()
    }
    for key, plan in _graduates["tracks"].items()
}
CONTRACT_SETS = _graduates["contract_sets"]
LANGUAGE_SETS = _graduates["language_sets"]
