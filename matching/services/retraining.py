"""Retraining: logged outcomes in, a trained model evaluated on held-out offers, promoted only if better.

Outcomes are read by :func:`matching.outcomes.logged_outcomes`; until there are enough of them
(``MIN_OUTCOMES_TO_TRAIN``), the documented prior keeps serving.

A trained model that wins on logged outcomes does not serve before officers had their say: while
fewer than ``MIN_POOLED_TO_GATE`` pairs of the pooled queue are judged, it is saved **pending**
(``RankerVersion.Status``) and the pooled queue compares it with the serving model. Each run first
decides the pending candidate (:func:`ranker_decide_pending`): once enough pooled pairs are judged,
both models are scored on them again, without retraining, and the candidate is promoted (scores
refreshed) or refused, said why with the figures. A newer winning candidate supersedes a pending one.
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
from matching.ranker.pooling import POOLED_METRIC, pooled_metrics
from matching.ranker.training import (
    JUDGEMENT_METRIC,
    MIN_JUDGEMENTS_TO_GATE,
    MIN_POOLED_TO_GATE,
    PROMOTION_METRIC,
    should_promote,
)

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
    pending: bool = False  # the trained model waits for pooled judgements (saved pending)
    version: str = ""
    decided: str = ""  # what became of the candidate that was pending: "promoted", "refused" or ""
    lines: list[str] = field(default_factory=list)


def _json_safe(metrics: dict) -> dict:
    """NaN (a metric with no list to average, e.g. no judged pair held out) is stored as null."""
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in metrics.items()}


def _today() -> str:
    """The day a decision is dated, as every decision text writes it (« 08/12/2026 »)."""
    return f"{timezone.localdate():%d/%m/%Y}"


def _fmt(value) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


def _n_pooled(new: dict, current: dict | None) -> int:
    """Judged pooled pairs both models were scored on (what the pooled gate counts)."""
    return int(min(new.get("n_pooled", 0) or 0, (current or {}).get("n_pooled", 0) or 0))


def _pooled_figures(new: dict, current: dict | None) -> str:
    return (
        f"sur {_n_pooled(new, current)} paires jugées de la file commune, nDCG@10 {_fmt(new.get(POOLED_METRIC))} "
        f"contre {_fmt((current or {}).get(POOLED_METRIC))} pour le modèle en service"
    )


def _refusal(new: dict, current: dict | None) -> str:
    """Why :func:`should_promote` refused, in its order: judgements, pooled judgements, logged outcomes."""
    cur = current or {}

    def worse(metric: str, count: str, minimum: int) -> bool:
        a, b = new.get(metric), cur.get(metric)
        n = min(new.get(count, 0) or 0, cur.get(count, 0) or 0)
        return (
            n >= minimum
            and a is not None
            and b is not None
            and not math.isnan(a)
            and not math.isnan(b)
            and a < b
        )

    if worse(JUDGEMENT_METRIC, "n_judgements", MIN_JUDGEMENTS_TO_GATE):
        return (
            f"il classe moins bien que le modèle en service les paires jugées par les chargé·es d'insertion "
            f"(nDCG@10 {_fmt(new.get(JUDGEMENT_METRIC))} contre {_fmt(cur.get(JUDGEMENT_METRIC))})"
        )
    if worse(POOLED_METRIC, "n_pooled", MIN_POOLED_TO_GATE):
        return f"il classe moins bien les paires de la file commune ({_pooled_figures(new, cur)})"
    return (
        f"il ne fait pas assez mieux sur les candidatures passées (nDCG@10 par offre "
        f"{_fmt(new.get(PROMOTION_METRIC))} contre {_fmt(cur.get(PROMOTION_METRIC))} ; il faut au moins "
        f"0,005 de plus sans perdre plus de 0,02 sur les autres mesures)"
    )


def _promote(version: RankerVersion, decision: str) -> None:
    """``version`` serves; the one that served is retired."""
    with transaction.atomic():
        RankerVersion.objects.select_for_update().filter(is_current=True).update(
            is_current=False, status=RankerVersion.Status.RETIRED
        )
        RankerVersion.objects.filter(pk=version.pk).update(
            is_current=True, status=RankerVersion.Status.SERVING, decided_at=timezone.now(), decision=decision
        )


def _artefact_exists(version: RankerVersion) -> bool:
    path = Path(version.artefact_path)
    return (path if path.is_absolute() else Path(settings.BASE_DIR) / path).exists()


def ranker_decide_pending(*, wet_run: bool, report: RetrainReport | None = None) -> RetrainReport:
    """Decide the pending candidate, if any, without retraining: once ``MIN_POOLED_TO_GATE`` pooled
    pairs are judged, score it and the serving model on every pooled judgement and apply the
    promotion rule to its stored held-out metrics plus these; promote it (scores refreshed) or refuse
    it. With fewer judged pairs it stays pending. Without ``wet_run``, only says what it would do."""
    from ..pooling import pooled_judgements

    report = report or RetrainReport()
    pending = RankerVersion.objects.filter(status=RankerVersion.Status.PENDING).first()
    if pending is None:
        return report
    current = ranker_current()
    stored = pending.metrics or {}
    refusal = ""
    if stored.get("serving") and stored["serving"] != current.version:
        refusal = (
            f"le modèle en service a changé depuis son entraînement ({stored['serving']} puis "
            f"{current.version}) : ses mesures ne le comparent plus au bon modèle"
        )
    elif not _artefact_exists(pending):
        refusal = f"son fichier ({pending.artefact_path}) est introuvable sur ce serveur"
    new_p: dict = {}
    cur_p: dict = {}
    if not refusal:
        judged = pooled_judgements()
        matcher = ranker_bridge.build_matcher(
            model=ranker_model(current), also_offer_ids={int(j.offer_id) for j in judged}
        )
        new_p = pooled_metrics(matcher, judged, ranker_model(pending))
        cur_p = pooled_metrics(matcher, judged, ranker_model(current))
        n = _n_pooled(new_p, cur_p)
        if n < MIN_POOLED_TO_GATE:
            report.lines.append(
                f"Modèle candidat {pending.version} en attente : {n} paire(s) jugée(s) de la file commune "
                f"sur {MIN_POOLED_TO_GATE} ; il en reste {MIN_POOLED_TO_GATE - n} à juger avant qu'il puisse servir."
            )
            return report
        new_m = {k: v for k, v in (stored.get("new") or {}).items() if v is not None} | new_p
        cur_m = {k: v for k, v in (stored.get("current") or {}).items() if v is not None} | cur_p
        if not should_promote(new_m, cur_m):
            refusal = _refusal(new_m, cur_m)
    promote = not refusal
    decision = (
        f"Promu le {_today()} : il gagnait sur les candidatures passées et {_pooled_figures(new_p, cur_p)}."
        if promote
        else f"Refusé le {_today()} : {refusal}."
    )
    report.decided = "promoted" if promote else "refused"
    if not wet_run:
        report.lines.append(
            f"Modèle candidat {pending.version} : "
            + ("il serait promu" if promote else "il serait refusé")
            + f" ({decision}) Rien n'a été modifié : relancez avec --wet-run."
        )
        return report
    pending.metrics = stored | {
        "pooled_decision": _json_safe(new_p) | {"serving_" + k: v for k, v in _json_safe(cur_p).items()}
    }
    pending.save(update_fields=["metrics"])
    if promote:
        _promote(pending, decision)
        report.promoted = True
        report.version = pending.version
        counts = scores_refresh_all()
        report.lines.append(f"Modèle candidat {pending.version}. {decision}")
        report.lines.append(f"{counts['pairs']} paire(s) notée(s) avec le nouveau modèle.")
    else:
        RankerVersion.objects.filter(pk=pending.pk).update(
            status=RankerVersion.Status.REFUSED, decided_at=timezone.now(), decision=decision
        )
        report.lines.append(
            f"Modèle candidat {pending.version}. {decision} Le modèle {current.version} sert toujours."
        )
    return report


def ranker_retrain(*, wet_run: bool) -> RetrainReport:
    """Decide the pending candidate (:func:`ranker_decide_pending`), then train on logged outcomes;
    with ``wet_run``, save the artefact and promote it if it is better (pending until enough pooled
    pairs are judged)."""
    report = ranker_decide_pending(wet_run=wet_run)
    current = ranker_current()
    pairs = logged_outcomes()
    report.n_outcomes, report.version = len(pairs), current.version
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
    n_pooled = _n_pooled(trained.metrics, trained.current_metrics)
    if n_pooled:
        report.lines.append(
            f"Sur {n_pooled} paire(s) jugée(s) de la file commune : nDCG@10 "
            f"{_fmt(trained.metrics.get(POOLED_METRIC))} contre {_fmt((trained.current_metrics or {}).get(POOLED_METRIC))}"
            + (
                f" (la règle en tient compte à partir de {MIN_POOLED_TO_GATE})."
                if n_pooled < MIN_POOLED_TO_GATE
                else "."
            )
        )
    # A winner on logged outcomes serves only once officers judged enough pooled pairs; until then it waits.
    wait = trained.promote and n_pooled < MIN_POOLED_TO_GATE
    pending = RankerVersion.objects.filter(status=RankerVersion.Status.PENDING).first()
    data_hash = trained.card.training_data_hash
    if wait and pending is not None and (pending.metrics or {}).get("training_data_hash") == data_hash:
        report.lines.append(
            f"Le modèle candidat {pending.version}, en attente, a été entraîné sur les mêmes données : "
            "il reste le candidat, rien n'est enregistré."
        )
        return report
    if trained.promote and not wait:
        verdict = (
            f"Promu le {_today()} : il gagne sur les candidatures passées et "
            f"{_pooled_figures(trained.metrics, trained.current_metrics)}."
        )
    elif wait:
        verdict = (
            f"En attente depuis le {_today()} : il gagne sur les candidatures passées ; "
            f"il servira si, sur {MIN_POOLED_TO_GATE} paires jugées de la file commune, il classe au moins "
            f"aussi bien que le modèle en service."
        )
    else:
        verdict = f"Refusé le {_today()} : {_refusal(trained.metrics, trained.current_metrics)}."
    if not wet_run:
        report.lines.append(verdict + " Rien n'a été modifié : relancez avec --wet-run.")
        return report
    relative = ARTEFACT_DIR / f"ranker-{trained.card.version}.joblib"
    save_model(trained.model, trained.card, Path(settings.BASE_DIR) / relative)
    status = (
        RankerVersion.Status.PENDING
        if wait
        else RankerVersion.Status.SERVING
        if trained.promote
        else RankerVersion.Status.REFUSED
    )
    with transaction.atomic():
        if wait and pending is not None:
            RankerVersion.objects.filter(pk=pending.pk, status=RankerVersion.Status.PENDING).update(
                status=RankerVersion.Status.SUPERSEDED,
                decided_at=timezone.now(),
                decision=(
                    f"Remplacé le {_today()} par le candidat {trained.card.version}, "
                    f"entraîné sur des données plus récentes ({trained.card.n_outcomes} résultats), "
                    "avant que la file commune ait été assez jugée pour le départager."
                ),
            )
            report.lines.append(
                f"Le modèle candidat {pending.version} est remplacé par {trained.card.version}."
            )
        new = RankerVersion.objects.create(
            version=trained.card.version,
            trained_at=timezone.now(),
            n_outcomes=trained.card.n_outcomes,
            metrics={
                "new": _json_safe(trained.metrics),
                "current": _json_safe(trained.current_metrics or {}),
                # Held-out reliability bins: the calibration curve of the ranker page.
                "calibration": trained.calibration,
                # What it was compared with and trained on (a pending candidate is decided against it).
                "serving": current.version,
                "training_data_hash": data_hash,
            },
            artefact_path=str(relative),
            status=RankerVersion.Status.RETIRED if status == RankerVersion.Status.SERVING else status,
            decided_at=None if wait else timezone.now(),
            decision=verdict,
        )
        if status == RankerVersion.Status.SERVING:
            _promote(new, verdict)
    report.promoted = status == RankerVersion.Status.SERVING
    report.pending = wait
    if report.promoted:
        # Scores are keyed by version: the new model's rows are written now, the old ones stay.
        counts = scores_refresh_all()
        report.lines.append(f"{counts['pairs']} paire(s) notée(s) avec le nouveau modèle.")
    report.lines.append(
        "Promu : il sert désormais."
        if report.promoted
        else (
            f"En attente : il ne servira qu'après {MIN_POOLED_TO_GATE} paires jugées de la file commune "
            f"(/analyse/jugements/file/) ; l'ancien modèle sert."
            if wait
            else "Non promu : l'ancien modèle sert."
        )
    )
    return report
