"""``python -m nlp_models extract`` end to end, in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin):
    return subprocess.run(
        [sys.executable, "-m", "nlp_models", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_extract_offers_writes_one_line_per_input_with_the_contract_fields():
    lines = [
        {
            "id": 1,
            "title": "Développeur web (H/F)",
            "text": "Contrat : CDI\nSalaire : 35-40 k€\nLieu : 62 - LENS\n"
            "Vous maîtrisez React et Node.js. Télétravail 2 jours par semaine. 2 ans d'expérience.",
        },
        {"id": "b", "title": None, "text": "Stage de 6 mois. Python apprécié."},
    ]
    result = run(["extract", "--kind", "offer"], "\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, "b"]
    first = out[0]
    assert set(first) == {
        "id",
        "language",
        "skills",
        "contract_type",
        "contract_months",
        "salary_min",
        "salary_max",
        "salary_period",
        "remote",
        "experience_years_min",
        "beginner_ok",
        "rome_code",
        "rome_domain",
        "commune_insee",
        "ranked_skills",
    }
    assert (first["contract_type"], first["salary_min"], first["salary_max"], first["salary_period"]) == (
        "CDI",
        35000,
        40000,
        "year",
    )
    assert first["remote"] == "hybrid" and first["experience_years_min"] == 2
    assert first["commune_insee"] == "62498" and first["rome_code"] == "M1805"
    skill = first["skills"][0]
    assert set(skill) == {"id", "label", "esco_uri", "rome_code", "kind", "level", "start", "end"}
    assert out[1]["contract_type"] == "STAGE" and out[1]["skills"][0]["level"] == "nice"


def test_extract_profiles_and_invalid_lines_are_reported_on_stderr():
    result = run(["extract", "--kind", "profile"], '{"id": 7, "text": "Git, Docker, Figma"}\nnot json\n')
    assert result.returncode == 0
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == 1 and {"Git", "Docker", "Figma"} <= {s["label"] for s in out[0]["skills"]}
    assert "ligne 2" in result.stderr
