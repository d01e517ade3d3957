"""Who asserts a sentence: reported speech, attribution phrases and hedges.

Rules over the surface text, in order of reliability:
  1. "according to X"
  2. "..., X said." / "..., said X." at the end of the sentence
  3. "X said (that) ..." / "X told Reuters ..." (the subject of a reporting verb)
A pronoun claimant ("he said") is returned as a pronoun; the article's
speakers (claims.extraction.speakers) say who it is.
"""

import re
from dataclasses import dataclass

from factcheck.text import vocabulary
from factcheck.text.vocabulary import alternation

from .quantities import looks_plural


def _verb_forms() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(base, third person, past) forms of the verbs in data/reporting_verbs.txt.

    The file lists every form of each verb, so the list itself says which is
    which: a form ending in "s" whose base is listed ("says", "denies") is a
    third person, its base ("say", "deny") a base form, forms ending in "ing"
    are participles, and the rest (said, told, wrote) are past forms.
    """
    forms = vocabulary.words("reporting_verbs")

    def base(form: str) -> str | None:
        return next((b for b in (form[:-1], form[:-2], form[:-3] + "y") if b in forms), None)

    third = frozenset(f for f in forms if f.endswith("s") and base(f))
    bases = frozenset(base(f) for f in third)
    past = forms - third - bases - {f for f in forms if f.endswith("ing")}
    return bases, third, past


_BASE_FORMS, THIRD_PERSON_REPORTING_VERBS, PAST_REPORTING_VERBS = _verb_forms()
# The finite forms a speaker is named with ("X said", "X says", "analysts
# say"); a participle ("saying") has no subject of its own.
REPORTING_VERBS = _BASE_FORMS | THIRD_PERSON_REPORTING_VERBS | PAST_REPORTING_VERBS
_REPORT_VERBS = alternation(REPORTING_VERBS)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
# Pronouns that stand for a speaker named before; "we" and "I" are inside quotes.
_RESOLVABLE_PRONOUNS = {"he", "she", "it", "they"}
# Full names only: "Sun" and "Sat" are words and names too.
_WEEKDAYS = alternation(frozenset(d for d in vocabulary.table("weekdays") if d.endswith("day")))
_WHEN = rf"{_WEEKDAYS}|{alternation(vocabulary.words('speaker_time_words'))}|last\s+\w+"
_TIME_WORDS = rf"(?:on\s+)?(?:{_WHEN}|this\s+\w+|in\s+\w+|on\s+\w+\.?\s*\d*,?)"

# "according to the ministry," / "according to figures from the ONS"
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,;:]+?)(?=[,;:]|\.(?:\s|$)|$)", re.IGNORECASE)
# "figures from the statistics office" names the office as the source.
_FROM_SOURCE = re.compile(r"\b(?:from|by|of)\s+(?P<who>(?:the\s+)?[A-Z].*|the\s+[a-z].*)$")
# "..., the ministry said." / "..., Yonhap reported Thursday."
_TRAILING = re.compile(
    rf"[,\u201d\"]\s*(?P<who>[^,\u201c\u201d\"]{{2,80}}?),?\s+(?-i:(?P<verb>{_REPORT_VERBS}))"
    rf"(?:\s+{_TIME_WORDS})?\s*[.!]?[\u201d\"]?\s*$",
    re.IGNORECASE,
)
# "..., said Maria Lopez, chief economist at the bank."
_TRAILING_INVERTED = re.compile(
    rf"[,\u201d\"]\s*(?P<verb>{_REPORT_VERBS})\s+(?P<who>[A-Z][^,.;]{{1,80}}?)(?:,[^,]*)?[.!]?\s*$"
)
# "it was announced by the regulator Ofqual that ...": the agent is the speaker.
_PASSIVE = re.compile(
    rf"\b(?:is|are|was|were|has been|have been|had been)\s+"
    rf"(?:{alternation(PAST_REPORTING_VERBS | _BASE_FORMS)})"
    r"\s+by\s+(?P<who>[^,.;:]{2,80}?)(?=\s+(?:that|on|in|at|to|as|for)\b|[,.;:]|$)"
)
# "Council member Luis Ortega, one of the two members who voted against, said ...":
# the sentence opens with the speaker, then an aside between commas, then the verb.
_OPENING_SUBJECT = re.compile(rf"^(?P<who>[^,]{{2,60}}?),[^,]{{1,120}},\s+(?:{_REPORT_VERBS})\b")
# Case-sensitive: "States" in "the United States" is no reporting verb.
_VERB = re.compile(rf"\b(?:{_REPORT_VERBS})\b")
# Words that can sit inside a claimant's noun phrase besides capitalised names.
_NP_WORDS = vocabulary.words("claimant_words")
# "the Kremlin on Tuesday insisted": the day is not part of the speaker.
_TRIM_TRAILING = re.compile(rf"\s+(?:on\s+)?(?:{_WHEN})$", re.IGNORECASE)
_TRIM_LEADING = re.compile(rf"^(?:{_TIME_WORDS}\s*,?\s*)+", re.IGNORECASE)
# Lower-case only: "May" is more often the month than the hedge.
_HEDGES = re.compile(rf"\b(?:{alternation(vocabulary.words('hedges'))})\b")
# "Harry Lane, a senior analyst at the bank, told reporters ..." - a name, an aside, the verb.
_NAME_PARTICLES = vocabulary.words("name_particles")  # "of", "van", "bin"
_PARTICLES = alternation(_NAME_PARTICLES)
_LEADING_NAME = re.compile(
    rf"^(?P<who>[A-Z][\w.'\u2019&-]*(?:\s+(?:(?:{_PARTICLES})\s+)*[A-Z][\w.'\u2019&-]*){{0,6}}),"
)
# The capitalised name a sentence opens with, up to its first lower-case word.
_SENTENCE_SUBJECT = re.compile(
    r"^(?P<who>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,5})\s+[a-z]"
)
# Words that make a phrase a clause rather than a name ("the company has ...").
_CLAUSE_WORDS = vocabulary.words("clause_words") | vocabulary.words("auxiliary_verbs")
_FUNCTION_WORDS = vocabulary.words("joining_words")
# An auxiliary before the verb: its subject stands before the auxiliary.
# Not a form of "be": "was told" has its speaker after it ("was told by").
_AUXILIARIES = vocabulary.words("auxiliary_verbs") - vocabulary.words("be_forms")
_TRAILING_ABBREVIATION = re.compile(r"\s*\([A-Z][A-Za-z&.]{1,9}\)$")
_OPENERS = vocabulary.words("sentence_openers")


@dataclass(frozen=True, slots=True)
class Attribution:
    claimant: str
    cue: str  # which rule found it: according_to, trailing, subject, pronoun
    hedges: tuple[str, ...]


def _agrees(verb: str, subject_word: str) -> bool:
    """Whether the verb can follow the subject's word: a base form only after a plural.

    "Officials say", "customs data show"; but "the annual report" and "a
    claim" are nouns, "to warn" has no subject, and an acronym ending in "S"
    ("a USGS report") is a name.
    """
    word = subject_word.strip(",.\"'")
    return verb.lower() not in _BASE_FORMS or (looks_plural(word.lower()) and not word.isupper())


def find_hedges(sentence: str) -> tuple[str, ...]:
    """Hedge words in the sentence (likely, could, may, reportedly ...), lower-cased."""
    return tuple(dict.fromkeys(m.group().lower() for m in _HEDGES.finditer(sentence)))


def _clean(phrase: str) -> str:
    phrase = _TRIM_LEADING.sub("", phrase.strip(" ,;:\"'\u201c\u201d"))
    phrase = _TRIM_TRAILING.sub("", phrase)
    phrase = re.sub(r"^(?:and|but|while|as|that|so)\s+", "", phrase, flags=re.IGNORECASE)
    return phrase.strip(" ,;:\"'\u201c\u201d")


def _is_name_like(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(words) > 9:
        return False
    if phrase.lower() in _PRONOUNS:
        return True
    for word in words:
        bare = word.strip(",.").lower()
        core = bare.removesuffix("'s").removesuffix("\u2019s")
        if word[:1].isupper() or word[:1].isdigit() or bare in _NP_WORDS or core in _NP_WORDS:
            continue
        if bare in _NAME_PARTICLES:
            continue  # "Ingrid de Haan"
        return False
    return True


def _subject_before(sentence: str, verb_start: int) -> tuple[str, str]:
    """The noun phrase right before a reporting verb, e.g. 'U.S. authorities', and its cue.

    The cue is "subject_phrase" for a whole short noun phrase (trusted as it
    is) and "subject" for a phrase walked back word by word.
    """
    # "Maria Lopez, the bank's economist, said": the comma before the verb
    # closes an aside, it does not start the subject.
    before = sentence[:verb_start].rstrip().rstrip(",").rstrip()
    # "the Royal College of GPs (RCGP) accused": the name, not its abbreviation.
    before = _TRAILING_ABBREVIATION.sub("", before)
    # The phrase starts after the last clause boundary.
    cut = max(before.rfind(c) for c in (",", ";", ":", "\u201d", '"', "(", "\u2014", " - "))
    phrase = before[cut + 1 :] if cut >= 0 else before
    words = phrase.split()
    if words and words[-1].lower() in _FUNCTION_WORDS:
        return "", "subject"  # "... pleaded guilty and testified": the same subject again
    short = _clean(phrase)
    short_words = short.split()
    if (
        0 < len(short_words) <= 6
        and (short_words[0][:1].isupper() or short_words[0].lower() in {"the", "a", "an"})
        and not any(w.lower() in _CLAUSE_WORDS for w in short_words)
        and not any(w[:1].isdigit() for w in short_words)
    ):
        return short, "subject_phrase"  # a whole short noun phrase: "A local fishing cooperative"
    # Walk back while words can belong to a name or an institutional phrase.
    kept: list[str] = []
    for word in reversed(words):
        bare = word.strip(",.").lower()
        core = bare.removesuffix("'s").removesuffix("\u2019s")
        if word[:1].isupper() or bare in _NP_WORDS or core in _NP_WORDS or word[:1].isdigit():
            kept.append(word)
            continue
        if bare in _PRONOUNS and not kept:
            kept.append(word)
        break
    return _clean(" ".join(reversed(kept))), "subject"


def find_attribution(sentence: str) -> Attribution | None:
    """The claimant of one sentence, or None when the article itself asserts it.

    A pronoun ("he said", "it said") comes back as it is, with cue "pronoun":
    who it is follows from the sentences before (claims.extraction.speakers).
    """
    hedges = find_hedges(sentence)
    candidates: list[tuple[str, str]] = []
    if match := _ACCORDING.search(sentence):
        who = _clean(match.group("who"))
        if inner := _FROM_SOURCE.search(who):
            who = _clean(inner.group("who"))
        if 0 < len(who.split()) <= 8:
            candidates.append((who, "according_to_phrase"))
    if match := _PASSIVE.search(sentence):
        candidates.append((_clean(match.group("who")), "passive_phrase"))
    match = _OPENING_SUBJECT.match(sentence)
    if match and match["who"].split()[-1][:1].isupper():
        candidates.append((_clean(match.group("who")), "subject_phrase"))
    match = _TRAILING_INVERTED.search(sentence)
    if match and _agrees(match["verb"], match["who"].split()[0]):
        candidates.append((_clean(match.group("who")), "trailing"))
    match = _TRAILING.search(sentence)
    if match and _agrees(match["verb"], match["who"].split()[-1]):
        # Between the last comma and a closing "said" is only ever the speaker,
        # so ordinary words are allowed ("the labour ministry").
        who = _clean(match.group("who"))
        if len(who.split()) <= 6 and not any(w.lower() in _CLAUSE_WORDS for w in who.split()):
            candidates.append((who, "trailing_phrase"))
        candidates.append((_subject_before(sentence, match.end("who") + 1)[0], "trailing"))
    for verb in _VERB.finditer(sentence):
        word = verb.group().lower()
        previous = sentence[: verb.start()].split()[-1:]
        if previous and previous[0].lower() in _AUXILIARIES:
            # "Analysts polled by Thomson Financial had forecast", "She will tell MPs":
            # the subject is before the auxiliary, and the verb agrees with any.
            auxiliary = sentence.rindex(previous[0], 0, verb.start())
            candidates.append(_subject_before(sentence, auxiliary))
            continue
        if not _agrees(word, previous[0] if previous else ""):
            continue
        if word in {"expected", "show"} and previous and previous[0].lower() in _CLAUSE_WORDS:
            continue  # "is expected to", "which show": no speaker right before it
        if (
            previous
            and previous[0].lower() == "and"
            and (lead := _SENTENCE_SUBJECT.match(sentence))
        ):
            # "Finance Minister Pavel Dusek welcomed the figures and said ..."
            candidates.append((lead.group("who"), "subject"))
        leading = _LEADING_NAME.match(sentence)
        if leading and leading.group("who").lower() in _OPENERS:
            leading = None  # "Earlier, Ms Suu Kyi ... urged": an adverb, not a name
        if leading and leading.end() < verb.start():
            if sentence[: verb.start()].rstrip().endswith(","):
                # "Sarah Okafor, chief economist at X, said": the name, not X.
                candidates.append((leading.group("who"), "subject"))
            candidates.append(_subject_before(sentence, verb.start()))
            candidates.append((leading.group("who"), "subject"))
        else:
            candidates.append(_subject_before(sentence, verb.start()))
        # Later verbs are tried too: in "pictures it said showed ..., the Kremlin
        # insisted ..." the first verb's subject is a pronoun, the second's the speaker.
    pronoun = None
    for claimant, cue in candidates:
        if not claimant or (not cue.endswith("_phrase") and not _is_name_like(claimant)):
            continue
        if claimant.lower() in _RESOLVABLE_PRONOUNS:
            pronoun = pronoun or Attribution(claimant.lower(), "pronoun", hedges)
        elif claimant.lower() not in _PRONOUNS:
            return Attribution(claimant, cue.removesuffix("_phrase"), hedges)
    # "pictures it said showed ..., the Kremlin insisted": a named speaker later
    # in the sentence is the one; a pronoun only when none is named.
    return pronoun


def is_person_name(phrase: str) -> bool:
    """One to four capitalised words and no institutional word: likely a person."""
    words = phrase.split()
    if not 1 <= len(words) <= 4:
        return False
    return all(w[:1].isupper() and w.lower().strip(".") not in _NP_WORDS for w in words)
