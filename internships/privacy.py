"""The internships app's share of a graduate's personal data (see graduates.privacy).

Export: her agreements, every version's content, the signatures, the tutor's evaluation and her report.
Erasure: what describes her goes — her identity and contact fields in every version, her signature's
name and address, the evaluation and the report — and so do the PDFs, which print them; each version
keeps the SHA-256 of the documents that were signed, so what was signed stays provable without her.
"""

from datetime import datetime

from django.db.models import Max

from graduates.models import Graduate
from graduates.privacy import DataSource, register

from .models import (
    TRAINEE_FIELDS,
    Agreement,
    AgreementVersion,
    Party,
    Signature,
    TraineeReport,
    TutorEvaluation,
)

ERASED = "Personne effacée"


def _export(graduate: Graduate) -> dict:
    agreements = (
        Agreement.objects.filter(graduate=graduate)
        .select_related("employer")
        .prefetch_related("versions__signatures")
        .order_by("created_at", "pk")
    )
    out = []
    for agreement in agreements:
        evaluation = getattr(agreement, "evaluation", None)
        report = getattr(agreement, "report", None)
        out.append(
            {
                "host": agreement.employer.name,
                "status": agreement.status,
                "versions": [
                    {
                        **{k: (str(v) if v is not None else None) for k, v in version.content().items()},
                        "document_sha256": version.document_sha256,
                        "signatures": [
                            {
                                "party": s.party,
                                "signer": s.signer_name,
                                "signed_at": s.signed_at,
                                "ip_address": s.ip_address,
                                "document_sha256": s.document_sha256,
                            }
                            for s in version.signatures.all()
                        ],
                    }
                    for version in agreement.versions.order_by("number")
                ],
                "evaluation": {
                    "attendance": evaluation.attendance,
                    "comments": evaluation.comments,
                    "skills": {
                        row.skill.label_fr: row.level for row in evaluation.skills.select_related("skill")
                    },
                }
                if evaluation
                else None,
                "report": {
                    "missions": report.missions,
                    "learned": report.learned,
                    "next_steps": report.next_steps,
                }
                if report
                else None,
            }
        )
    return {"internship_agreements": out}


def _erase(graduate: Graduate) -> dict[str, int]:
    versions = AgreementVersion.objects.filter(agreement__graduate=graduate)
    blank = dict.fromkeys(TRAINEE_FIELDS, "")
    erased = versions.update(
        **blank,
        trainee_name=ERASED,
        trainee_email="",
        trainee_birth_date=None,
        document_pdf=None,
        signed_pdf=None,
    )
    signatures = Signature.objects.filter(version__agreement__graduate=graduate, party=Party.TRAINEE).update(
        signer_name=ERASED, ip_address=None
    )
    evaluations = TutorEvaluation.objects.filter(agreement__graduate=graduate).delete()[0]
    reports = TraineeReport.objects.filter(agreement__graduate=graduate).delete()[0]
    return {
        "agreement_versions": erased,
        "signatures": signatures,
        "evaluations": evaluations,
        "reports": reports,
    }


def _last_contact(graduate_ids: list[int]) -> dict[int, datetime]:
    rows = (
        Agreement.objects.filter(graduate_id__in=graduate_ids)
        .values("graduate_id")
        .annotate(last=Max("updated_at"))
    )
    return {row["graduate_id"]: row["last"] for row in rows}


register(DataSource(name="internships", export=_export, erase=_erase, last_contact=_last_contact))
