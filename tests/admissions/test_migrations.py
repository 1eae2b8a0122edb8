"""Migration 0003: an address that already had two applications in progress (the bug) keeps the first;
the later one is withdrawn with a logged move saying why, and then the one-per-address index holds."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from admissions.models import Application

BEFORE = [("admissions", "0002_application_retention")]


@pytest.mark.django_db(transaction=True)
def test_duplicates_in_progress_are_closed_but_the_first_then_the_index_holds():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldApplication = old.get_model("admissions", "Application")
    common = {
        "first_name": "Samia",
        "last_name": "Benali",
        "phone": "06 12 34 56 78",
        "birth_date": "2002-05-17",
        "commune_id": "62510",
        "diploma_level": "none",
        "track": "web_mobile",
        "motivation": "Deux fois la même personne.",
    }
    first = OldApplication.objects.create(
        **common, email="samia@example.fr", state="submitted", token_hash="a" * 64,
        created_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
    )  # fmt: skip
    second = OldApplication.objects.create(
        **common, email="Samia@Example.fr", state="attended", token_hash="b" * 64,
        created_at=datetime(2026, 11, 3, 9, tzinfo=UTC),
    )  # fmt: skip
    closed = OldApplication.objects.create(
        **common, email="samia@example.fr", state="not_admitted", token_hash="c" * 64,
        decision_reason="Places prises.", created_at=datetime(2026, 1, 3, 9, tzinfo=UTC),
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    states = dict(Application.objects.values_list("pk", "state"))
    assert states == {first.pk: "submitted", second.pk: "withdrawn", closed.pk: "not_admitted"}
    (log,) = Application.objects.get(pk=second.pk).transitions.all()
    assert (log.transition, log.from_state, log.to_state) == ("withdraw", "attended", "withdrawn")
    assert log.reason.startswith("Candidature en double")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=second.pk).update(state="submitted")
