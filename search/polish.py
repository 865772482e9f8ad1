"""Polish text analysis done in Python: tokens, folding, lemmas, diacritic restoration, stop words.

The database backend indexes and queries lemmas produced here; the Elasticsearch backend uses
its own hunspell analyzer for the text but takes the query words (with restored diacritics)
from here, so both backends read a query the same way.

Lemmas come from Morfeusz 2 with the SGJP dictionary (the morphological analyser of the Polish
Academy of Sciences): it knows every inflected form of the general vocabulary and of Polish
place names ("Oświęcimiu" → "Oświęcim", "gmin" → "gmina"), loads in 0.1 s and takes about
40 MB. An ambiguous form keeps all of its lemmas ("powiecie" → "powiat", "powiedzieć").
"""

import itertools
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Polish letters a folded query letter may stand for.
_DIACRITIC_VARIANTS = {
    "a": "aą",
    "c": "cć",
    "e": "eę",
    "l": "lł",
    "n": "nń",
    "o": "oó",
    "s": "sś",
    "z": "zżź",
}
_MAX_RESTORE_VARIANTS = 4096
_MAX_TOKEN_LENGTH = 60

# Our own stop list: function words that carry no meaning in a search of this portal.
STOP_WORDS = frozenset(
    """
    a aby ach acz aczkolwiek aj albo ale ależ ani aż bardziej bardzo bez bo bowiem by byli bym
    byś był była było były być będzie będą cali cała cały chce ci cię ciebie co coś czy czyli
    daleko dla dlaczego dlatego do dobrze dokąd dość dużo dwa dwaj dwie dwoje dziś dzisiaj gdy
    gdyby gdyż gdzie go i ich ile im inna inne inny innych iż ja ją jak jakaś jakby jaki jakichś
    jakie jakiś jakiż jakkolwiek jako jakoś je jeden jedna jedno jednak jednakże jego jej jemu
    jest jestem jeszcze jeśli jeżeli już ją każdy kiedy kierunku kilka kimś kto ktoś która
    które którego której który których którym którzy ku lat lecz lub ma mają mam mi mimo między
    mną mnie mogą moim moja moje może możliwe można mój mu musi my na nad nam nami nas nasi
    nasz nasza nasze naszego naszych natomiast natychmiast nawet nią nic nich nie niego niej
    niemu nigdy nim nimi niż no o obok od około on ona one oni ono oraz oto owszem pan pana pani
    po pod podczas pomimo ponad ponieważ powinien powinna powinni powinno poza prawie przecież
    przed przede przedtem przez przy roku również sam sama są się skąd sobie sobą sposób swoje
    ta tak taka taki takie także tam te tego tej temu ten teraz też to tobą tobie toteż trzeba
    tu tutaj twoi twoim twoja twoje twym twój ty tych tylko tym u w wam wami was wasz wasza wasze
    we według wiele wielu więc więcej wszyscy wszystkich wszystkie wszystkim wszystko wtedy wy
    właśnie z za zapewne zawsze ze znowu znów został żaden żadna żadne żadnych że żeby
    """.split()
)
_FOLDED_STOP_WORDS = None


def fold(text):
    """Lower case without diacritics: "Współpraca" → "wspolpraca", "Łódź" → "lodz"."""
    text = text.lower().replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_diacritics(word):
    return fold(word) != word.lower()


@lru_cache(maxsize=200_000)
def is_stop_word(word):
    global _FOLDED_STOP_WORDS
    if _FOLDED_STOP_WORDS is None:
        _FOLDED_STOP_WORDS = frozenset(fold(w) for w in STOP_WORDS)
    lowered = word.lower()
    if lowered in STOP_WORDS:
        return True
    # A folded query word is a stop word only when its folded form is ("ze" and "że").
    return not has_diacritics(word) and lowered in _FOLDED_STOP_WORDS


def tokens(text):
    """(word, start, end) for every word of the text."""
    for match in WORD_RE.finditer(text or ""):
        word = match.group()
        if len(word) <= _MAX_TOKEN_LENGTH:
            yield word, match.start(), match.end()


_local = threading.local()


def _morfeusz():
    analyser = getattr(_local, "morfeusz", None)
    if analyser is None:
        import morfeusz2

        analyser = morfeusz2.Morfeusz(generate=False, expand_tags=False)
        _local.morfeusz = analyser
    return analyser


