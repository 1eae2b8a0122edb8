import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

OFFERS = [
    {
        "id": "o-lens",
        "title": "Développeur React (H/F)",
        "text": "React, Git et Docker. Un plus : SQL.",
        "skills": [
            {"id": "react", "level": "required"},
            {"id": "git", "level": "required"},
            {"id": "sql", "level": "nice"},
        ],
        "commune_insee": "62498",
        "contract_type": "cdi",
        "remote": False,
    },
    {
        "id": "o-amiens",
        "title": "Technicien KNX",
        "text": "KNX et câblage",
        "skills": {"knx": "required"},
        "commune_insee": "80021",
        "contract_type": "cdd",
        "remote": False,
    },
]
CANDIDATES = [
    {
        "id": "c-lievin",
        "text": "React, Git",
        "skills": ["react", "git"],
        "commune_insee": "62510",
        "radius_km": 20,
        "contract_types": ["cdi"],
    },
    {
        "id": "c-knx",
        "text": "KNX",
        "skills": {"knx": "confirmed"},
        "commune_insee": "80021",
        "radius_km": 10,
        "contract_types": [],
    },
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run(*args, code=None):
    cmd = [sys.executable, "-W", "error"]
    cmd += ["-c", code] if code else ["-m", "matching.ranker"]
    return subprocess.run([*cmd, *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "offers.jsonl", OFFERS), write_jsonl(
        tmp_path / "candidates.jsonl", CANDIDATES
    )


def test_rank_offer_side_writes_one_line_per_offer_with_explained_candidates(files):
    offers, candidates = files
    out = run(
        "rank",
        "--offers",
        offers,
        "--candidates",
        candidates,
        "--side",
        "offer",
        "--top",
        "5",
        "--today",
        "2026-11-02",
    )
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["o-lens", "o-amiens"]
    lens, amiens = lines
    assert [r["id"] for r in lens["ranking"]] == ["c-lievin"]  # the Amiens graduate is 70 km away
    top = lens["ranking"][0]
    assert 0 < top["score"] < 1
    assert top["reasons"][0] == "Compétences requises : 2 sur 2 (react, git)"
    assert any(r.startswith("Habite à 3,") for r in top["reasons"])
    assert [r["id"] for r in amiens["ranking"]] == ["c-knx"]


def test_rank_candidate_side_with_custom_communes_and_improvement_hint(files, tmp_path):
    offers, candidates = files
    communes = tmp_path / "communes.csv"
    communes.write_text(
        "insee,lat,lon\n62498,50.43743,2.82106\n80021,49.90095,2.29007\n62510,50.42428,2.77292\n"
    )
    out = run(
        "rank",
        "--offers",
        offers,
        "--candidates",
        candidates,
        "--side",
        "candidate",
        "--top",
        "3",
        "--communes",
        communes,
    )
    assert out.returncode == 0, out.stderr
    lines = {x["id"]: x for x in map(json.loads, out.stdout.splitlines())}
    assert [r["id"] for r in lines["c-lievin"]["ranking"]] == ["o-lens"]
    assert lines["c-knx"]["ranking"][0]["reasons"][0] == "Compétences requises : 1 sur 1 (knx)"


def test_unknown_commune_is_a_clear_error(files, tmp_path):
    offers, _ = files
    bad = write_jsonl(tmp_path / "bad.jsonl", [dict(CANDIDATES[0], commune_insee="99999")])
    out = run("rank", "--offers", offers, "--candidates", bad, "--side", "offer")
    assert out.returncode == 2
    assert "commune INSEE inconnue '99999'" in out.stderr


def test_missing_skills_without_nlp_models_fail_clearly(files, tmp_path):
    offers, _ = files
    no_skills = write_jsonl(tmp_path / "c.jsonl", [{k: v for k, v in CANDIDATES[0].items() if k != "skills"}])
    code = (
        "import sys; sys.modules['nlp_models'] = None; from matching.ranker.cli import main; sys.exit(main())"
    )
    out = run("rank", "--offers", offers, "--candidates", no_skills, "--side", "offer", code=code)
    assert out.returncode == 2
    assert "nlp_models n'est pas utilisable" in out.stderr


def test_missing_skills_go_through_nlp_models_when_available(files, tmp_path):
    offers, _ = files
    no_skills = write_jsonl(tmp_path / "c.jsonl", [{k: v for k, v in CANDIDATES[0].items() if k != "skills"}])
    code = (
        "import sys, types\n"
        "fake = types.ModuleType('nlp_models')\n"
        "S = types.SimpleNamespace\n"
        "fake.extract_profile = lambda text: S(skills=[S(id=w.strip(',').lower(), level=None) for w in text.split()])\n"
        "fake.extract_offer = lambda text, title='': S(skills=[])\n"
        "sys.modules['nlp_models'] = fake\n"
        "from matching.ranker.cli import main\n"
        "sys.exit(main())\n"
    )
    out = run("rank", "--offers", offers, "--candidates", no_skills, "--side", "offer", code=code)
    assert out.returncode == 0, out.stderr
    lens = json.loads(out.stdout.splitlines()[0])
    assert lens["ranking"][0]["reasons"][0] == "Compétences requises : 2 sur 2 (react, git)"


def test_train_then_rank_with_the_artefact_and_refuse_a_tampered_one(tmp_path):
    from matching.ranker.simulate import simulate_region

    region = simulate_region(300, 500, seed=5)

    def offer_row(o):
        return {
            "id": o.id,
            "title": o.title,
            "text": o.text,
            "skills": o.skills,
            "lat": o.lat,
            "lon": o.lon,
            "contract_type": o.contract_type,
            "remote": o.remote,
            "start_date": o.start_date.isoformat(),
            "published_at": o.published_at.isoformat(),
            "experience_years_min": o.experience_years_min,
            "track": o.track,
        }

    def cand_row(c):
        return {
            "id": c.id,
            "text": c.text,
            "skills": c.skills,
            "lat": c.lat,
            "lon": c.lon,
            "radius_km": c.radius_km,
            "mobility": c.mobility,
            "contract_types": list(c.contract_types),
            "track": c.track,
            "available_from": c.available_from.isoformat(),
            "experience_years": c.experience_years,
        }

    offers = write_jsonl(tmp_path / "o.jsonl", [offer_row(o) for o in region.offers])
    cands = write_jsonl(tmp_path / "c.jsonl", [cand_row(c) for c in region.candidates])
    pairs = write_jsonl(tmp_path / "p.jsonl", [p.__dict__ for p in region.pairs])
    model = tmp_path / "model" / "ranker.joblib"
    out = run(
        "train",
        "--offers",
        offers,
        "--candidates",
        cands,
        "--pairs",
        pairs,
        "--out",
        model,
        "--today",
        "2026-11-02",
    )
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["n_outcomes"] == len(region.pairs)
    assert summary["metrics"]["ndcg@10_offer"] > 0.5
    assert (tmp_path / "model" / "ranker.joblib.json").exists()

    one = write_jsonl(tmp_path / "one.jsonl", [cand_row(region.candidates[0])])
    out = run(
        "rank", "--offers", offers, "--candidates", one, "--side", "candidate", "--top", "3", "--model", model
    )
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["ranking"]) == 3

    model.write_bytes(model.read_bytes()[:-1] + b"x")
    out = run("rank", "--offers", offers, "--candidates", one, "--side", "candidate", "--model", model)
    assert out.returncode == 2 and "SHA-256" in out.stderr


def test_evaluate_prints_every_method_on_both_simulators_and_the_judgements():
    out = run(
        "evaluate",
        "--offers",
        "100",
        "--graduates",
        "160",
        "--no-vectors",
        "--text-offers",
        "60",
        "--text-graduates",
        "100",
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    for name in (
        "random",
        "skill Jaccard",
        "TF-IDF cosine",
        "BM25",
        "vector (spaCy)",
        "prior model",
        "trained",
        "trained pairwise",
    ):
        assert any(line.startswith(name) for line in lines), name
    header = next(line for line in lines if line.startswith("method"))
    assert "(a) nDCG@10/off" in header and "(b) nDCG@10/off" in header and "(c) nDCG@10 judged" in header
    assert "Trained vs best baseline" in out.stdout
    assert "Objective kept" in out.stdout
    assert "(d) text only" in out.stdout
    # (d) is also judged from the true skills alone, every method on the same pairs.
    judged = lines.index(
        next(line for line in lines if line.startswith("(d) judged by the true skills alone"))
    )
    tfidf = next(line for line in lines[judged:] if line.startswith("TF-IDF cosine"))
    assert len([float(v) for v in tfidf.split()[2:]]) == 3
