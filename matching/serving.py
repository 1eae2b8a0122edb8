"""The ranker version that serves and its model, loaded once per process.

Read by the scoring services, the selectors and the judgements page alike: the one place that knows
which version is current (the documented prior is recorded on first use) and how a version's model is
loaded (a trained one that no longer loads falls back to the prior, logged).
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction

from matching.ranker import ArtefactError, build_prior, load_model, prior_card

from .models import RankerVersion

logger = logging.getLogger(__name__)

_models: dict[str, object] = {}


def ranker_current() -> RankerVersion:
    """The serving version; the documented prior is recorded (and serves) on first use."""
    current = RankerVersion.objects.filter(is_current=True).first()
    if current is not None:
        return current
    card = prior_card()
    with transaction.atomic():
        version, _created = RankerVersion.objects.get_or_create(
            version=card.version,
            defaults={"is_prior": True, "n_outcomes": 0, "metrics": card.metrics},
        )
        if not RankerVersion.objects.select_for_update().filter(is_current=True).exists():
            RankerVersion.objects.filter(pk=version.pk).update(
                is_current=True, status=RankerVersion.Status.SERVING
            )
            version.is_current, version.status = True, RankerVersion.Status.SERVING
    return version


def ranker_model(version: RankerVersion):
    """The model of a version (the prior is rebuilt, a trained one loaded once per process)."""
    if version.version not in _models:
        if version.is_prior:
            _models[version.version] = build_prior()
        else:
            path = Path(version.artefact_path)
            if not path.is_absolute():
                path = Path(settings.BASE_DIR) / path
            try:
                _models[version.version], _card = load_model(path)
            except (ArtefactError, OSError) as exc:
                # A model trained by an older release (other features), or its file lost: the pages
                # keep serving with the prior rather than failing; `matching_retrain --wet-run` fixes it.
                logger.error(
                    "ranker version %s cannot be loaded (%s): serving the prior until it is retrained",
                    version.version,
                    exc,
                )
                _models[version.version] = build_prior()
    return _models[version.version]
