"""Models of the knowledge area, re-exported from their modules."""

from knowledge.models.glossary import GlossaryPage, GlossaryTerm
from knowledge.models.participants import Participant, ParticipantsPage
from knowledge.models.practices import GoodPracticeIndexPage, GoodPracticePage
from knowledge.models.publication import ModelChapterPage, ModelPage

__all__ = [
    "GlossaryPage",
    "GlossaryTerm",
    "GoodPracticeIndexPage",
    "GoodPracticePage",
    "ModelChapterPage",
    "ModelPage",
    "Participant",
    "ParticipantsPage",
]
