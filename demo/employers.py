"""The demo's employers: the demo accounts, employers, partnerships, CRM log and offers.

Deterministic: one seeded ``random.Random`` drives every choice and dates are offsets from today, so
two runs on the same day give the same region. Rows are written in bulk (a few hundred queries in
all) with what ``employers.services`` derives — ``render_description``, ``offer_search_text``, the
model's content hash, a transition log row per move — because the services' per-row work (validation
queries, announcements to the NLP pipeline) would make ``make demo`` slow for no gain: the offers'
``analysed_hash`` is left empty, so the periodic sweep analyses them like any unanalysed offer.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from backend.accounts.models import User
from backend.core.text import fold
from backend.geo.models import Commune
from backend.taxonomy.models import Appellation, Skill
from employers.models import (
    Contact,
    Employer,
    Interaction,
    Offer,
    OfferSkill,
    OfferTransitionLog,
    Partnership,
)
from employers.services import offer_search_text, render_description
from employers.validators import LA_POSTE_SIREN, luhn_ok

from . import data

C = Offer.ContractType
S = Offer.Status


class DemoError(Exception):
    """The demo cannot be seeded (already there, or reference data missing)."""


@dataclass
class SeedReport:
    employers: int = 0
    offers: int = 0
    statuses: Counter = field(default_factory=Counter)
    partnerships: int = 0
    interactions: int = 0
    graduates: int = 0
    seconds: float = 0.0


# --------------------------------------------------------------------------- helpers


def make_siret(key: str) -> str:
    """A SIRET valid for both check digits (Luhn on SIREN and SIRET), fixed for a given key."""
    rng = random.Random(f"siret:{key}")
    while True:
        body = "".join(str(rng.randint(0, 9)) for _ in range(8))
        siren = next(body + str(d) for d in range(10) if luhn_ok(body + str(d)))
        if siren == LA_POSTE_SIREN:
            continue
        nic = "".join(str(rng.randint(0, 9)) for _ in range(4))
        return next(siren + nic + str(d) for d in range(10) if luhn_ok(siren + nic + str(d)))


def demo_sirets() -> list[str]:
    return [make_siret(key) for key, *_rest in data.EMPLOYERS]


class SkillIndex:
    """The skills the demo names, by folded label or alias: the curated entry wins over an ESCO one."""

    def __init__(self, names: set[str]) -> None:
        self.by_name: dict[str, Skill] = {}
        self.missing: set[str] = set()
        keys = {fold(name): name for name in names}
        # search_text is the folded "label | English label | aliases": one scan narrows, Python decides.
        narrow = Q()
        for key in keys:
            narrow |= Q(search_text__contains=key)
        best: dict[str, tuple[int, str, Skill]] = {}
        for skill in Skill.objects.filter(narrow).only(
            "id", "uid", "label_fr", "label_en", "aliases", "curated"
        ):
            candidates = [(0, skill.label_fr), (2, skill.label_en), *((1, a) for a in skill.aliases or [])]
            for rank, label in candidates:
                key = fold(label)
                if key in keys:
                    score = (rank * 2 + (0 if skill.curated else 1), skill.uid, skill)
                    if key not in best or score[:2] < best[key][:2]:
                        best[key] = score
        self.by_name = {key: score[2] for key, score in best.items()}
        self.missing = {name for key, name in keys.items() if key not in best}

    def get(self, name: str) -> Skill | None:
        return self.by_name.get(fold(name))


def skill_names() -> set[str]:
    names = set()
    for trade in data.TRADES.values():
        names.update(trade["soft"])
        for _title, required, nice, _sentence in trade["stacks"]:
            names.update(required)
            names.update(nice)
    return names


DISPLAY = {
    "utiliser un logiciel de tableur": "Excel",
    "utiliser Microsoft Office": "Office 365",
    "optimisation des moteurs de recherche": "le référencement naturel (SEO)",
    "Python (programmation informatique)": "Python",
    "Swift (programmation informatique)": "Swift",
    "travailler en équipe": "le travail en équipe",
    "travailler de manière autonome": "l'autonomie",
    "service clients": "le sens du service",
    "communication": "l'aisance relationnelle",
    "Interprétation de schémas électriques ou électroniques": "la lecture de schémas électriques",
    "Techniques pédagogiques": "la pédagogie",
    "pédagogie": "la pédagogie",
    "statistiques": "les statistiques",
    "anglais": "l'anglais technique",
    "animation de formations": "l'animation d'ateliers",
    "médiation numérique": "la médiation numérique",
    "Animation de réseaux sociaux": "l'animation de réseaux sociaux",
    "Internet des objets": "les objets connectés",
    "habilitation électrique": "l'habilitation électrique",
    "électricité du bâtiment": "l'électricité du bâtiment",
    "maintenance matérielle": "la maintenance matérielle",
    "réseaux informatiques": "les réseaux informatiques",
    "tests logiciels": "les tests logiciels",
    "visualisation de données": "la visualisation de données",
    "automates programmables": "les automates programmables",
    "virtualisation": "la virtualisation",
    "Accessibilité web": "l'accessibilité web (RGAA)",
    "Responsive design": "le responsive design",
    "Méthode AGILE": "les méthodes agiles",
    "Domotique": "la domotique",
}


def shown(name: str) -> str:
    return DISPLAY.get(name, name)


def join_fr(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def money(value) -> str:
    value = Decimal(value)
    if value == value.to_integral():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")


def dec(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pay_floor(offer: Offer) -> Decimal:
    """The legal minimum for the offer's period and hours (SMIC, or the internship gratification)."""
    hours = Decimal(offer.weekly_hours or 35)
    if offer.contract_type == C.STAGE:
        return (data.GRATIFICATION_HOURLY * hours * 52 / 12).quantize(Decimal("0.01"))
    if offer.salary_period == Offer.SalaryPeriod.HOUR:
        return data.SMIC_HOURLY
    monthly = (data.SMIC_MONTHLY * hours / 35).quantize(Decimal("0.01"))
    return monthly if offer.salary_period == Offer.SalaryPeriod.MONTH else monthly * 12


