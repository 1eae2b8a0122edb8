"""The France Travail feed: import a file or sync the API into territory offers, by France Travail id.

Every offer goes through ``employers.services.offer_external_save``: a new or changed text is announced
like any offer's, so the NLP pipeline analyses it and the ranker scores it. Partner offers are never
touched: the writes below only ever select ``source = france_travail`` rows.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError
from backend.core.text import fold
from backend.geo.models import Commune
from backend.taxonomy.models import Occupation
from employers.models import Offer
from employers.services.external import (
    offer_external_close,
    offer_external_link_duplicate,
    offer_external_save,
)

from .client import CEILING, FeedError, FranceTravailClient, split_by_date
from .mapping import ReadOffer, Rejected, read_offer
from .models import FeedRecord, SyncRun

log = logging.getLogger(__name__)
SOURCE = Offer.Source.FRANCE_TRAVAIL


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    rejected: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)
    run_id: int | None = None
    resumed: bool = False
    truncated: int = 0

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("created", "updated", "unchanged", "closed", "rejected")}


# ------------------------------------------------------------------ configuration


def feed_credentials() -> tuple[str, str] | None:
    """The API credentials from the environment, or None: without them the feed is off."""
    client_id = settings.FRANCE_TRAVAIL_CLIENT_ID
    secret = settings.FRANCE_TRAVAIL_CLIENT_SECRET
    return (client_id, secret) if client_id and secret else None


def feed_client() -> FranceTravailClient | None:
    credentials = feed_credentials()
    if credentials is None:
        return None
    return FranceTravailClient(
        client_id=credentials[0],
        client_secret=credentials[1],
        api_url=settings.FRANCE_TRAVAIL_API_URL,
        token_url=settings.FRANCE_TRAVAIL_TOKEN_URL,
    )


def feed_searches() -> list[dict]:
    """The searches one sync makes: each département of the territory, the ROME codes of the school's
    trades (the API takes several codes in one search)."""
    romes = ",".join(settings.TERRITORY_ROME_CODES)
    return [{"departement": d, "codeROME": romes} for d in settings.TERRITORY_DEPARTEMENTS]


# ------------------------------------------------------------------ one offer


@dataclass
class _PartnerOffer:
    """A partner's published offer with the folded name, title and word trigrams the match compares."""

    offer: Offer
    name: str
    title: str
    shingles: set[tuple[str, ...]]


class _Resolver:
    """Communes, ROME fiches and partners' open offers of a run, looked up once each."""

    def __init__(self):
        self.communes: dict[str, Commune | None] = {}
        self.occupations: dict[str, Occupation | None] = {}
        self.partners: dict[str, list[_PartnerOffer]] = {}

    def commune(self, insee: str) -> Commune | None:
        if insee not in self.communes:
            self.communes[insee] = Commune.objects.filter(pk=insee).first()
        return self.communes[insee]

    def occupation(self, code: str) -> Occupation | None:
        if code and code not in self.occupations:
            self.occupations[code] = Occupation.objects.filter(pk=code).first()
        return self.occupations.get(code)

    def partner_offers(self, commune_id: str) -> list[_PartnerOffer]:
        """The partners' published offers in a commune, read once a run with what the match compares."""
        if commune_id not in self.partners:
            self.partners[commune_id] = [
                _PartnerOffer(
                    offer=offer,
                    name=fold(offer.employer.name),
                    title=fold(offer.title),
                    shingles=_shingles(offer.description),
                )
                for offer in Offer.objects.filter(
                    source=Offer.Source.PARTNER, status=Offer.Status.PUBLISHED, commune_id=commune_id
                )
                .select_related("employer")
                .order_by("pk")
            ]
        return self.partners[commune_id]


def _duplicate_of(offer: Offer, resolver: _Resolver) -> Offer | None:
    """A partner's open offer this territory offer repeats: same company name, title and commune, or
    a near-identical text in the same commune. (France Travail publishes no SIRET: the company is
    matched by its name as published.)"""
    partners = resolver.partner_offers(offer.commune_id)
    if not partners:
        return None
    name, title = fold(offer.published_employer), fold(offer.title)
    words = _shingles(offer.description)
    for partner in partners:
        if name and partner.name == name and partner.title == title:
            return partner.offer
        other = partner.shingles
        if words and other and len(words & other) / len(words | other) >= 0.9:
            return partner.offer
    return None


