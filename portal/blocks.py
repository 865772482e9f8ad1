"""The shared StreamField block library used by every page type."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Obraz"))
    alt_text = blocks.CharBlock(
        label=_("Tekst alternatywny"),
        required=False,
        max_length=250,
        help_text=_(
            "Opis obrazu dla osób niewidomych; pozostaw pusty tylko dla obrazów dekoracyjnych."
        ),
    )
    caption = blocks.CharBlock(label=_("Podpis"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Obraz z podpisem")
        template = "portal/blocks/image_block.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł galerii"), required=False, max_length=200)
    images = blocks.ListBlock(ImageBlock(), label=_("Zdjęcia"))

    class Meta:
        icon = "image"
        label = _("Galeria")
        template = "portal/blocks/gallery_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Cytat"))
    author = blocks.CharBlock(label=_("Autor"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Cytat")
        template = "portal/blocks/quote_block.html"


class CalloutBlock(blocks.StructBlock):
    KIND_CHOICES = [("info", _("Informacja")), ("important", _("Ważne"))]
    kind = blocks.ChoiceBlock(choices=KIND_CHOICES, default="info", label=_("Rodzaj"))
    title = blocks.CharBlock(label=_("Tytuł"), max_length=200)
    text = blocks.RichTextBlock(label=_("Treść"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Wyróżniona informacja")
        template = "portal/blocks/callout_block.html"


class TableBlock(WagtailTableBlock):
    class Meta:
        icon = "table"
        label = _("Tabela")
        template = "portal/blocks/table_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Tytuł odnośnika"),
        required=False,
        max_length=250,
        help_text=_("Domyślnie tytuł dokumentu."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument z rejestru")
        template = "portal/blocks/document_link_block.html"

    def clean(self, value):
        """A public page links public documents only: a document of a restricted collection
        would put its title on the page for everyone (the chooser does not offer it; an id sent
        by hand is refused here)."""
        from django.core.exceptions import ValidationError

        from wagtail.blocks import StructBlockValidationError

        from documents.private_files import is_private_collection

        value = super().clean(value)
        document = value.get("document")
        if document is not None and is_private_collection(document.collection):
            raise StructBlockValidationError(
                block_errors={
                    "document": ValidationError(
                        _("Na stronie publicznej można wskazać tylko dokument publiczny.")
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        from documents.permissions import can_view_document
        from documents.private_files import is_private_collection

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        document = value.get("document")
        if document is None:
            context["visible"] = False
        elif request is None:  # rendered for no one in particular (e.g. the search index)
            context["visible"] = document.is_public() and not is_private_collection(
                document.collection
            )
        else:
            context["visible"] = can_view_document(request, document)
        return context


class EntryTileBlock(blocks.StructBlock):
    """A way in from the home page: a page of the site, or an address such as /dokumenty/."""

    title = blocks.CharBlock(label=_("Tytuł"), max_length=80)
    text = blocks.CharBlock(label=_("Opis"), max_length=200, required=False)
    page = blocks.PageChooserBlock(label=_("Strona"), required=False)
    url = blocks.CharBlock(
        label=_("Albo adres"),
        required=False,
        max_length=200,
        help_text=_("Adres w serwisie, np. /dokumenty/, gdy nie wskazano strony."),
    )

    class Meta:
        icon = "link"
        label = _("Kafelek")
        template = "portal/blocks/entry_tile_block.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        url = value.get("url") or ""
        if not value.get("page") and not url:
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Wskaż stronę albo adres."))}
            )
        if url and not (url.startswith("/") and not url.startswith("//")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Adres w serwisie zaczyna się od „/”, np. /dokumenty/.")
                    )
                }
            )
        return value


class AccordionItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Nagłówek"), max_length=200)
    body = blocks.RichTextBlock(label=_("Treść"))


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Sekcje"))

    class Meta:
        icon = "list-ul"
        label = _("Akordeon")
        template = "portal/blocks/accordion_block.html"


class TimelineEntryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Etap"), max_length=200)
    period = blocks.CharBlock(
        label=_("Okres"),
        max_length=100,
        required=False,
        help_text=_("Np. „12 miesięcy” lub „kwiecień 2018 – marzec 2019”."),
    )
    start_date = blocks.DateBlock(label=_("Początek"), required=False)
    end_date = blocks.DateBlock(label=_("Koniec"), required=False)
    description = blocks.RichTextBlock(label=_("Opis"), features=["bold", "italic", "link", "ul"])


class TimelineBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł"), required=False, max_length=200)
    entries = blocks.ListBlock(TimelineEntryBlock(), label=_("Etapy"))

    class Meta:
        icon = "time"
        label = _("Oś czasu")
        template = "portal/blocks/timeline_block.html"


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Nazwa lub osoba"), max_length=200)
    role = blocks.CharBlock(label=_("Funkcja"), required=False, max_length=200)
    address = blocks.TextBlock(label=_("Adres"), required=False)
    phone = blocks.CharBlock(label=_("Telefon"), required=False, max_length=100)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)

    class Meta:
        icon = "user"
        label = _("Karta kontaktowa")
        template = "portal/blocks/contact_card_block.html"


class FundingFactBlock(blocks.StructBlock):
    """One figure as a dated fact with its source: sources disagree, and both stay visible."""

    subject = blocks.CharBlock(
        label=_("Czego dotyczy"),
        max_length=200,
        help_text=_(
            "Np. „Dofinansowanie projektu ze środków UE”. Fakty o tym samym temacie są "
            "zestawiane razem, a rozbieżności między źródłami pokazywane."
        ),
    )
    value = blocks.CharBlock(
        label=_("Wartość"), max_length=100, help_text=_("Np. „9 966 995,50 zł”.")
    )
    as_of = blocks.DateBlock(label=_("Stan na dzień"), required=False)
    source = blocks.CharBlock(label=_("Źródło"), max_length=250)
    source_url = blocks.URLBlock(label=_("Adres źródła"), required=False)
    note = blocks.CharBlock(label=_("Uwagi"), required=False, max_length=300)


class FundingFactsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł"), required=False, max_length=200)
    facts = blocks.ListBlock(FundingFactBlock(), label=_("Fakty"))

    class Meta:
        icon = "list-ol"
        label = _("Fakty finansowe ze źródłami")
        template = "portal/blocks/funding_facts_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        groups = {}
        for fact in value["facts"]:
            groups.setdefault(fact["subject"], []).append(fact)
        context["groups"] = [
            {
                "subject": subject,
                "facts": facts,
                "disagree": len({f["value"] for f in facts}) > 1,
            }
            for subject, facts in groups.items()
        ]
        return context


class LevelsBlock(blocks.StructBlock):
    """The three levels of cooperation, each with its own description."""

    title = blocks.CharBlock(label=_("Tytuł"), required=False, max_length=200)
    levels = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("name", blocks.CharBlock(label=_("Poziom"), max_length=100)),
                ("description", blocks.RichTextBlock(label=_("Opis"))),
            ]
        ),
        label=_("Poziomy"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Poziomy współpracy")
        template = "portal/blocks/levels_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Nagłówek sekcji"),
        form_classname="title",
        template="portal/blocks/heading_block.html",
        icon="title",
    )
    paragraph = blocks.RichTextBlock(label=_("Tekst"), icon="pilcrow")
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    table = TableBlock()
    document = DocumentLinkBlock()
    accordion = AccordionBlock()
    timeline = TimelineBlock()
    levels = LevelsBlock()
    contact = ContactCardBlock()
    funding_facts = FundingFactsBlock()
    embed = EmbedBlock(label=_("Osadzony materiał (wideo)"), icon="media")

    class Meta:
        block_counts = {}
