"""Measure the site search on the evaluation set as a visitor meets it.

The set (README.md here): 100 Polish documents in files/ with their metadata in documents.csv,
and 60 queries in queries.json, 12 of each kind, each naming the one document it should find.

    import_set()        imports the files with `manage.py import_documents` (so the text of each
                        file is really extracted, in its child process)
    rebuild_index(name) rebuilds the search index of a backend from the database
    evaluate(client)    asks `/api/search/` every query and returns an Evaluation: the reciprocal
                        rank of each answer, the mean per kind and overall, the count in the top 3,
                        and the misses with what came first

The caller chooses the backend that answers (settings SEARCH_BACKEND, ELASTICSEARCH_INDEX_PREFIX):
every answer must come from the backend asked for (no fallback), or evaluate() fails.
"""

import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
METADATA = HERE / "documents.csv"
QUERIES = HERE / "queries.json"
KINDS = ("body", "no_diacritics", "inflection", "typo", "proximity")
KIND_LABELS = {
    "body": "answer only inside the file's body",
    "no_diacritics": "typed without Polish letters",
    "inflection": "inflected nouns and place names",
    "typo": "one-letter typo",
    "proximity": "order and nearness of words",
}
PER_PAGE = 50  # the API's maximum: an answer further down counts as not found (reciprocal rank 0)
TARGETS = {"mrr": 0.97, "kind_mrr": 0.95, "top3": "all"}


def load_queries():
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def import_set():
    """Import the set into the registry; returns the seconds it took. Fails on any bad row."""
    from django.core.management import call_command

    from documents.models import ExtractionStatus, RegistryDocument

    started = time.perf_counter()
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_documents",
        str(FILES),
        "--metadata",
        str(METADATA),
        stdout=out,
        stderr=err,
        verbosity=0,
    )
    documents = RegistryDocument.objects.exclude(source_key="")
    unread = list(
        documents.exclude(extraction_status=ExtractionStatus.DONE).values_list(
            "source_key", "extraction_status", "extraction_error"
        )
    )
    if documents.count() != 100 or unread:
        raise AssertionError(
            f"The set did not import whole: {documents.count()} documents, not extracted: "
            f"{unread}\n{out.getvalue()}{err.getvalue()}"
        )
    return time.perf_counter() - started


def rebuild_index(backend_name):
    """Rebuild one backend's index from the database; returns the seconds it took."""
    from search import indexing

    started = time.perf_counter()
    count = indexing.rebuild(backend_name)
    if count < 100:
        raise AssertionError(
            f"The {backend_name} index holds {count} records, not the 100 of the set"
        )
    return time.perf_counter() - started


@dataclass
class Answer:
    kind: str
    query: str
    expected: str
    rank: int  # 1-based; 0 when the document is not among the first PER_PAGE hits
    first: str  # the key (or title) of the first hit
    total: int

    @property
    def reciprocal(self):
        return 1 / self.rank if self.rank else 0.0


@dataclass
class Evaluation:
    backend: str
    answers: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)

    @property
    def mrr(self):
        return _mean(a.reciprocal for a in self.answers)

    def kind_mrr(self, kind):
        return _mean(a.reciprocal for a in self.answers if a.kind == kind)

    @property
    def top3(self):
        return sum(1 for a in self.answers if 1 <= a.rank <= 3)

    @property
    def misses(self):
        """The answers that did not come first."""
        return [a for a in self.answers if a.rank != 1]

    def meets_targets(self):
        return (
            self.mrr >= TARGETS["mrr"]
            and self.top3 == len(self.answers)
            and all(self.kind_mrr(kind) >= TARGETS["kind_mrr"] for kind in KINDS)
        )

    def summary(self):
        return {
            "backend": self.backend,
            "mrr": round(self.mrr, 3),
            "top3": self.top3,
            "queries": len(self.answers),
            "kinds": {kind: round(self.kind_mrr(kind), 3) for kind in KINDS},
            "misses": [
                {
                    "kind": a.kind,
                    "query": a.query,
                    "expected": a.expected,
                    "rank": a.rank,
                    "first": a.first,
                }
                for a in self.misses
            ],
            "seconds": {name: round(value, 1) for name, value in self.seconds.items()},
        }

    def report(self):
        return format_report([self.summary()])


def _mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def document_keys():
    """{url of a registry document: its `klucz`} for every document of the set."""
    from documents.models import RegistryDocument

    return {
        document.get_absolute_url(): document.source_key
        for document in RegistryDocument.objects.exclude(source_key="")
    }


def evaluate(client, backend, queries=None):
    """Ask `/api/search/` every query through the Django test client `client`; `backend` is the
    one that must answer (`database` or `elasticsearch`)."""
    keys = document_keys()
    evaluation = Evaluation(backend=backend)
    started = time.perf_counter()
    for item in queries or load_queries():
        response = client.get("/api/search/", {"q": item["query"], "per_page": PER_PAGE})
        if response.status_code != 200:
            raise AssertionError(
                f"/api/search/?q={item['query']} answered {response.status_code}: "
                f"{response.content[:300]!r}"
            )
        data = response.json()
        if data["backend"] != backend or data["fallback"]:
            raise AssertionError(
                f"{item['query']!r} was answered by {data['backend']} "
                f"(fallback: {data['fallback']}), not by {backend}"
            )
        found = [keys.get(hit["url"], hit["title"]) for hit in data["hits"]]
        rank = found.index(item["expected"]) + 1 if item["expected"] in found else 0
        evaluation.answers.append(
            Answer(
                kind=item["kind"],
                query=item["query"],
                expected=item["expected"],
                rank=rank,
                first=found[0] if found else "—",
                total=data["total"],
            )
        )
    evaluation.seconds["queries"] = time.perf_counter() - started
    return evaluation


def format_report(summaries):
    """The table of figures (one column per backend) and each backend's misses, as text."""
    names = [s["backend"] for s in summaries]
    width = max(len(label) for label in KIND_LABELS.values()) + 2
    lines = ["", f"{'':{width}}" + "".join(f"{name:>16}" for name in names)]
    lines.append(f"{'MRR':{width}}" + "".join(f"{s['mrr']:>16.3f}" for s in summaries))
    lines.append(
        f"{'in the top 3':{width}}"
        + "".join(f"{str(s['top3']) + '/' + str(s['queries']):>16}" for s in summaries)
    )
    for kind in KINDS:
        lines.append(
            f"{KIND_LABELS[kind]:{width}}"
            + "".join(f"{s['kinds'][kind]:>16.3f}" for s in summaries)
        )
    for s in summaries:
        lines.append("")
        lines.append(f"{s['backend']}: {len(s['misses'])} answers not first")
        for miss in s["misses"]:
            rank = miss["rank"] or f">{PER_PAGE}"
            lines.append(
                f"  [{miss['kind']}] {miss['query']!r}: {miss['expected']} at {rank}, "
                f"first: {miss['first']}"
            )
        if s.get("seconds"):
            lines.append("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in s["seconds"].items()))
    lines.append(
        f"targets: MRR ≥ {TARGETS['mrr']}, every answer in the top 3, each kind ≥ "
        f"{TARGETS['kind_mrr']}"
    )
    return "\n".join(lines)