def _dictionary_lemmas(word):
    """Lemmas Morfeusz knows for the word (its first segment), or an empty set for an unknown word."""
    found = set()
    for start, _end, (_form, lemma, tag, *_rest) in _morfeusz().analyse(word):
        if start != 0 or tag == "ign":
            continue
        found.add(lemma.split(":", 1)[0])
    return found


@lru_cache(maxsize=200_000)
def lemmas(word):
    """Folded lemmas of one word; an unknown word is its own lemma."""
    if word.isdigit():
        return (word,)
    known = _dictionary_lemmas(word)
    if not known:
        return (fold(word),)
    return tuple(sorted({fold(lemma) for lemma in known}))


@lru_cache(maxsize=50_000)
def restore_diacritics(word):
    """Known Polish words the diacritic-less word may stand for: "miedzysektorowa" → "międzysektorowa".

    Empty when the word has diacritics, is known as it is, or is too ambiguous to expand.
    """
    lowered = word.lower()
    if has_diacritics(word) or not lowered.isalpha() or _dictionary_lemmas(lowered):
        return ()
    choices = [_DIACRITIC_VARIANTS.get(ch, ch) for ch in lowered]
    count = 1
    for options in choices:
        count *= len(options)
    if count > _MAX_RESTORE_VARIANTS:
        return ()
    found = []
    for letters in itertools.product(*choices):
        candidate = "".join(letters)
        if candidate != lowered and _dictionary_lemmas(candidate):
            found.append(candidate)
    return tuple(found)


def display_form(term, typed=""):
    """How a corrected folded term is shown: with its Polish letters put back ("wspolpraca" →
    "współpraca"); of several spellings, the one nearest to what was TYPED (so the letters the
    user typed are kept), then the one with the fewest Polish letters."""
    from rapidfuzz.distance import OSA

    spellings = restore_diacritics(term) or (term,)
    typed = typed.lower()
    return min(spellings, key=lambda word: (OSA.distance(typed, word), len(word.encode()), word))


def is_known_word(word):
    """Whether the dictionary knows the word, as typed or with its diacritics put back."""
    return bool(word.isdigit() or _dictionary_lemmas(word.lower()) or restore_diacritics(word))


def query_lemmas(word):
    """Lemmas a query word is searched by: its own, or those of its diacritic restorations."""
    restored = restore_diacritics(word)
    if restored:
        collected = {fold(word)}
        for candidate in restored:
            collected.update(lemmas(candidate))
        return tuple(sorted(collected))
    return lemmas(word)


@lru_cache(maxsize=200_000)
def index_terms(word):
    """Terms stored for one word of indexed text: its lemmas and its folded form."""
    return tuple(sorted({*lemmas(word), fold(word)}))


def number_norm(text):
    """A document number's words, folded: "Nr 20/18" → "nr 20 18" (to spot a query equal to it)."""
    return " ".join(fold(word) for word, _s, _e in tokens(text))[:100]


def analyze(text):
    """Positions of the text: a tuple of index terms for each word that is not a stop word."""
    return [index_terms(word) for word, _s, _e in tokens(text) if not is_stop_word(word)]


# -- queries ---------------------------------------------------------------------------------

_PHRASE_RE = re.compile(r"[\"„”“«»]([^\"„”“«»]*)[\"„”“«»]?")


@dataclass
class ParsedQuery:
    """A user query: loose words and quoted phrases, each word as typed (syntax removed)."""

    words: list = field(default_factory=list)
    phrases: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.words and not any(self.phrases)

    def all_words(self):
        return [*self.words, *itertools.chain.from_iterable(self.phrases)]

    def text(self):
        parts = [" ".join(self.words)] if self.words else []
        parts += [f'"{" ".join(phrase)}"' for phrase in self.phrases]
        return " ".join(parts)


