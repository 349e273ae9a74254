"""What the search box understands: the names of the lists and their synonyms, found in a query.

The vocabulary is a set of phrases, each meaning one concept, a criterion of the list's filters
with its value: a type of aid ("type"), a public ("public"), a language ("langue"), a quartier
("quartier"), or a condition ("gratuit", "sans_rendez_vous", "sans_orientation"). Its phrases
are the names of the types of aid, publics and languages in French, English and Arabic, the
quartiers' names, the conditions as the interface says them in each language, and the synonyms
CCAS agents keep in the back office (`Synonym`): a resident finds in any language, whatever the
page's. It is built once per generation of the directory, with the other lists (`term_lists`).

`Vocabulary.read(text)` folds the query (case, accents, plural endings, the Arabic article),
then, from left to right, takes the longest phrase of the vocabulary starting at each word. A
word of four letters or more that is not in the vocabulary may be a spelling mistake of one that
is, with the same first letter ("epicrie" for épicerie, "almaa" for Alma, "hommlet" for
Hommelet): one letter wrong, or one or two missing or too many; in a word of six letters or more,
one more; in one of eight or more, two letters wrong. It is read as that word when this makes a
phrase: « paniers » stays itself, though close to the « papiers » of « sans papiers ». The words
left over are free text, less a few words that say nothing on their own ("de", "the", "في").
"""

import difflib
import itertools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from .search import MAX_QUERY_LENGTH, words
from .taxonomies import Synonym

# Words that say nothing on their own, in French, English and Arabic, never searched for as free
# text (they still belong to phrases: « demandeurs d'asile », « à la rue »). Folded.
STOP_WORDS = frozenset(
    word
    for language in (
        "a au aux avec ce chez d de des du en et j je l la le les ma mes moi mon ou par pour",
        "qui sur un une",
        "an and at for i in is me my near of on the to where with",
        "الى على عن في ل مع من و",
    )
    for word in language.split()
)

# The shortest word read as a misspelling of another.
MIN_CORRECTED_LENGTH = 4


@dataclass(frozen=True)
class Concept:
    """A criterion of the list's filters and its value: ("type", <AidType colis>),
    ("gratuit", True)."""

    criterion: str
    value: object


@dataclass(frozen=True)
class Found:
    """A concept found in a query: the words typed, and the phrase of the vocabulary they were
    read as (another spelling, another language)."""

    concept: Concept
    typed: str
    phrase: str


# The concepts that texts name as well: places are called after what they give and where they
# are (« Les Restos du Cœur », « L'Épicerie de l'Alma »). A public, a language or a condition is
# a promise that only the service's own data can keep: « papiers » in a text may well be a list
# of the papers to bring.
NAMED_IN_TEXTS = ("type", "quartier")


@dataclass(frozen=True)
class Reading:
    """A query read: the concepts found, in the order typed, and the free words, as typed."""

    found: list = field(default_factory=list)
    free_words: list = field(default_factory=list)

    def applied_to(self, criteria, several=()):
        """The search applied to a list's `criteria` (a filter form's cleaned data): each
        concept found becomes the criterion it stands for, as if chosen in the form. `several`:
        the criteria that hold a list of values (types of aid), which add up. Another value of
        a criterion that holds one (a second language) cannot be read so: its words stay free
        text. The quartiers named are kept apart (`Search.quartiers`): they choose the results,
        where the form's quartier only orders them."""
        criteria = dict(criteria)
        applied, quartiers, free_words = [], [], list(self.free_words)
        for found in self.found:
            name, value = found.concept.criterion, found.concept.value
            current = criteria.get(name)
            if name == "quartier":
                quartiers.append(value)
            elif name in several:
                criteria[name] = [*(current or ()), *([] if value in (current or ()) else [value])]
            elif current in (None, False, "") or current == value:
                criteria[name] = value
            else:
                free_words.append(found.typed)
                continue
            applied.append(found)
        return Search(criteria, applied, list(dict.fromkeys(quartiers)), free_words)


@dataclass(frozen=True)
class Search:
    """A search applied to a list's criteria (`Reading.applied_to`)."""

    # The criteria of the form, with the concepts found.
    criteria: dict
    # The concepts found that the criteria hold, in the order typed.
    applied: list
    # The quartiers named: the results have a place in one of them.
    quartiers: list
    # The words searched for in the associations' texts, as typed.
    free_words: list

    @property
    def named(self):
        """The concepts found that texts may name instead (`NAMED_IN_TEXTS`)."""
        return [found for found in self.applied if found.concept.criterion in NAMED_IN_TEXTS]


def keys(text):
    """The words of `text` as the vocabulary compares them: folded, without plural ending, and
    without the Arabic article (« الطلاب », the students, is « طلاب »)."""
    return [_without_article(word) for word in words(text)]


def _without_article(word):
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


