"""Admin registration of the knowledge area: the glossary snippet."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from knowledge.models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = _("Słownik pojęć")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["term", "expansion", "anchor_url"]
    # No `search_fields` here: Wagtail would pass them to the search backend as `fields`, which
    # SQLite's full-text index cannot take (a 500). The model's autocomplete fields (the term and
    # its expansion) are what the listing and the chooser search.
    ordering = ["term"]
    copy_view_enabled = False


register_snippet(GlossaryTermViewSet)
