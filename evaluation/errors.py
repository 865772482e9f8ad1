"""The refusals of the evaluation services: a Polish message for the user, nothing changed."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class EvaluationError(Exception):
    """A refused action; `message` says why, in Polish. The service changed nothing."""

    def __init__(
        self, message: "StrOrPromise", *, errors: dict[int, dict[str, str]] | None = None
    ) -> None:
        super().__init__(str(message))
        self.message = message
        # Field errors of a card: {criterion_id: {"points": message, "justification": message}}.
        self.errors = errors or {}
