"""The one shape of a state machine's table: ``TRANSITIONS = {name: Transition(sources, target, roles)}``.

``employers.Offer.TRANSITIONS``, ``placements.Application.TRANSITIONS``,
``internships.Agreement.TRANSITIONS`` and ``admissions.Application.TRANSITIONS`` are built from it and
read the same way (``move.sources``, ``move.target``, ``move.roles``; ``move.starts_from(state)``,
``move.open_to(role)``). ``roles`` is ``None`` where the table does not say who may make a move: an
offer's moves are gated by the pages' and the API's permissions (an employer's own offers, the
school's moderation), not by the table. The services take the name of a move as ``transition=``.
"""

from collections.abc import Iterable
from typing import NamedTuple


class Transition(NamedTuple):
    """One named move: the states it may start from, the state it leads to, who may make it."""

    sources: frozenset[str]
    target: str
    roles: frozenset[str] | None = None

    def starts_from(self, state: str) -> bool:
        return state in self.sources

    def open_to(self, role: str | None) -> bool:
        return self.roles is None or role in self.roles


def move(sources: Iterable[str], target: str, roles: Iterable[str] | None = None) -> Transition:
    """A :class:`Transition` from any iterables (the tables write sets)."""
    return Transition(frozenset(sources), target, None if roles is None else frozenset(roles))
