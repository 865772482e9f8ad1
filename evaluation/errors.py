"""The refusals of the evaluation services: a Polish message for the user, nothing changed."""


class EvaluationError(Exception):
    """A refused action; `message` says why, in Polish. The service changed nothing."""

    def __init__(self, message, *, errors=None):
        super().__init__(str(message))
        self.message = message
        # Field errors of a card: {criterion_id: {"points": message, "justification": message}}.
        self.errors = errors or {}
