"""Personas of the graduate side: a cohort, a graduate with an account, another graduate, skills."""

import io
import zipfile

import pytest

from backend.accounts.models import User
from backend.taxonomy.models import Skill
from graduates.models import GraduateSkill
from tests.factories import UserFactory
from tests.factories.graduates import CohortFactory, GraduateFactory  # noqa: F401 - still imported from here by the tests


def skill(uid: str) -> Skill:
    return Skill.objects.get(uid=uid)


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Promo Lens 2026-1")


@pytest.fixture
def graduate(cohort):
    """Inès, who accepted her invitation; not visible to employers (the default)."""
    user = UserFactory(
        role=User.Role.GRADUATE, first_name="Inès", last_name="Dupont", email="ines@example.fr"
    )
    return GraduateFactory(cohort=cohort, user=user)


@pytest.fixture
def visible_graduate(cohort):
    """Kylian, visible to employers, RQTH recognised but not disclosed."""
    from django.utils import timezone

    user = UserFactory(
        role=User.Role.GRADUATE, first_name="Kylian", last_name="Nowak", email="kylian@example.fr"
    )
    g = GraduateFactory(
        cohort=cohort,
        user=user,
        visible_to_employers=True,
        visibility_changed_at=timezone.now(),
        disability_recognised=True,
        contract_types=["CDI"],
        presentation="Développeur React passionné, je cherche un CDI dans le bassin minier.",
    )
    GraduateSkill.objects.create(
        graduate=g, skill=skill("tremplin:react"), source="declared", status="accepted", level=3
    )
    GraduateSkill.objects.create(
        graduate=g, skill=skill("tremplin:docker"), source="extracted", status="proposed", evidence="Docker"
    )
    return g


@pytest.fixture
def graduate_client(graduate, client_for):
    return client_for(graduate.user)


def make_pdf(text: str = "Développeuse web React et Symfony à Liévin", *, extra: bytes = b"") -> bytes:
    """A small valid PDF with one page of text (and optional raw objects for active content)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    safe = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream.set_data(b"BT /F1 12 Tf 72 760 Td (" + safe + b") Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    if extra:
        data = data.replace(b"%%EOF", extra + b"\n%%EOF")
    return data


def make_pdf_with_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('coucou');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(text: str = "Technicien domotique KNX et Home Assistant") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip_bomb() -> bytes:
    """A "DOCX" (it has word/document.xml) whose one member inflates to 60 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()
