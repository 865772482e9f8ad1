"""The substantive evaluation of a call: its commission, the declarations of impartiality and of
conflicts, the assignments of evaluators and their substantive cards (DOMAIN.md, "Substantive
evaluation").

The rules that change these rows live in `evaluation.commission`, `evaluation.assignment` and
`evaluation.cards`; the models hold the data and the constraints that keep it consistent.
"""

from .base import Immutable, ImmutableModel, ImmutableQuerySet
from .cards import (
    KIND_ORDER,
    Assignment,
    AssignmentKind,
    AssignmentQuerySet,
    CardScore,
    CardStatus,
    SubstantiveCard,
)
from .commission import CommissionMember, CommissionRole, ConflictDeclaration, Declaration
from .results import Appeal, AppealDecision, ResultEntry, ResultList

__all__ = [
    "Appeal",
    "AppealDecision",
    "Assignment",
    "AssignmentKind",
    "AssignmentQuerySet",
    "CardScore",
    "CardStatus",
    "CommissionMember",
    "CommissionRole",
    "ConflictDeclaration",
    "Declaration",
    "Immutable",
    "ImmutableModel",
    "ImmutableQuerySet",
    "KIND_ORDER",
    "ResultEntry",
    "ResultList",
    "SubstantiveCard",
]
