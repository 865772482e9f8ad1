"""DCAT-AP (PL) metadata of the data sets in JSON-LD: a dcat:Dataset per data set with its CSV and
JSON distributions, and the dcat:Catalog of all of them. Addresses are absolute on SITE_URL."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.site_url import absolute, site_url

from .datasets import DATASETS, Dataset, Scope, Stamp

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# The data sets (metadata of documents, result lists, statistics, events) are licensed under
# CC BY 4.0; the documents' own files keep their own terms.
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Uznanie autorstwa 4.0 Międzynarodowe (CC BY 4.0)"
EU = "http://publications.europa.eu/resource/authority/"
FORMATS = {
    "csv": (f"{EU}file-type/CSV", "https://www.iana.org/assignments/media-types/text/csv"),
    "json": (
        f"{EU}file-type/JSON",
        "https://www.iana.org/assignments/media-types/application/json",
    ),
}
POLAND = f"{EU}country/POL"
POLISH = f"{EU}language/POL"


def absolute_url(path: str) -> str:
    return absolute(path)


def _pl(text) -> dict:
    return {"@value": str(text), "@language": "pl"}


def _when(moment) -> dict:
    return {
        "@value": timezone.localtime(moment).isoformat(timespec="seconds"),
        "@type": "xsd:dateTime",
    }


def publisher() -> dict:
    return {
        "@id": site_url() + "/",
        "@type": "foaf:Organization",
        "foaf:name": _pl(
            _(
                "Projekt „Kooperacje 3D” – lider: Regionalny Ośrodek Polityki Społecznej "
                "Województwa Śląskiego"
            )
        ),
        "foaf:homepage": {"@id": site_url() + "/"},
    }


def _distribution(dataset: Dataset, kind: str, query: str = "", title=None) -> dict:
    url = absolute(reverse(f"opendata:{kind}", args=[dataset.slug])) + query
    file_type, media_type = FORMATS[kind]
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _pl(title or f"{dataset.title} ({kind.upper()})"),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": file_type},
        "dcat:mediaType": {"@id": media_type},
        "dct:license": {"@id": LICENCE_URL},
    }


def dataset_node(dataset: Dataset, stamp: Stamp, scope: Scope) -> dict:
    node = {
        "@id": absolute(reverse("opendata:metadata", args=[dataset.slug])),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": _pl(dataset.title),
        "dct:description": _pl(dataset.description),
        "dct:publisher": publisher(),
        "dct:license": {"@id": LICENCE_URL},
        "dct:language": {"@id": POLISH},
        "dct:spatial": {"@id": POLAND},
        "dcat:keyword": [_pl(keyword) for keyword in dataset.keywords],
        "dcat:theme": [{"@id": theme} for theme in dataset.themes],
        "dcat:landingPage": {"@id": absolute(reverse("opendata:index")) + f"#{dataset.slug}"},
        "dcat:distribution": [_distribution(dataset, "csv"), _distribution(dataset, "json")],
    }
    if stamp.modified is not None:
        node["dct:modified"] = _when(stamp.modified)
    if dataset.per_call:
        for call in dataset.calls(scope):
            query = "?" + urlencode({"nabor": call.number or call.pk})
            for kind in ("csv", "json"):
                node["dcat:distribution"].append(
                    _distribution(
                        dataset,
                        kind,
                        query,
                        title=_("%(title)s – nabór %(number)s (%(kind)s)")
                        % {
                            "title": dataset.title,
                            "number": call.number or call.pk,
                            "kind": kind.upper(),
                        },
                    )
                )
    return node


def dataset_document(dataset: Dataset, stamp: Stamp, scope: Scope) -> dict:
    return {"@context": CONTEXT, **dataset_node(dataset, stamp, scope)}


def catalogue_document(stamps: dict[str, Stamp], scope: Scope) -> dict:
    modified = [stamp.modified for stamp in stamps.values() if stamp.modified]
    document = {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _pl(_("Otwarte dane portalu Kooperacje 3D")),
        "dct:description": _pl(
            _(
                "Zbiory danych portalu projektu Kooperacje 3D: rejestr dokumentów, listy "
                "rankingowe i statystyki naborów JST, wydarzenia."
            )
        ),
        "dct:publisher": publisher(),
        "dct:license": {"@id": LICENCE_URL},
        "dct:language": {"@id": POLISH},
        "dct:spatial": {"@id": POLAND},
        "foaf:homepage": {"@id": absolute(reverse("opendata:index"))},
        "dcat:dataset": [
            dataset_node(dataset, stamps[slug], scope) for slug, dataset in DATASETS.items()
        ],
    }
    if modified:
        document["dct:modified"] = _when(max(modified))
    return document