def parse_query(raw):
    """Words and "quoted phrases" of a query; every operator and special character is dropped.

    Lucene syntax, SQL fragments and control characters reach no engine: only \\w+ words do.
    """
    raw = (raw or "").replace("\x00", " ")
    phrases = []

    def take_phrase(match):
        words = [word for word, _s, _e in tokens(match.group(1))]
        if len(words) > 1:
            phrases.append(words)
        return " " + " ".join(words) + " " if len(words) == 1 else " "

    rest = _PHRASE_RE.sub(take_phrase, raw)
    words = [
        word
        for word, _s, _e in tokens(rest)
        if word.upper() not in {"AND", "OR", "NOT"} and not is_stop_word(word)
    ]
    if not words and not phrases:
        # A query of stop words only ("to i owo") still searches for what was typed.
        words = [word for word, _s, _e in tokens(rest)]
    return ParsedQuery(words=words[:32], phrases=phrases[:8])


# -- snippets --------------------------------------------------------------------------------


HIGHLIGHT_SPAN = 4000


class Highlighter:
    """Escaped snippets of texts around the best match of one query, matches in <mark>.

    Matching is by lemma, so "gmina" marks "gminach"; a snippet is "" when nothing matches.
    Several texts of one query share the decisions of which words match."""

    def __init__(self, query, terms=()):
        wanted = set(terms)  # more index terms to mark (those a misspelt word was corrected to)
        for word in query.all_words():
            wanted.update(query_lemmas(word))
            wanted.add(fold(word))
        self.wanted = frozenset(wanted)
        self.verdicts = {}  # word: whether it matches the query

    def _matches(self, word):
        matched = self.verdicts.get(word)
        if matched is None:
            matched = (
                len(word) <= _MAX_TOKEN_LENGTH
                and not is_stop_word(word)
                and not self.wanted.isdisjoint(index_terms(word))
            )
            self.verdicts[word] = matched
        return matched

    def snippet(self, text, length=260):
        return self.locate(text, length)[0]

    def locate(self, text, length=260):
        """The snippet and the offset in TEXT of its first match (("", -1) when nothing matches)."""
        if not text:
            return "", -1
        # The regular expression splits the text in C; each distinct word is judged once, and
        # the matching ones are then found in one pass.
        found = sorted(
            (word for word in set(WORD_RE.findall(text)) if self._matches(word)),
            key=len,
            reverse=True,
        )
        if not found:
            return "", -1
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, found)) + r")(?!\w)")
        # Matches from the first one up to HIGHLIGHT_SPAN characters after it: the snippet
        # shows the densest window there.
        matches = []
        for match in pattern.finditer(text):
            if matches and match.start() > matches[0][0] + HIGHLIGHT_SPAN:
                break
            matches.append(match.span())
        return _snippet(text, matches, length)


def page_at(text, offset):
    """The page of a PDF's text (pages separated by form feeds) an offset is on, or None."""
    if offset < 0 or "\f" not in text:
        return None
    return text.count("\f", 0, offset) + 1


def fragment_offset(text, fragment):
    """Where an engine's snippet (escaped HTML, matches in <mark>) starts in TEXT, or -1."""
    import html

    # Enough of the fragment's words to tell apart two pages that open alike.
    words = WORD_RE.findall(html.unescape(re.sub(r"</?mark>", "", fragment)))[:40]
    if not words:
        return -1
    found = re.search(r"\W+".join(map(re.escape, words)), text)
    return found.start() if found else -1


def _snippet(text, matches, length):
    """The escaped window of LENGTH characters of TEXT holding the most MATCHES, marked, and
    the offset of the match the window is built around."""
    from django.utils.html import escape

    # The window of `length` characters holding the most matches (two pointers).
    best_start, best_count, last = matches[0][0], 0, 0
    for i, (start, _end) in enumerate(matches):
        last = max(last, i)
        while last + 1 < len(matches) and matches[last + 1][1] <= start + length:
            last += 1
        count = last - i + 1 if matches[i][1] <= start + length else 0
        if count > best_count:
            best_start, best_count = start, count
    window_start = max(0, best_start - 60)
    if window_start:
        # Start at a word boundary: after the space before the window, or at the text's start.
        space = text.rfind(" ", 0, window_start + 1)
        window_start = space + 1 if best_start - space < 100 else best_start
    window_end = min(len(text), window_start + length)
    if window_end < len(text):
        space = text.rfind(" ", window_start, window_end)
        window_end = space if space > best_start else window_end
    parts = ["…" if window_start else ""]
    cursor = window_start
    for start, end in matches:
        if start < window_start or end > window_end:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:window_end]))
    if window_end < len(text):
        parts.append("…")
    return " ".join("".join(parts).split()), best_start
