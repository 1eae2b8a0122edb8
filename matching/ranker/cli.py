"""``python -m matching.ranker rank | train | evaluate`` — the ranker without the web platform."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .docs import SkillGraph


def _graph(path) -> SkillGraph | None:
    if not path:
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    broader = data.get("broader", data) if isinstance(data, dict) else {}
    labels = data.get("labels", {}) if isinstance(data, dict) and "broader" in data else {}
    return SkillGraph(broader, labels=labels)


def _today(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def cmd_rank(args) -> int:
    """Rank candidates for each offer (side offer) or offers for each candidate (side candidate)."""
    from .engine import Matcher
    from .io import TextSkills, read_documents, taxonomy_graph
    from .model import build_prior, load_model

    text_skills = TextSkills()
    offers, candidates = read_documents(
        args.offers, args.candidates, communes_path=args.communes, text_skills=text_skills
    )
    model = load_model(args.model)[0] if args.model else build_prior()
    graph = _graph(args.skill_graph)
    if graph is None and (args.taxonomy or text_skills.used):
        # Skills from nlp_models are taxonomy ids: explain them with its labels and hierarchy.
        graph = taxonomy_graph()
    matcher = Matcher(
        offers,
        candidates,
        graph=graph,
        model=model,
        today=_today(args.today),
        retrieve_n=args.retrieve,
    )
    out = sys.stdout
    if args.side == "offer":
        for o in offers:
            got = matcher.shortlist(o.id, args.top, require_reason=args.require_reason, standing=False)
            ranking = [s.as_ranking_item("offer") for s in got]
            out.write(json.dumps({"id": o.id, "ranking": ranking}, ensure_ascii=False) + "\n")
    else:
        for c in candidates:
            line = {
                "id": c.id,
                "ranking": [
                    s.as_ranking_item("candidate")
                    for s in matcher.suggest_offers(
                        c.id, args.top, require_reason=args.require_reason, standing=False
                    )
                ],
            }
            openings = matcher.skill_openings(c.id, top=1)
            if openings:
                line["improve"] = openings[0].text
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


def cmd_train(args) -> int:
    """Train on labelled pairs, save the artefact and its card, print the held-out metrics."""
    from .engine import Matcher
    from .io import read_documents, read_pairs
    from .model import load_model, save_model
    from .training import train_ranker

    offers, candidates = read_documents(args.offers, args.candidates, communes_path=args.communes)
    pairs = read_pairs(args.pairs)
    current = load_model(args.current)[0] if args.current else None
    matcher = Matcher(offers, candidates, graph=_graph(args.skill_graph), today=_today(args.today))
    report = train_ranker(matcher, pairs, current_model=current, seed=args.seed)
    path = save_model(report.model, report.card, args.out)
    print(
        json.dumps(
            {
                "artefact": str(path),
                "version": report.card.version,
                "n_outcomes": report.card.n_outcomes,
                "metrics": report.metrics,
                "current_metrics": report.current_metrics,
                "promote": report.promote,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


def cmd_evaluate(args) -> int:
    """Run the offline evaluation on a simulated region and print the table."""
    from .evaluation import format_result, run_evaluation

    res = run_evaluation(
        n_offers=args.offers,
        n_graduates=args.graduates,
        seed=args.seed,
        second=not args.no_second,
        vectors=not args.no_vectors,
        objectives=tuple(args.objectives.split(",")),
        text_only_size=None if args.no_text_only else (args.text_offers, args.text_graduates),
    )
    print(format_result(res))
    return 0


def cmd_generalise(args) -> int:
    """Score what ``rank`` does without logged outcomes on (a), (b) and (c'), beside the baselines."""
    from .generalisation import format_generalisation, run_generalisation

    res = run_generalisation(
        seeds=tuple(int(s) for s in args.seeds.split(",")),
        regions=tuple(args.regions.split(",")),
        n_offers=args.offers,
        n_graduates=args.graduates,
        trained=not args.no_trained,
    )
    print(format_generalisation(res))
    return 0


def cmd_pooled_gate(args) -> int:
    """Would the pooled gate refuse the trained models that rank the whole region worse than the prior?"""
    from .pooled_gate import format_pooled_gate, run_pooled_gate

    rows, seconds = run_pooled_gate(
        seeds=tuple(int(s) for s in args.seeds.split(",")),
        regions=tuple(args.regions.split(",")),
        n_offers=args.offers,
        n_graduates=args.graduates,
        query_sizes=tuple(int(s) for s in args.queries.split(",")),
        repeats=args.repeats,
    )
    print(format_pooled_gate(rows, seconds))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m matching.ranker``."""
    p = argparse.ArgumentParser(prog="python -m matching.ranker", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def docs_args(sp):
        sp.add_argument("--offers", required=True, help="offres, une par ligne (JSON)")
        sp.add_argument("--candidates", required=True, help="candidats, un par ligne (JSON)")
        sp.add_argument("--communes", help="CSV insee,lat,lon (défaut : backend/geo/data/communes.csv.gz)")
        sp.add_argument("--skill-graph", help="JSON {skill_id: [broader ids]} ou {broader: …, labels: …}")
        sp.add_argument("--today", help="date de référence AAAA-MM-JJ (défaut : aujourd'hui)")

    r = sub.add_parser("rank", help="classer les candidats d'une offre ou les offres d'un candidat")
    docs_args(r)
    r.add_argument("--side", choices=("offer", "candidate"), required=True)
    r.add_argument("--top", type=int, default=10)
    r.add_argument("--model", help="artefact joblib (avec son .json) ; défaut : le modèle a priori")
    r.add_argument("--retrieve", type=int, default=300, help="candidats gardés par la première étape")
    r.add_argument(
        "--require-reason",
        action="store_true",
        help="ne garder que les paires avec une vraie raison (compétence requise détenue, impliquée ou proche)",
    )
    r.add_argument(
        "--taxonomy",
        action="store_true",
        help="libellés et hiérarchie des compétences depuis nlp_models (automatique si le texte y passe)",
    )
    r.set_defaults(func=cmd_rank)

    t = sub.add_parser("train", help="entraîner sur des paires étiquetées")
    docs_args(t)
    t.add_argument("--pairs", required=True, help='{"offer_id", "candidate_id", "outcome"} par ligne')
    t.add_argument(
        "--out", required=True, help="chemin de l'artefact (.joblib) ; les métadonnées vont dans .json"
    )
    t.add_argument("--current", help="artefact en service, comparé sur le même jeu de test")
    t.add_argument("--seed", type=int, default=0)
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("evaluate", help="évaluation hors ligne sur une région simulée")
    e.add_argument("--offers", type=int, default=2500)
    e.add_argument("--graduates", type=int, default=4000)
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--no-second", action="store_true", help="sans le second simulateur (b)")
    e.add_argument("--no-vectors", action="store_true", help="sans la référence vecteurs spaCy")
    e.add_argument(
        "--objectives", default="pointwise,pairwise", help="objectifs entraînés : pointwise,pairwise"
    )
    e.add_argument("--no-text-only", action="store_true", help="sans le scénario (d) « texte seul »")
    e.add_argument("--text-offers", type=int, default=600, help="offres du scénario (d)")
    e.add_argument("--text-graduates", type=int, default=1000, help="diplômé·es du scénario (d)")
    e.set_defaults(func=cmd_evaluate)

    g = sub.add_parser(
        "generalise",
        help="le classement sans résultats de la région (a priori + texte) sur (a), (b) et (c')",
    )
    g.add_argument("--seeds", default="3,4", help="graines (développement : 3,4 ; réservées : 11,12)")
    g.add_argument("--regions", default="(a),(b),(c')", help="régions simulées : (a),(b),(c')")
    g.add_argument("--offers", type=int, default=1500)
    g.add_argument("--graduates", type=int, default=2400)
    g.add_argument("--no-trained", action="store_true", help="sans le modèle entraîné sur la région")
    g.set_defaults(func=cmd_generalise)

    pg = sub.add_parser(
        "pooled-gate",
        help="la règle de promotion sur des paires jugées tirées des deux listes (modèle en service et candidat)",
    )
    pg.add_argument("--seeds", default="3,4", help="graines (développement : 3,4 ; réservées : 11,12)")
    pg.add_argument("--regions", default="(a),(b)", help="régions simulées : (a),(b),(c')")
    pg.add_argument("--offers", type=int, default=1500)
    pg.add_argument("--graduates", type=int, default=2400)
    pg.add_argument(
        "--queries", default="10", help="offres et diplômé·es tiré·es par panier (chacun), ex. 3,5,10"
    )
    pg.add_argument("--repeats", type=int, default=5, help="tirages du panier par région")
    pg.set_defaults(func=cmd_pooled_gate)
    return p


def main(argv=None) -> int:
    """Entry point: run a sub-command; input and artefact errors exit with status 2."""
    from .io import InputError
    from .model import ArtefactError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputError, ArtefactError, ValueError, FileNotFoundError) as e:
        print(f"erreur : {e}", file=sys.stderr)
        return 2