# --------------------------------------------------------------------------- the seed


class EmployersSeeder:
    """The demo accounts (staff, employers, the demo graduate), the employers, their partnerships and
    CRM log, and their offers, drawn from one seeded generator."""

    def __init__(self, *, progress: Callable[[str], None], seed: int) -> None:
        self.say = progress
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.report = SeedReport()
        self.password_hash = make_password(data.DEMO_PASSWORD)

    # ---------------------------------------------------------------- reference data
    def load_reference(self) -> None:
        insees = {e[2] for e in data.EMPLOYERS} | {c for v in data.NEARBY.values() for c in v}
        self.communes = {c.insee: c for c in Commune.objects.filter(insee__in=insees)}
        missing = insees - set(self.communes)
        if missing:
            raise DemoError(
                f"Communes absentes ({', '.join(sorted(missing))}) : lancez d'abord `manage.py migrate`, "
                "qui importe le référentiel des communes."
            )
        labels = {label for trade in data.TRADES.values() for label in trade["appellations"]}
        self.appellations = {a.label: a for a in Appellation.objects.filter(label__in=labels)}
        self.skills = SkillIndex(skill_names())
        if not self.skills.by_name:
            raise DemoError("Référentiel des compétences vide : lancez d'abord `manage.py migrate`.")

    # ---------------------------------------------------------------- accounts
    def user(self, email: str, first: str, last: str, role: str, **extra) -> User:
        user = User(email=email, first_name=first, last_name=last, role=role, **extra)
        user.password = self.password_hash  # one hash for the shared demo password: seeding stays fast
        user.save()
        return user

    def create_accounts(self) -> None:
        self.admin = self.user(
            data.ADMIN_EMAIL, "Alex", "Martin", User.Role.ADMIN, is_staff=True, is_superuser=True
        )
        self.officer = self.user(data.OFFICER_EMAIL, "Fatima", "Bouchez", User.Role.OFFICER)
        self.employer_user = self.user(data.EMPLOYER_EMAIL, "Camille", "Lefebvre", User.Role.EMPLOYER)
        self.employer2_user = self.user(data.EMPLOYER2_EMAIL, "Mehdi", "Benali", User.Role.EMPLOYER)
        self.graduate = self.user(data.GRADUATE_EMAIL, "Inès", "Dupont", User.Role.GRADUATE)

    # ---------------------------------------------------------------- employers
    def create_employers(self) -> None:
        self.employers: dict[str, Employer] = {}
        logins = {"terril": self.employer_user, "pixel": self.employer2_user}
        for index, (key, name, insee, naf, size, status, description) in enumerate(data.EMPLOYERS):
            slug = fold(name).replace(" ", "-").replace("&", "et")
            employer = Employer(
                name=name,
                siret=make_siret(key),
                naf_code=naf,
                size_band=size,
                commune=self.communes[insee],
                address=f"{self.rng.randint(1, 140)} rue {self.rng.choice(STREETS)}",
                website=f"https://www.{slug}.example",
                description=description,
                status=status,
            )
            if status != Employer.Status.PENDING:
                employer.reviewed_by = self.officer
                employer.reviewed_at = self.now - timedelta(days=self.rng.randint(20, 400))
            if status == Employer.Status.DECLINED:
                employer.decline_reason = data.DECLINE_REASON
            employer.full_clean()
            employer.save()
            self.employers[key] = employer
            first, last, job = data.CONTACT_NAMES[index % len(data.CONTACT_NAMES)]
            user = logins.get(key)
            if user is not None:
                first, last = user.first_name, user.last_name
            Contact.objects.create(
                employer=employer,
                user=user,
                first_name=first,
                last_name=last,
                email=user.email if user else f"{fold(first)}.{fold(last)}@{slug}.demo".replace(" ", "-"),
                phone=f"03 2{self.rng.randint(0, 9)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
                f"{self.rng.randint(10, 99)}",
                job_title=job,
                is_primary=True,
            )
        self.report.employers = len(self.employers)
        counts = Counter(e.status for e in self.employers.values())
        self.say(
            f"Employeurs : {len(self.employers)} ({counts['approved']} validés, {counts['pending']} en attente, "
            f"{counts['declined']} refusé)"
        )

    def create_partnerships(self) -> None:
        self.partners: set[str] = set()
        interactions = []
        for key, agreements in data.PARTNERSHIPS.items():
            employer = self.employers[key]
            for kind, status, months_ago, hires, interns, commitments in agreements:
                start = (self.today - timedelta(days=30 * months_ago)).replace(day=1)
                partnership = Partnership(
                    employer=employer,
                    kind=kind,
                    status=status,
                    commitments=commitments,
                    hires_per_year=hires,
                    internships_per_year=interns,
                    start_date=start,
                    renewal_date=start.replace(year=start.year + 1) if status != "prospect" else None,
                    officer=self.officer,
                )
                partnership.full_clean()
                partnership.save()
                self.report.partnerships += 1
                if status == Partnership.Status.ACTIVE:
                    self.partners.add(key)
                span = max((self.today - start).days, 7)
                for _ in range(self.rng.randint(1, 4)):
                    kind_i, summary = self.rng.choice(data.INTERACTIONS)
                    interactions.append(
                        Interaction(
                            employer=employer,
                            partnership=partnership,
                            kind=kind_i,
                            occurred_on=self.today - timedelta(days=self.rng.randint(0, span)),
                            summary=summary.format(n=self.rng.randint(4, 12), m=self.rng.randint(1, 4)),
                            by=self.officer,
                        )
                    )
        Interaction.objects.bulk_create(interactions)
        self.report.interactions = len(interactions)
        self.say(f"Partenariats : {self.report.partnerships}, échanges consignés : {len(interactions)}")

    # ---------------------------------------------------------------- offers
    def offer_count(self, key: str, employer: Employer) -> int:
        if employer.status == Employer.Status.DECLINED:
            return 0
        if employer.status == Employer.Status.PENDING:
            return 2
        return {"terril": 10, "pixel": 6}.get(
            key, {"0-9": 3, "10-49": 5, "50-249": 7, "250+": 8}[employer.size_band]
        )

    # The two demo employer accounts show every state an employer meets, in a fixed order.
    SHOWCASE = {
        "terril": [S.PUBLISHED, S.PUBLISHED, S.DRAFT, S.PUBLISHED, S.FILLED, S.PUBLISHED, S.EXPIRED],
        "pixel": [S.PUBLISHED, S.SUBMITTED, S.DECLINED, S.PUBLISHED, S.DRAFT, S.PUBLISHED],
    }

    def pick_status(self, key: str, employer: Employer, index: int) -> str:
        showcase = self.SHOWCASE.get(key, [])
        if index < len(showcase):
            return showcase[index]
        if employer.status == Employer.Status.PENDING:
            return self.rng.choice([S.DRAFT, S.SUBMITTED])
        if key in self.partners:  # approved partners are published on submission
            table = {S.PUBLISHED: 84, S.DRAFT: 5, S.EXPIRED: 5, S.FILLED: 4, S.CLOSED: 2}
        else:
            table = {S.PUBLISHED: 76, S.SUBMITTED: 10, S.DRAFT: 5, S.EXPIRED: 4, S.FILLED: 3, S.DECLINED: 2}
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def weighted(self, table: dict) -> str:
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def create_offers(self) -> None:
        plan = []
        for key, employer in self.employers.items():
            plan += [(key, employer, i) for i in range(self.offer_count(key, employer))]
        offers, skills_of, logs_of = [], [], []
        for n, (key, employer, index) in enumerate(plan, start=1):
            offer, skills, logs = self.build_offer(key, employer, index)
            offers.append(offer)
            skills_of.append(skills)
            logs_of.append(logs)
            if n % 50 == 0 or n == len(plan):
                self.say(f"Offres composées : {n}/{len(plan)}")
        created_at = [o.created_at for o in offers]
        Offer.objects.bulk_create(offers, batch_size=200)
        for offer, when in zip(offers, created_at, strict=True):
            offer.created_at = when
            offer.updated_at = max(when, offer.refreshed_at or when)
        Offer.objects.bulk_update(offers, ["created_at", "updated_at"], batch_size=200)
        OfferSkill.objects.bulk_create(
            [
                OfferSkill(offer=offer, skill=skill, level=level, source=OfferSkill.Source.DECLARED)
                for offer, skills in zip(offers, skills_of, strict=True)
                for skill, level in skills
            ],
            batch_size=500,
        )
        OfferTransitionLog.objects.bulk_create(
            [
                OfferTransitionLog(offer=offer, **log)
                for offer, logs in zip(offers, logs_of, strict=True)
                for log in logs
            ],
            batch_size=500,
        )
        self.report.offers = len(offers)
        self.report.statuses = Counter(o.status for o in offers)
        self.say(
            f"Offres enregistrées : {len(offers)} "
            f"({', '.join(f'{S(s).label.lower()} {c}' for s, c in self.report.statuses.most_common())})"
        )

    def build_offer(self, key: str, employer: Employer, index: int):
        rng = self.rng
        trades = data.EMPLOYER_TRADES[key]
        trade_key = rng.choices(trades, weights=[4, 2, 1, 1][: len(trades)])[0]
        trade = data.TRADES[trade_key]
        stack_i = rng.randrange(len(trade["stacks"]))
        stack_title, required_names, nice_names, stack_sentence = trade["stacks"][stack_i]
        aligned = trade_key == "neighbours"  # title, appellation and stack go together there
        title = trade["titles"][stack_i] if aligned else rng.choice(trade["titles"])
        title = title.format(stack=stack_title)
        appellation = self.appellations.get(
            trade["appellations"][stack_i] if aligned else rng.choice(trade["appellations"])
        )

        contracts = dict(trade["contracts"])
        # Associations neither use freelancers nor temp agencies.
        if employer.naf_code in {"94.99Z", "88.99B"}:
            contracts.pop(C.FREELANCE, None)
            contracts.pop(C.INTERIM, None)
        contract = self.weighted(contracts)
        offer = Offer(
            employer=employer,
            created_by={"terril": self.employer_user, "pixel": self.employer2_user}.get(key),
            appellation=appellation,
            occupation_id=appellation.occupation_id if appellation else None,
            contract_type=contract,
            remote=self.weighted(trade["remote"]),
            openings=rng.choices([1, 2, 3], weights=[85, 10, 5])[0],
            disability_friendly=rng.random() < 0.3,
        )
        offer.title = {
            C.APPRENTISSAGE: "Alternance — ",
            C.PROFESSIONNALISATION: "Contrat de professionnalisation — ",
            C.STAGE: "Stage — ",
            C.INTERIM: "Mission intérim — ",
            C.FREELANCE: "Mission freelance — ",
        }.get(contract, "") + title
        self.set_terms(offer, trade)
        commune = employer.commune
        nearby = data.NEARBY.get(commune.insee)
        if nearby and rng.random() < 0.25:
            commune = self.communes[rng.choice(nearby)]
        offer.commune = commune

        skills: list[tuple[Skill, str]] = []
        seen: set[int] = set()

        def add(name: str, level: str) -> None:
            skill = self.skills.get(name)
            if skill is not None and skill.pk not in seen:
                seen.add(skill.pk)
                skills.append((skill, level))

        for name in required_names:
            add(name, OfferSkill.Level.REQUIRED)
        nice_pick = rng.sample(nice_names, k=rng.randint(1, len(nice_names)))
        for name in nice_pick:
            add(name, OfferSkill.Level.NICE)
        soft = rng.choice(trade["soft"]) if rng.random() < 0.6 else None
        if soft and soft not in nice_pick:
            add(soft, OfferSkill.Level.NICE)
        if len(skills) < 2:
            raise DemoError(
                f"Moins de deux compétences trouvées pour « {offer.title} » : référentiel incomplet."
            )

        offer.description = self.describe(
            offer, employer, trade, stack_sentence, required_names, nice_pick, soft
        )
        offer.description_html = render_description(offer.description)
        offer.content_hash = offer.compute_content_hash()
        offer.search_text = offer_search_text(
            offer, skill_labels=[skill.label_fr for skill, _level in skills]
        )
        status = self.pick_status(key, employer, index)
        logs = self.set_lifecycle(offer, status, partner=key in self.partners)
        self.check(offer)
        return offer, skills, logs

    def set_terms(self, offer: Offer, trade: dict) -> None:
        rng = self.rng
        contract = offer.contract_type
        lo, hi = trade["year"]
        offer.weekly_hours = Decimal(35)
        if contract == C.CDD:
            offer.contract_months = rng.choice([18, 24, 12] if "part_time" in trade else [3, 6, 6, 9, 12, 18])
        elif contract == C.STAGE:
            offer.contract_months = rng.choice([2, 2, 2, 3, 4, 6])  # the school's internship lasts two months
        elif contract == C.INTERIM:
            offer.contract_months = rng.choice([1, 2, 3, 6])
        elif contract == C.APPRENTISSAGE:
            offer.contract_months = rng.choice([12, 18, 24])
        elif contract == C.PROFESSIONNALISATION:
            offer.contract_months = rng.choice([12, 18])

        if contract == C.STAGE:
            gratification = Decimal(rng.choice([700, 750, 800, 900, 1000]))
            offer.internship_gratification = gratification
            offer.salary_min = offer.salary_max = gratification
            offer.salary_period = Offer.SalaryPeriod.MONTH
        elif contract in (C.APPRENTISSAGE, C.PROFESSIONNALISATION):
            offer.salary_min = data.SMIC_MONTHLY
            offer.salary_max = rng.choice([data.SMIC_MONTHLY, Decimal(1900), Decimal(2000), Decimal(2100)])
            offer.salary_period = Offer.SalaryPeriod.MONTH
        elif contract == C.INTERIM:
            low = Decimal(rng.choice(["12.50", "13.00", "13.50", "14.00"]))
            offer.salary_min, offer.salary_max = (
                low,
                low + Decimal(rng.choice(["0.50", "1.00", "1.50", "2.00"])),
            )
            offer.salary_period = Offer.SalaryPeriod.HOUR
        elif contract == C.FREELANCE:
            low = Decimal(rng.choice([30, 35, 40, 45]))
            offer.salary_min, offer.salary_max = low, low + Decimal(rng.choice([5, 10, 15]))
            offer.salary_period = Offer.SalaryPeriod.HOUR
        elif "part_time" in trade and rng.random() < trade["part_time"]:
            offer.working_time = Offer.WorkingTime.PART_TIME
            offer.weekly_hours = Decimal(rng.choice([24, 28, 30]))
            low = Decimal(rng.choice(["12.20", "12.50", "13.00"]))
            offer.salary_min, offer.salary_max = low, low + Decimal(rng.choice(["0.00", "0.50", "1.00"]))
            offer.salary_period = Offer.SalaryPeriod.HOUR
        else:
            low = rng.randint(lo, lo + (hi - lo) * 2 // 5) // 500 * 500
            high = min(low + rng.choice([1000, 2000, 3000, 4000, 5000]), hi + 4000)
            if rng.random() < 0.6:
                offer.salary_period = Offer.SalaryPeriod.YEAR
                offer.salary_min, offer.salary_max = Decimal(low), Decimal(high)
            else:
                offer.salary_period = Offer.SalaryPeriod.MONTH
                offer.salary_min = Decimal(round(low / 12 / 10) * 10)
                offer.salary_max = Decimal(round(high / 12 / 10) * 10)
        offer.salary_min, offer.salary_max = dec(offer.salary_min), dec(offer.salary_max)

    def describe(self, offer, employer, trade, stack_sentence, required, nice, soft) -> str:
        rng = self.rng
        commune = offer.commune
        parts = [
            rng.choice(data.INTROS).format(employer=employer.name, commune=commune.name)
            + " "
            + employer.description,
            "## Vos missions",
            "\n".join(
                f"- {m}"
                for m in rng.sample(trade["missions"], k=min(len(trade["missions"]), rng.randint(4, 6)))
            ),
            "## Environnement",
            stack_sentence[0].upper() + stack_sentence[1:] + ".",
            "## Profil recherché",
            "\n".join(
                f"- {p}"
                for p in rng.sample(trade["profile"], k=min(len(trade["profile"]), rng.randint(2, 3)))
            ),
            f"Compétences attendues : {join_fr([shown(n) for n in required])}.",
        ]
        extras = join_fr([shown(n) for n in nice] + ([shown(soft)] if soft and soft not in nice else []))
        parts.append(f"{extras[0].upper()}{extras[1:]} : un plus.")
        parts += ["## Conditions", "\n".join(f"- {line}" for line in self.conditions(offer))]
        parts += [
            "## Avantages",
            "\n".join(f"- {b}" for b in rng.sample(data.BENEFITS, k=rng.randint(2, 4))),
            rng.choice(data.INCLUSION),
        ]
        return "\n\n".join(parts)

    def conditions(self, offer: Offer) -> list[str]:
        contract = offer.contract_type
        months = offer.contract_months
        lines = [
            {
                C.CDI: "Contrat : CDI, période d'essai de deux mois",
                C.CDD: f"Contrat : CDD de {months} mois, renouvelable",
                C.APPRENTISSAGE: f"Contrat d'apprentissage de {months} mois, rythme trois semaines en entreprise "
                "et une semaine en formation",
                C.PROFESSIONNALISATION: f"Contrat de professionnalisation de {months} mois",
                C.STAGE: f"Stage de {months} mois (convention avec votre organisme de formation)",
                C.INTERIM: f"Mission d'intérim de {months} mois, possibilité d'embauche ensuite",
                C.FREELANCE: "Mission en freelance (auto-entrepreneur accepté), trois à six mois renouvelables",
            }[contract]
        ]
        if offer.working_time == Offer.WorkingTime.PART_TIME:
            lines.append(f"Temps partiel : {int(offer.weekly_hours)} heures par semaine, du lundi au jeudi")
        else:
            lines.append("Temps plein, 35 heures par semaine")
        period = offer.get_salary_period_display()
        pay = f"{money(offer.salary_min)} € brut {period}"
        if offer.salary_max != offer.salary_min:
            pay = f"{money(offer.salary_min)} – {money(offer.salary_max)} € brut {period}"
        if contract == C.STAGE:
            lines.append(f"Gratification : {money(offer.salary_min)} € par mois, au-dessus du minimum légal")
        elif contract in Offer.ALTERNANCE:
            lines.append(f"Rémunération : {pay}, au moins 100 % du SMIC quel que soit votre âge")
        else:
            lines.append(f"Rémunération : {pay}")
        lines.append(
            {
                Offer.Remote.ONSITE: "Télétravail : non, poste sur site",
                Offer.Remote.HYBRID: f"Télétravail : {self.rng.choice(['un', 'deux'])} jours par semaine après "
                "la période d'intégration",
                Offer.Remote.FULL: "Télétravail complet, une journée d'équipe par mois à nos locaux",
            }[offer.remote]
        )
        lines.append(f"Lieu de travail : {offer.commune.label}")
        return lines

    def set_lifecycle(self, offer: Offer, status: str, *, partner: bool) -> list[dict]:
        """Dates and the transition log of an offer that reached ``status`` the ordinary way."""
        rng = self.rng
        stale = settings.OFFER_STALE_DAYS
        offer.status = status
        officer_or_auto = (None, "Publication automatique (partenaire)") if partner else (self.officer, "")
        if status == S.EXPIRED:
            published = self.now - timedelta(days=rng.randint(stale + 5, stale + 40), hours=rng.randint(0, 8))
        elif status in (S.FILLED, S.CLOSED):
            published = self.now - timedelta(days=rng.randint(20, 55), hours=rng.randint(0, 8))
        else:
            published = self.now - timedelta(days=rng.randint(0, 45), hours=rng.randint(1, 9))
        created = published - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 6))
        submitted = created + timedelta(hours=rng.randint(1, 20))
        actor = offer.created_by
        logs = [_log(actor, "create", "", S.DRAFT, created)]
        if status != S.DRAFT:
            logs.append(_log(actor, "submit", S.DRAFT, S.SUBMITTED, submitted))
        if status == S.DECLINED:
            offer.moderation_reason = rng.choice(data.DECLINE_OFFER_REASONS)
            logs.append(
                _log(self.officer, "decline", S.SUBMITTED, S.DECLINED, published, offer.moderation_reason)
            )
        if status in (S.PUBLISHED, S.FILLED, S.CLOSED, S.EXPIRED):
            offer.published_at = published
            offer.refreshed_at = published
            by, note = officer_or_auto
            logs.append(_log(by, "approve", S.SUBMITTED, S.PUBLISHED, published, note))
        if status == S.PUBLISHED and rng.random() < 0.3:
            age = (self.now - published).days
            offer.refreshed_at = published + timedelta(days=rng.randint(0, age)) if age else published
        end = published + timedelta(days=rng.randint(7, 15))
        if status == S.FILLED:
            logs.append(_log(actor, "fill", S.PUBLISHED, S.FILLED, end))
        elif status == S.CLOSED:
            logs.append(_log(actor, "close", S.PUBLISHED, S.CLOSED, end))
        elif status == S.EXPIRED:
            expired = published + timedelta(days=stale + 1)
            logs.append(
                _log(
                    None,
                    "expire",
                    S.PUBLISHED,
                    S.EXPIRED,
                    expired,
                    "Date limite dépassée ou offre non actualisée",
                )
            )
        offer.created_at = created
        if status in (S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.DECLINED) and rng.random() < 0.35:
            offer.deadline = self.today + timedelta(days=rng.randint(14, 75))
        offer.start_date = self.start_date(offer)
        return logs

    def start_date(self, offer: Offer) -> date | None:
        if offer.contract_type in Offer.ALTERNANCE:
            september = date(self.today.year, 9, 1)
            return september if september > self.today else september.replace(year=self.today.year + 1)
        if self.rng.random() < 0.2:
            return None
        return self.today + timedelta(days=self.rng.randint(7, 75))

    def check(self, offer: Offer) -> None:
        """The invariants the services enforce, plus the legal pay floor of the demo data."""
        problems = []
        if offer.salary_min > offer.salary_max:
            problems.append("salaire minimum supérieur au maximum")
        if offer.salary_min < pay_floor(offer):
            problems.append(f"salaire {offer.salary_min} sous le minimum légal {pay_floor(offer)}")
        if offer.contract_type in (C.CDD, C.STAGE) and not offer.contract_months:
            problems.append("durée manquante")
        if offer.status == S.PUBLISHED and offer.expiry_due(self.now):
            problems.append("offre publiée déjà périmée")
        if problems:
            raise DemoError(f"Offre de démo incohérente « {offer.title} » : {', '.join(problems)}")
        # Constraints are checked above and by the database; skipping their per-row queries keeps seeding fast.
        offer.full_clean(
            exclude=["employer", "created_by", "duplicated_from", "commune", "appellation", "occupation"],
            validate_constraints=False,
        )


def _log(actor, transition: str, from_state: str, to_state: str, at, note: str = "") -> dict:
    return {
        "actor": actor,
        "transition": transition,
        "from_state": from_state,
        "to_state": to_state,
        "at": at,
        "note": note,
    }


STREETS = [
    "Jean Jaurès",
    "de la République",
    "Émile Zola",
    "du 11 Novembre",
    "Victor Hugo",
    "des Mineurs",
    "de la Gare",
    "Pasteur",
    "Roger Salengro",
    "de Lille",
    "Léon Blum",
    "du Faubourg",
]