def _link_duplicate(offer: Offer, resolver: _Resolver) -> None:
    """Link (or unlink) the partner's offer it repeats. Checked on every pass, changed or not: a partner
    may publish the same offer after France Travail did, or close it (the territory offer shows again)."""
    duplicate = _duplicate_of(offer, resolver)
    if (duplicate.pk if duplicate else None) != offer.duplicate_of_id:
        offer_external_link_duplicate(offer=offer, partner_offer=duplicate)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = fold(text).split()
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def _apply(read: ReadOffer, *, run: SyncRun, resolver: _Resolver, report: SyncReport) -> None:
    """Upsert one offer read from the feed; the record remembers what was stored and when it was seen."""
    now = timezone.now()
    record = (
        FeedRecord.objects.select_for_update(of=("self",))
        .select_related("offer")
        .filter(external_id=read.external_id)
        .first()
    )
    digest = read.payload_hash()
    commune = resolver.commune(read.commune_insee)
    if commune is None:
        _reject(read.external_id, f"commune INSEE « {read.commune_insee} » inconnue", run, report, record)
        return
    open_offer = record and record.offer_id and record.offer.status == Offer.Status.PUBLISHED
    if record and record.payload_hash == digest and open_offer:
        record.seen_run, record.seen_at, record.beginner_accepted = run, now, read.beginner
        record.save(update_fields=["seen_run", "seen_at", "beginner_accepted"])
        _link_duplicate(record.offer, resolver)
        report.unchanged += 1
        return
    fields = {**read.fields, "commune": commune}
    # France Travail's ROME code when it gives one; without it the offer keeps what it has (the
    # classifier's reading, or the fiche an officer chose in « Offres à coder »): a sync never wipes it.
    occupation = resolver.occupation(read.rome_code)
    if occupation is not None:
        fields["occupation"] = occupation
    try:
        offer, created, _changed = offer_external_save(
            source=SOURCE, external_id=read.external_id, fields=fields
        )
    except ApplicationError as exc:
        fields = ", ".join(sorted((exc.extra or {}).get("fields", {})))
        _reject(read.external_id, f"{exc} ({fields})" if fields else str(exc), run, report, record)
        return
    if created:
        report.created += 1
    else:
        report.updated += 1
    _link_duplicate(offer, resolver)
    # The record was read (and locked) above: one write, no second lookup.
    values = {
        "offer": offer,
        "payload_hash": digest,
        "seen_run": run,
        "seen_at": now,
        "rejected_reason": "",
        "beginner_accepted": read.beginner,
    }
    if record is None:
        FeedRecord.objects.create(external_id=read.external_id, **values)
    else:
        for name, value in values.items():
            setattr(record, name, value)
        record.save(update_fields=list(values))


def _reject(external_id: str, reason: str, run: SyncRun, report: SyncReport, record) -> None:
    report.rejected += 1
    report.rejections.append((external_id, reason))
    if external_id:
        FeedRecord.objects.update_or_create(
            external_id=external_id,
            defaults={
                "payload_hash": "",
                "seen_run": run,
                "seen_at": timezone.now(),
                "rejected_reason": reason,
            },
        )
        # An offer now unreadable (moved abroad, text removed) is no longer shown.
        if record and record.offer_id:
            offer_external_close(offer=record.offer, note=reason)


def _apply_page(
    payloads: Iterable,
    *,
    run: SyncRun,
    resolver: _Resolver,
    report: SyncReport,
    in_page_transaction: bool = False,
) -> None:
    """Apply offers one by one; outside a page's transaction (a file) each offer is its own transaction."""
    for payload in payloads:
        try:
            read = read_offer(payload)
        except Rejected as exc:
            external_id = str(payload.get("id") or "") if isinstance(payload, dict) else ""
            _reject(external_id[:32], str(exc), run, report, None)
            continue
        if in_page_transaction:
            _apply(read, run=run, resolver=resolver, report=report)
        else:
            with transaction.atomic():
                _apply(read, run=run, resolver=resolver, report=report)


def _close_missing(*, run: SyncRun, report: SyncReport, wet_run: bool) -> None:
    """Territory offers the complete pass did not return are closed; partner offers are out of reach."""
    gone = (
        Offer.objects.filter(source=SOURCE, status=Offer.Status.PUBLISHED)
        .filter(Q(feed_record__isnull=True) | ~Q(feed_record__seen_run=run))
        .order_by("pk")
    )
    for offer in gone.iterator():
        if not wet_run or offer_external_close(offer=offer, note=_("Plus publiée par France Travail")):
            report.closed += 1


