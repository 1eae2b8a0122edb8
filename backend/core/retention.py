"""The retention rule shared by every kind of person Tremplin keeps data on.

CNIL recruitment guidance: a candidate's data is kept 2 years after the last contact. Tremplin applies
the same period to the people of companies (employer contacts, the CRM's prospect contacts), which is
shorter than the 3 years the CNIL allows for commercial prospects. The person is warned by e-mail,
then anonymised ``WARNING_DAYS`` later unless they came back. ``graduates.retention`` and
``employers.retention`` and ``admissions.retention`` each apply it to their own people, in batches
from :func:`claimed_batches`.
"""

from collections.abc import Callable, Iterator

from django.db import transaction
from django.db.models import QuerySet

RETENTION_DAYS = 2 * 365
WARNING_DAYS = 30


def claimed_batches(rows: Callable[[], QuerySet], *, wet_run: bool, batch_size: int) -> Iterator[list]:
    """The rows of ``rows()`` in batches of ``batch_size``, each yielded inside its own transaction.

    The ids are read once, first; each batch is read again so that a row which stopped matching meanwhile
    is left out. On a wet run a batch's rows are claimed with ``skip_locked``: two runs at once never warn
    or erase anyone twice.
    """
    ids = list(rows().values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = rows().filter(pk__in=ids[start : start + batch_size])
            if wet_run:
                batch = batch.select_for_update(skip_locked=True, of=("self",))
            yield list(batch)
