"""The form of the formal check card in the operator views: an answer and a comment per
criterion, the deficiencies of a call to supplement and the reason of a rejection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from recruitment import formal_check
from recruitment.models import FormalAnswer, FormalResult

ACTION_SAVE = "save"
ACTIONS = {
    ACTION_SAVE: None,
    "accept": FormalResult.ACCEPTED,
    "supplement": FormalResult.TO_SUPPLEMENT,
    "reject": FormalResult.REJECTED,
}


class FormalCardForm(forms.Form):
    """Answers are optional here (a draft may be partial); `formal_check.decide` requires them."""

    card = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput)
    state = forms.CharField(widget=forms.HiddenInput, max_length=30)
    action = forms.ChoiceField(choices=[(key, key) for key in ACTIONS], required=False)
    deficiencies = forms.CharField(
        label=_("Braki do uzupełnienia (każdy w osobnym wierszu)"),
        required=False,
        strip=True,
        max_length=formal_check.DEFICIENCIES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Uzasadnienie odrzucenia"),
        required=False,
        strip=True,
        max_length=formal_check.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, card, rows, *args, **kwargs):
        self.card = card
        self.rows = rows
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("card", card.pk)
        initial.setdefault("revision", card.revision)
        initial.setdefault("state", card.application.state)
        super().__init__(*args, **kwargs)
        self.fields["action"].error_messages["invalid_choice"] = _("Nieznana czynność.")
        for row in rows:
            answer = forms.ChoiceField(
                label=row.text,
                choices=FormalAnswer.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=row.answer,
            )
            answer.error_messages["invalid_choice"] = _("Wybierz „tak”, „nie” albo „nie dotyczy”.")
            self.fields[f"answer-{row.pk}"] = answer
            self.fields[f"comment-{row.pk}"] = forms.CharField(
                label=_("Uwagi do kryterium nr %(n)s") % {"n": row.position},
                required=False,
                max_length=formal_check.COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.comment,
            )

    def answers(self):
        """{answer row id: (answer, comment)} for every criterion of the card."""
        data = self.cleaned_data
        return {
            row.pk: (data.get(f"answer-{row.pk}") or "", data.get(f"comment-{row.pk}") or "")
            for row in self.rows
        }

    @property
    def result(self):
        return ACTIONS.get(self.cleaned_data.get("action") or ACTION_SAVE)

    def items(self):
        """Each criterion with its bound fields, for the template."""
        return [
            {"row": row, "answer": self[f"answer-{row.pk}"], "comment": self[f"comment-{row.pk}"]}
            for row in self.rows
        ]