def _save_counts(run: SyncRun, report: SyncReport, **extra) -> None:
    for name, value in report.counts().items():
        setattr(run, name, value)
    run.truncated = report.truncated
    for name, value in extra.items():
        setattr(run, name, value)
    run.save()


# ------------------------------------------------------------------ a file


def territory_import(*, payloads: Iterable, close_missing: bool = True) -> SyncReport:
    """Import offers in the API's format (a file standing for the feed's answer). With
    ``close_missing`` the file is the whole feed: territory offers it no longer holds are closed."""
    run = SyncRun.objects.create(kind=SyncRun.Kind.FILE)
    report = SyncReport(run_id=run.pk)
    try:
        _apply_page(payloads, run=run, resolver=_Resolver(), report=report)
        if close_missing:
            _close_missing(run=run, report=report, wet_run=True)
    except Exception as exc:
        _save_counts(
            run, report, status=SyncRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    _save_counts(run, report, status=SyncRun.Status.DONE, finished_at=timezone.now())
    return report


# ------------------------------------------------------------------ the API


def territory_sync(
    *, client: FranceTravailClient, wet_run: bool, searches: list[dict] | None = None
) -> SyncReport:
    """One pass over the API: every search, page by page, each page saved with the checkpoint in one
    transaction; a run killed halfway is resumed by the next call from its last saved page.

    Dry (``wet_run=False``): reads the API and counts what it would create, change and close, writes
    nothing.
    """
    searches = feed_searches() if searches is None else searches
    if not wet_run:
        return _sync_dry(client=client, searches=searches)
    run = SyncRun.objects.filter(kind=SyncRun.Kind.API, status=SyncRun.Status.RUNNING).first()
    resumed = run is not None
    if run is None:
        run = SyncRun.objects.create(
            kind=SyncRun.Kind.API, cursor=[{"params": s, "start": 0} for s in reversed(searches)]
        )
    report = SyncReport(run_id=run.pk, resumed=resumed, **run.counts(), truncated=run.truncated)
    resolver = _Resolver()
    try:
        while run.cursor:
            stack = list(run.cursor)
            item = stack.pop()
            page = client.search_page(item["params"], item["start"])
            if item["start"] == 0 and page.total > CEILING:
                halves = split_by_date(item["params"])
                if halves:
                    stack.extend({"params": half, "start": 0} for half in reversed(halves))
                    run.cursor = stack
                    run.save(update_fields=["cursor"])
                    continue
                report.truncated += 1
                log.warning("search %s still over %s results after splitting", item["params"], CEILING)
            with transaction.atomic():
                _apply_page(page.offers, run=run, resolver=resolver, report=report, in_page_transaction=True)
                if page.more and page.last + 1 < CEILING:
                    stack.append({"params": item["params"], "start": page.last + 1})
                run.cursor = stack
                _save_counts(run, report)
        _close_missing(run=run, report=report, wet_run=True)
    except FeedError as exc:
        # The run stays "running" with its checkpoint: the next pass resumes it.
        run.error = str(exc)[:2000]
        _save_counts(run, report)
        raise
    _save_counts(run, report, status=SyncRun.Status.DONE, finished_at=timezone.now(), error="")
    return report


def _sync_dry(*, client: FranceTravailClient, searches: list[dict]) -> SyncReport:
    report = SyncReport()
    known = dict(FeedRecord.objects.values_list("external_id", "payload_hash"))
    seen: set[str] = set()
    for search in searches:
        for payload in client.search_all(search):
            try:
                read = read_offer(payload)
            except Rejected as exc:
                report.rejected += 1
                report.rejections.append((str(payload.get("id") or ""), str(exc)))
                continue
            seen.add(read.external_id)
            if read.external_id not in known:
                report.created += 1
            elif known[read.external_id] != read.payload_hash():
                report.updated += 1
            else:
                report.unchanged += 1
    report.closed = (
        Offer.objects.filter(source=SOURCE, status=Offer.Status.PUBLISHED)
        .exclude(external_id__in=seen)
        .count()
    )
    return report


def territory_feed_status() -> dict:
    """What the officer's page says about the feed: on or off, the last runs."""
    return {
        "enabled": feed_credentials() is not None,
        "runs": list(SyncRun.objects.all()[:5]),
        "open_offers": Offer.objects.filter(source=SOURCE, status=Offer.Status.PUBLISHED).count(),
        "duplicates": Offer.objects.filter(source=SOURCE, duplicate_of__isnull=False).count(),
    }