class Vocabulary:
    def __init__(self, entries):
        """`entries`: (phrase, Concept) pairs; the first concept of a phrase is kept.

        Held as plain tuples, the terms by primary key apart: every public page unpickles the
        vocabulary with the other lists (`term_lists`), and Concept objects are slower to."""
        self.phrases, self.terms = {}, {}
        for phrase, concept in entries:
            value = concept.value
            if value is not True:
                self.terms[concept.criterion, value.pk] = value
                value = value.pk
            self.phrases.setdefault(tuple(keys(phrase)), (concept.criterion, value, phrase))
        self.phrases.pop((), None)
        self.longest = max(map(len, self.phrases), default=0)
        self.known = frozenset(word for phrase in self.phrases for word in phrase)
        self.by_length = {}
        for word in sorted(self.known):
            self.by_length.setdefault(len(word), []).append(word)

    @classmethod
    def of(cls, *, aid_types, publics, languages, quartiers, synonyms):
        """The vocabulary of the lists (terms by primary key, as `term_lists` holds them) and of
        the synonyms."""
        entries = []
        for criterion, terms in (
            ("type", aid_types),
            ("public", publics),
            ("langue", languages),
            ("quartier", quartiers),
        ):
            for term in terms.values():
                for name in _names(term):
                    entries += [(variant, Concept(criterion, term)) for variant in _variants(name)]
        for condition in Synonym.Condition:
            for code, _language in settings.LANGUAGES:
                with translation.override(code):
                    entries.append((str(condition.label), Concept(condition.value, True)))
        for synonym in synonyms:
            concept = _concept_of(synonym, aid_types, publics, languages)
            # A synonym of a term written after the lists were read waits for the next reading.
            if concept.value is not None:
                entries.append((synonym.text, concept))
        return cls(entries)

    def read(self, text):
        """The concepts that `text` names and its free words (`Reading`)."""
        typed = re.findall(r"\w+", text[:MAX_QUERY_LENGTH])
        folded = ["".join(keys(word)) for word in typed]
        close = {
            index: self._close(word)
            for index, word in enumerate(folded)
            if word not in self.known and len(word) >= MIN_CORRECTED_LENGTH
        }
        found, free_words = [], []
        start = 0
        while start < len(folded):
            match = self._longest_phrase(folded, start, close)
            if match is None:
                if folded[start] and folded[start] not in STOP_WORDS:
                    free_words.append(typed[start])
                start += 1
                continue
            length, (concept, phrase) = match
            found.append(Found(concept, " ".join(typed[start : start + length]), phrase))
            start += length
        return Reading(found, free_words)

    def _longest_phrase(self, folded, start, close):
        """(number of words, (concept, phrase)) of the longest phrase starting at `start`, read
        as typed rather than corrected at equal length; None if there is none."""
        for length in range(min(self.longest, len(folded) - start), 0, -1):
            window = range(start, start + length)
            exact = tuple(folded[index] for index in window)
            if exact in self.phrases:
                return length, self._meaning(exact)
            readings = [[folded[index], *close.get(index, ())] for index in window]
            for candidate in itertools.product(*readings):
                if candidate in self.phrases:
                    return length, self._meaning(candidate)
        return None

    def _meaning(self, key):
        """(Concept, phrase) of a phrase of the vocabulary."""
        criterion, value, phrase = self.phrases[key]
        if value is not True:
            value = self.terms[criterion, value]
        return Concept(criterion, value), phrase

    def _close(self, word):
        """The words of the vocabulary that `word` may be a misspelling of, the closest first."""
        allowed = _allowed_unmatched_letters(word)
        candidates = [
            candidate
            for length in range(len(word) - 2, len(word) + 3)
            for candidate in self.by_length.get(length, ())
            if candidate[0] == word[0]
        ]
        return [
            candidate
            for candidate in difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
            if _unmatched_letters(word, candidate) <= allowed
        ]


def _allowed_unmatched_letters(word):
    if len(word) < 6:
        return 2
    return 3 if len(word) < 8 else 4


def _unmatched_letters(word, other):
    """The letters of the two words outside their common parts: one for a letter missing or too
    many, two for a letter wrong."""
    matcher = difflib.SequenceMatcher(None, word, other, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return len(word) + len(other) - 2 * common


def _names(term):
    return [name for name in (term.name, *_translations(term)) if name]


def _translations(term):
    return [getattr(term, f"name_{code}", "") for code, _name in settings.LANGUAGES]


def _variants(name):
    """A name and, if it has a part in brackets, the name without it and that part: « Berbère
    (tamazight) » is also « Berbère » and « tamazight »."""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)\s*", name)
    return [name, *match.groups()] if match else [name]


def _concept_of(synonym, aid_types, publics, languages):
    if synonym.condition:
        return Concept(synonym.condition, True)
    if synonym.aid_type_id:
        return Concept("type", aid_types.get(synonym.aid_type_id))
    if synonym.public_id:
        return Concept("public", publics.get(synonym.public_id))
    return Concept("langue", languages.get(synonym.language_id))
