"""Demo history: applications, internships, hires and outcome checks for the demo cohorts.

So that the officer's board, the funder report and its charts show realistic figures on first run.
Each graduate of a finished cohort draws one *path* from a table of outcomes close to what
digital-skills schools report to their funders (about two thirds in employment or training six
months after the end of training, a fifth still seeking, some never answering); hires come through
Tremplin (a full application history: applied → interview → offer → hired) or from elsewhere
(declared by the graduate, confirmed by the officer). Outcome checks that came due are written as
the officer would have validated them, from the placements active on their date.

Deterministic for a given ``random.Random``; rows are written in bulk with their historical dates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.geo.distance import haversine_km
from backend.geo.models import Commune
from backend.taxonomy.models import Appellation
from demo.graduates import TRACKS
from employers.models import Employer, Offer
from graduates.models import Graduate
from placements.models import Application, ApplicationTransition, ContractCategory, OutcomeCheck, Placement
from placements.services import milestone_date, situation_from_placements

K = ContractCategory
A = Application.State

# What a graduate of a finished cohort went on to: (path, weight). "seeking" and "unknown" have no
# placement; "short" is a CDD < 6 months that ends, after which the person is seeking again.
PATHS = [
    (K.CDI, 18),
    (K.CDD_LONG, 12),
    (K.CDD_SHORT, 9),
    (K.INTERIM, 5),
    (K.APPRENTISSAGE, 12),
    (K.PROFESSIONNALISATION, 5),
    (K.CREATION, 3),
    (K.FORMATION, 10),
    ("seeking", 18),
    ("unknown", 8),
]
OFFER_CONTRACT = {
    K.CDI: Offer.ContractType.CDI,
    K.CDD_LONG: Offer.ContractType.CDD,
    K.CDD_SHORT: Offer.ContractType.CDD,
    K.INTERIM: Offer.ContractType.INTERIM,
    K.APPRENTISSAGE: Offer.ContractType.APPRENTISSAGE,
    K.PROFESSIONNALISATION: Offer.ContractType.PROFESSIONNALISATION,
}
MONTHS = {K.CDD_LONG: 12, K.CDD_SHORT: 3, K.INTERIM: 4, K.APPRENTISSAGE: 24, K.PROFESSIONNALISATION: 12}
SALARY = {
    K.CDI: (1900, 2300),
    K.CDD_LONG: (1800, 2100),
    K.CDD_SHORT: (1801, 1950),
    K.INTERIM: (1801, 2000),
    K.APPRENTISSAGE: (1000, 1400),
    K.PROFESSIONNALISATION: (1300, 1600),
}
ELSEWHERE = [
    "Mairie de Liévin",
    "Communauté d'agglomération de Lens-Liévin",
    "Médiathèque de Hénin-Beaumont",
    "Centre hospitalier de Lens",
    "Boulanger Noyelles-Godault",
    "Cabinet comptable Duflos (Arras)",
    "Association Emmaüs Connect Lille",
    "Conseil départemental du Pas-de-Calais",
]
TRAININGS = ["BTS SIO (CFA de Lens)", "Titre pro CDA (AFPA Liévin)", "Licence pro (IUT de Lens)"]
REFUSALS = [
    Application.RefusalReason.PROFILE,
    Application.RefusalReason.SKILLS,
    Application.RefusalReason.EXPERIENCE,
    Application.RefusalReason.FILLED,
    Application.RefusalReason.NO_ANSWER,
]


@dataclass
class HistoryReport:
    applications: int = 0
    placements: int = 0
    outcome_checks: int = 0


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _History:
    def __init__(self, *, rng: random.Random, officer: User, today: date) -> None:
        self.rng = rng
        self.officer = officer
        self.today = today
        self.apps: list[Application] = []
        self.logs: list[tuple[int, list[tuple[str, str, str, datetime, User | None, str]]]] = []
        self.placements: list[Placement] = []
        self.employers = list(Employer.objects.filter(status=Employer.Status.APPROVED).order_by("pk"))
        self.offers = list(
            Offer.objects.filter(employer__status=Employer.Status.APPROVED)
            .exclude(status__in=[Offer.Status.DRAFT, Offer.Status.SUBMITTED, Offer.Status.DECLINED])
            .select_related("employer", "commune")
            .order_by("pk")
        )
        self.open_offers = [o for o in self.offers if o.status == Offer.Status.PUBLISHED]
        self.lens = Commune.objects.get(insee="62498")
        self.reach: dict[int, tuple[set[int], object, float]] = {}
        self.used: set[tuple[int, int]] = set()
        # People apply to their trade, within reach: the occupations of each track's jobs.
        self.track_occupations = {
            track: set(
                Appellation.objects.filter(code__in=plan["jobs"]).values_list("occupation_id", flat=True)
            )
            for track, plan in TRACKS.items()
        }

    def _reach(self, graduate: Graduate) -> tuple[set[int], object, float]:
        """The occupations a graduate applies to and where from (computed once per graduate)."""
        if graduate.pk not in self.reach:
            wanted = set(graduate.desired_appellations.values_list("occupation_id", flat=True))
            home = graduate.commune or self.lens
            # People stretch their radius a little for a job.
            self.reach[graduate.pk] = (
                wanted or self.track_occupations.get(graduate.cohort.track, set()),
                home,
                max(graduate.radius_km(), 25) * 1.5,
            )
        return self.reach[graduate.pk]

    def _suits(self, graduate: Graduate, offer: Offer) -> bool:
        wanted, home, reach = self._reach(graduate)
        return offer.occupation_id in wanted and (
            haversine_km(home.latitude, home.longitude, offer.commune.latitude, offer.commune.longitude)
            <= reach
        )

    def offer_for(
        self, graduate: Graduate, contract: str | None = None, *, open_only: bool = False
    ) -> Offer | None:
        pool = self.open_offers if open_only else self.offers
        if contract:
            pool = [o for o in pool if o.contract_type == contract] or pool
        pool = [o for o in pool if (graduate.pk, o.pk) not in self.used]
        pool = [o for o in pool if self._suits(graduate, o)] or pool
        if not pool:
            return None
        offer = self.rng.choice(pool)
        self.used.add((graduate.pk, offer.pk))
        return offer

    def application(
        self, graduate: Graduate, offer: Offer, steps: list[tuple[str, str, date]], **fields
    ) -> Application:
        """``steps``: (transition, state reached, day), the first one being the start."""
        steps = [(t, state, min(day, self.today)) for t, state, day in steps]
        final_state = steps[-1][1]
        moved = _at(steps[-1][2], 15)
        origin = fields.pop("origin", None) or self.rng.choice(
            [
                Application.Origin.GRADUATE,
                Application.Origin.GRADUATE,
                Application.Origin.SUGGESTION,
                Application.Origin.OFFICER,
            ]
        )
        app = Application(
            graduate=graduate,
            offer=offer,
            state=final_state,
            origin=origin,
            created_by=self.officer if origin == Application.Origin.OFFICER else graduate.user,
            message=fields.pop("message", "")
            or "Bonjour, votre offre correspond à ce que j'ai appris à l'école. "
            "Je serais ravi·e d'en parler avec vous.",
            moved_at=moved,
            applied_at=next((_at(d) for t, s, d in steps if s == A.APPLIED), None),
            **fields,
        )
        log = []
        previous = ""
        employer_user = offer.created_by
        for transition, state, day in steps:
            actor = {
                "apply": graduate.user,
                "start": graduate.user if origin != Application.Origin.OFFICER else self.officer,
                "withdraw": graduate.user,
                "mark_obsolete": None,
                "close_stale": None,
            }.get(transition, employer_user or self.officer)
            log.append((transition, previous, state, _at(day, 11), actor, ""))
            previous = state
        self.apps.append(app)
        self.logs.append((len(self.apps) - 1, log))
        return app

    def hire_history(self, graduate: Graduate, offer: Offer, start: date) -> Application:
        applied = start - timedelta(days=self.rng.randint(20, 45))
        interview = applied + timedelta(days=self.rng.randint(4, 12))
        offered = interview + timedelta(days=self.rng.randint(2, 8))
        hired = offered + timedelta(days=self.rng.randint(1, 5))
        return self.application(
            graduate,
            offer,
            [("start", A.APPLIED, applied), ("schedule_interview", A.INTERVIEW, interview),
             ("make_offer", A.OFFER, offered), ("hire", A.HIRED, min(hired, start))],
            interview_at=_at(interview + timedelta(days=3), 14),
            interview_place="Dans nos locaux",
        )  # fmt: skip

    def refused_history(self, graduate: Graduate, offer: Offer, around: date) -> None:
        applied = around - timedelta(days=self.rng.randint(0, 40))
        if self.rng.random() < 0.5:
            interview = applied + timedelta(days=self.rng.randint(5, 15))
            steps = [("start", A.APPLIED, applied), ("schedule_interview", A.INTERVIEW, interview),
                     ("refuse", A.REFUSED, interview + timedelta(days=self.rng.randint(2, 10)))]  # fmt: skip
            extra = {"interview_at": _at(interview + timedelta(days=2), 10), "interview_place": "Visio"}
        else:
            steps = [
                ("start", A.APPLIED, applied),
                ("refuse", A.REFUSED, applied + timedelta(days=self.rng.randint(5, 25))),
            ]
            extra = {}
        self.application(graduate, offer, steps, refusal_reason=self.rng.choice(REFUSALS), **extra)

    def internship(self, graduate: Graduate) -> None:
        cohort = graduate.cohort
        if not (cohort.internship_start and cohort.internship_end) or cohort.internship_start > self.today:
            return
        host = self.rng.choice(self.employers)
        self.placements.append(
            Placement(
                graduate=graduate,
                employer=host,
                employer_name=host.name,
                contract_type=K.STAGE,
                job_title="Stage de fin de formation",
                start_date=cohort.internship_start,
                end_date=cohort.internship_end,
                is_training_internship=True,
                via_tremplin=True,
                status=Placement.Status.CONFIRMED,
                declared_by=self.officer,
                confirmed_by=self.officer,
                confirmed_at=_at(cohort.internship_start),
            )
        )

    def finished_graduate(self, graduate: Graduate) -> str:
        """A whole story for a graduate of a finished cohort; returns the path drawn."""
        end = graduate.cohort.internship_end or graduate.cohort.training_end
        path = self.rng.choices([p for p, _w in PATHS], weights=[w for _p, w in PATHS])[0]
        for _ in range(self.rng.randint(0, 3)):
            offer = self.offer_for(graduate)
            if offer is not None:
                self.refused_history(graduate, offer, end + timedelta(days=self.rng.randint(0, 60)))
        if path in ("seeking", "unknown"):
            return path
        start = end + timedelta(days=self.rng.choice([7, 14, 21, 30, 45, 60, 90, 120, 150]))
        if start > self.today:
            return "seeking"
        via_tremplin = path in OFFER_CONTRACT and graduate.user_id is not None and self.rng.random() < 0.65
        offer = self.offer_for(graduate, OFFER_CONTRACT.get(path)) if via_tremplin else None
        months = MONTHS.get(path)
        end_date = start + relativedelta(months=months) - timedelta(days=1) if months else None
        low, high = SALARY.get(path, (0, 0))
        placement = Placement(
            graduate=graduate,
            contract_type=path,
            start_date=start,
            end_date=end_date,
            monthly_gross_salary=self.rng.randrange(low, high + 1, 10) if high else None,
            via_tremplin=offer is not None,
            status=Placement.Status.CONFIRMED,
            confirmed_by=self.officer,
            confirmed_at=_at(start + timedelta(days=self.rng.randint(1, 20))),
        )
        if offer is not None:
            app = self.hire_history(graduate, offer, start)
            placement.employer, placement.employer_name = offer.employer, offer.employer.name
            placement.offer, placement.job_title = offer, offer.title
            placement.declared_by = offer.created_by or self.officer
            placement._application = app
        elif path == K.FORMATION:
            placement.employer_name = self.rng.choice(TRAININGS)
            placement.declared_by = graduate.user or self.officer
        elif path == K.CREATION:
            placement.employer_name = f"Micro-entreprise {graduate.last_name}"
            placement.declared_by = graduate.user or self.officer
        else:
            partner = self.rng.random() < 0.3
            employer = self.rng.choice(self.employers) if partner else None
            placement.employer = employer
            placement.employer_name = employer.name if employer else self.rng.choice(ELSEWHERE)
            placement.declared_by = graduate.user or self.officer
        self.placements.append(placement)
        return path

    def current_graduate(self, graduate: Graduate) -> None:
        """A graduate of a cohort that just finished or is in internship: candidacies in progress."""
        end = graduate.cohort.internship_end or graduate.cohort.training_end
        if graduate.user_id is None or not graduate.available_from:
            return
        for _ in range(self.rng.randint(0, 3)):
            offer = self.offer_for(graduate, open_only=True)
            if offer is None:
                return
            roll = self.rng.random()
            start = min(
                self.today,
                max(end - timedelta(days=30), self.today - timedelta(days=self.rng.randint(2, 25))),
            )
            if roll < 0.15:
                self.application(
                    graduate, offer, [("start", A.INTERESTED, start)], origin=Application.Origin.SUGGESTION
                )
            elif roll < 0.55:
                self.application(graduate, offer, [("start", A.APPLIED, start)])
            elif roll < 0.75:
                interview = min(self.today, start + timedelta(days=5))
                self.application(
                    graduate,
                    offer,
                    [("start", A.APPLIED, start), ("schedule_interview", A.INTERVIEW, interview)],
                    interview_at=_at(self.today + timedelta(days=self.rng.randint(1, 10)), 14),
                    interview_place="Dans nos locaux",
                )
            elif roll < 0.85:
                self.refused_history(graduate, offer, start)
            else:
                self.application(
                    graduate,
                    offer,
                    [
                        ("start", A.APPLIED, start),
                        ("withdraw", A.WITHDRAWN, min(self.today, start + timedelta(days=6))),
                    ],
                )

    def outcome_checks(self, graduates: list[Graduate], paths: dict[int, str]) -> list[OutcomeCheck]:
        by_graduate: dict[int, list[Placement]] = {}
        for p in self.placements:
            by_graduate.setdefault(p.graduate_id, []).append(p)
        checks = []
        for graduate in graduates:
            for milestone in OutcomeCheck.Milestone:
                due = milestone_date(graduate, milestone)
                if due > self.today:
                    continue
                situation, contract, employer_name = situation_from_placements(graduate, due)
                path = paths.get(graduate.pk, "seeking")
                answered = path != "unknown" and self.rng.random() < 0.93
                if situation == OutcomeCheck.Situation.UNKNOWN and answered:
                    situation = (
                        OutcomeCheck.Situation.INACTIVE
                        if self.rng.random() < 0.08
                        else OutcomeCheck.Situation.SEEKING
                    )
                validated = due + timedelta(days=self.rng.randint(3, 20)) <= self.today
                checks.append(
                    OutcomeCheck(
                        graduate=graduate,
                        milestone=milestone,
                        due_on=due,
                        situation=situation,
                        contract_type=contract,
                        employer_name=employer_name,
                        source=(
                            OutcomeCheck.Source.GRADUATE
                            if answered and self.rng.random() < 0.6
                            else OutcomeCheck.Source.OFFICER
                        ),
                        responded_at=_at(due + timedelta(days=self.rng.randint(1, 10))) if answered else None,
                        validated_at=_at(min(self.today, due + timedelta(days=20))) if validated else None,
                        validated_by=self.officer if validated else None,
                    )
                )
        return checks

    def save(self) -> HistoryReport:
        # Placements read by situation_from_placements need ids: save them before the checks.
        for p in self.placements:
            p.application = None
        apps = Application.objects.bulk_create(self.apps)
        ApplicationTransition.objects.bulk_create(
            [
                ApplicationTransition(
                    application=apps[index],
                    transition=t,
                    from_state=f,
                    to_state=s,
                    at=at,
                    actor=actor,
                    note=note,
                )
                for index, log in self.logs
                for t, f, s, at, actor, note in log
            ]
        )
        for app in apps:
            Application.objects.filter(pk=app.pk).update(created_at=app.applied_at or app.moved_at)
        for p in self.placements:
            app = getattr(p, "_application", None)
            p.application = app
        Placement.objects.bulk_create(self.placements)
        return HistoryReport(applications=len(apps), placements=len(self.placements))


def seed_placement_history(*, rng: random.Random, graduates: list[Graduate], officer: User) -> HistoryReport:
    """Write the history of the demo cohorts; graduates of unfinished cohorts get candidacies only."""
    today = timezone.localdate()
    history = _History(rng=rng, officer=officer, today=today)
    if not history.offers:
        return HistoryReport()
    graduates = sorted(graduates, key=lambda g: g.pk)
    paths: dict[int, str] = {}
    with transaction.atomic():
        for graduate in graduates:
            history.internship(graduate)
            end = graduate.cohort.internship_end or graduate.cohort.training_end
            if (today - end).days > 150:
                paths[graduate.pk] = history.finished_graduate(graduate)
            else:
                history.current_graduate(graduate)
        report = history.save()
        # Two candidacies nobody touched for five weeks: the board flags them.
        stale = Application.objects.filter(graduate__in=graduates, state=A.APPLIED).order_by("pk")[:2]
        Application.objects.filter(pk__in=[a.pk for a in stale]).update(
            moved_at=timezone.now() - timedelta(days=35)
        )
        checks = OutcomeCheck.objects.bulk_create(history.outcome_checks(graduates, paths))
        report.outcome_checks = len(checks)
    return report
