"""Retraining: logged outcomes in, a trained model evaluated on held-out offers, promoted only if better.

Outcomes are read by :func:`matching.outcomes.logged_outcomes`; until there are enough of them
(``MIN_OUTCOMES_TO_TRAIN``), the documented prior keeps serving.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from matching.ranker import save_model, train_ranker
from matching.ranker.model import MIN_OUTCOMES_TO_TRAIN, MIN_POSITIVES_TO_TRAIN
from matching.ranker.training import MIN_POOLED_TO_GATE

from .. import ranker_bridge
from ..judgements import judgements_for_ranker
from ..models import RankerVersion
from ..outcomes import logged_outcomes
from ..serving import ranker_current, ranker_model
from .scores import scores_refresh_all

ARTEFACT_DIR = Path("var") / "models"


@dataclass
class RetrainReport:
    n_outcomes: int = 0
    trained: bool = False
    promoted: bool = False
    version: str = ""
    lines: list[str] = field(default_factory=list)


def _json_safe(metrics: dict) -> dict:
    """NaN (a metric with no list to average, e.g. no judged pair held out) is stored as null."""
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in metrics.items()}


def _fmt(value) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


def ranker_retrain(*, wet_run: bool) -> RetrainReport:
    """Train on logged outcomes; with ``wet_run``, save the artefact and promote it if it is better."""
    current = ranker_current()
    pairs = logged_outcomes()
    report = RetrainReport(n_outcomes=len(pairs), version=current.version)
    report.lines.append(f"Modèle en service : {current.version}{' (a priori)' if current.is_prior else ''}.")
    report.lines.append(f"{len(pairs)} résultat(s) enregistré(s).")
    everything = judgements_for_ranker()
    # Judgements of the pooled queue compare models (the pooled gate) and do not train them.
    judged = [j for j in everything if not j.proposed_by]
    pooled = [j for j in everything if j.proposed_by]
    if judged:
        report.lines.append(f"{len(judged)} jugement(s) de chargé·es d'insertion.")
    if pooled:
        report.lines.append(f"{len(pooled)} jugement(s) de la file commune (comparaison des modèles).")
    positives = sum(p.outcome in ("interview", "hired") for p in pairs)
    if len(pairs) < MIN_OUTCOMES_TO_TRAIN or positives < MIN_POSITIVES_TO_TRAIN:
        report.lines.append(
            f"Pas assez de résultats pour entraîner (il en faut {MIN_OUTCOMES_TO_TRAIN} dont "
            f"{MIN_POSITIVES_TO_TRAIN} entretiens ou embauches) : le modèle a priori continue de servir."
            if current.is_prior
            else "Pas assez de résultats pour entraîner : le modèle en service est conservé."
        )
        return report
    # Past offers (filled, expired) carry most outcomes: the matcher must know them to train.
    matcher = ranker_bridge.build_matcher(
        model=ranker_model(current), also_offer_ids={int(p.offer_id) for p in pairs}
    )
    # Officers' judgements enter training with the outcomes, and the promotion rule reads them.
    trained = train_ranker(matcher, pairs, judgements=judged, pooled=pooled, current_model=matcher.model)
    report.trained = True
    report.lines.append(
        f"Nouveau modèle {trained.card.version} : nDCG@10 par offre {trained.metrics.get('ndcg@10_offer', 0):.3f} "
        f"contre {(trained.current_metrics or {}).get('ndcg@10_offer', 0):.3f} pour le modèle en service."
    )
    n_pooled = int(trained.metrics.get("n_pooled", 0) or 0)
    if n_pooled:
        new_p, cur_p = (
            trained.metrics.get("ndcg@10_pooled"),
            (trained.current_metrics or {}).get("ndcg@10_pooled"),
        )
        report.lines.append(
            f"Sur {n_pooled} paire(s) jugée(s) de la file commune : nDCG@10 {_fmt(new_p)} contre {_fmt(cur_p)}"
            + (
                f" (la règle en tient compte à partir de {MIN_POOLED_TO_GATE})."
                if n_pooled < MIN_POOLED_TO_GATE
                else "."
            )
        )
    if not wet_run:
        report.lines.append(
            ("Il serait promu" if trained.promote else "Il ne serait pas promu")
            + ". Rien n'a été modifié : relancez avec --wet-run."
        )
        return report
    relative = ARTEFACT_DIR / f"ranker-{trained.card.version}.joblib"
    save_model(trained.model, trained.card, Path(settings.BASE_DIR) / relative)
    with transaction.atomic():
        if trained.promote:
            RankerVersion.objects.filter(is_current=True).update(is_current=False)
        RankerVersion.objects.create(
            version=trained.card.version,
            trained_at=timezone.now(),
            n_outcomes=trained.card.n_outcomes,
            metrics={
                "new": _json_safe(trained.metrics),
                "current": _json_safe(trained.current_metrics or {}),
                # Held-out reliability bins: the calibration curve of the ranker page.
                "calibration": trained.calibration,
            },
            artefact_path=str(relative),
            is_current=trained.promote,
        )
    report.promoted = trained.promote
    if trained.promote:
        # Scores are keyed by version: the new model's rows are written now, the old ones stay.
        counts = scores_refresh_all()
        report.lines.append(f"{counts['pairs']} paire(s) notée(s) avec le nouveau modèle.")
    report.lines.append(
        "Promu : il sert désormais." if trained.promote else "Non promu : l'ancien modèle sert."
    )
    return report
