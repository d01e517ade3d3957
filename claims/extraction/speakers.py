"""One speaker, one claimant: later mentions resolved to the name an article gave first.

An article introduces "Mayor Linda Okafor", then writes "Okafor said" and "she
said"; it names "Norveth" and then quotes "the company". Read in order, the
article's sentences teach this memory the people and bodies it names; each
claimant found in a sentence is then resolved against it:

- a title or role before a name goes ("Mayor Linda Okafor" -> "Linda Okafor");
- a surname, or a title and a surname, becomes the full name ("Mr Sunak");
- "he"/"she" is the person last quoted, "it"/"they" the body last quoted;
- a description with a name at its end is that name ("the regulator Ofqual"),
  an acronym the body named before with those initials ("CSO");
- "the company", "the trust", "the bank's own projections" is the body named
  earlier whose name has that word, else the body last quoted; "the report"
  or "its study" is the body last quoted.
"""

import re

from factcheck.text import vocabulary

_TITLES = vocabulary.words("titles")
_ORGANISATION_WORDS = vocabulary.words("organisation_words")
_BODY_WORDS = (
    _ORGANISATION_WORDS
    | vocabulary.words("generic_org_words")
    | vocabulary.words("generic_speaker_words")
)
_PARTICLES = vocabulary.words("name_particles")  # "of", "de", "van", "&" inside a name
_DOCUMENTS = vocabulary.words("document_nouns")
_ARTICLES = vocabulary.words("articles")  # "The" opening a name is no part of it
_PERSON_PRONOUNS = frozenset({"he", "she"})
_BODY_PRONOUNS = frozenset({"it", "they"})
_NAME_WORD = re.compile(r"[A-Z][\w'\u2019.&-]*$")
_POSSESSIVE = re.compile(r"['\u2019]s?\s.*$")
_DESCRIPTION = re.compile(r"^(?:the|its|their)\s+(?P<words>[a-z][\w\s'\u2019-]{0,60})$", re.I)


def _name_tail(phrase: str) -> str:
    """The capitalised words a phrase ends with, without titles ("the regulator Ofqual")."""
    words = phrase.split()
    tail: list[str] = []
    for word in reversed(words):
        if not _NAME_WORD.match(word) and word not in _PARTICLES:
            break
        tail.insert(0, word)
    # "Finance Minister Pavel Dusek": the name follows the last title word.
    titles = [i for i, word in enumerate(tail[:-1]) if word.lower().strip(".") in _TITLES]
    if titles:
        tail = tail[titles[-1] + 1 :]
    while tail and (not _NAME_WORD.match(tail[0]) or tail[0].lower() in _ARTICLES):
        tail.pop(0)
    return " ".join(tail)


def _described_as_body(claimant: str, tail: str) -> bool:
    """Whether the words before the name say it is a body ("logistics group Norveth")."""
    before = claimant[: len(claimant) - len(tail)].split()
    return bool(before) and before[-1].lower() in _ORGANISATION_WORDS


def _to_end(names: list[str], name: str) -> None:
    """Put the name last in the list: the most recently named."""
    if name in names:
        names.remove(name)
    names.append(name)


class Speakers:
    """The people and bodies an article has named so far, for resolving claimants."""

    def __init__(self) -> None:
        self.people: list[str] = []  # full names, most recently named last
        self.bodies: list[str] = []  # organisation names, most recently named last
        self.quoted_bodies: list[str] = []  # bodies that were claimants, most recent last
        self.surnames: set[str] = set()  # one-word names the text types as a person's
        self.last_person = ""

    def learn(self, entities: list[dict]) -> None:
        """Remember the sentence's named people (two words or more) and organisations."""
        for entity in entities:
            name = _name_tail(entity["text"]) if entity["type"] == "person" else entity["text"]
            if entity["type"] == "person" and len(name.split()) >= 2:
                _to_end(self.people, name)
            elif entity["type"] == "person" and name:
                self.surnames.add(name)
            elif entity["type"] == "organization":
                _to_end(self.bodies, name)

    def resolve(self, claimant: str) -> str:
        """The full name for a claimant as the sentence writes it ("" stays "")."""
        lowered = claimant.lower()
        if lowered in _PERSON_PRONOUNS:
            return self.last_person
        if lowered in _BODY_PRONOUNS:
            return self._last_quoted_body()
        if person := self._person(claimant):
            _to_end(self.people, person)
            self.last_person = person
            return person
        body = self._body(claimant) or claimant
        if self._is_body(claimant, body):
            _to_end(self.bodies, body)
            _to_end(self.quoted_bodies, body)
        return body

    def _last_quoted_body(self) -> str:
        return self.quoted_bodies[-1] if self.quoted_bodies else ""

    def _acronym(self, name: str) -> str:
        """The body an acronym stands for, named before: "CSO" -> "Central Statistics Office"."""
        letters = name.replace(".", "")
        capitals = "".join(c for c in letters if c.isupper())  # "DfT" -> "DT"
        if not (2 <= len(letters) <= 6 and letters.isalpha() and len(capitals) >= 2):
            return ""
        for body in reversed(self.bodies):
            initials = "".join(w[0] for w in body.split() if w not in _PARTICLES)
            if initials.upper() in (letters.upper(), capitals) and body != name:
                return body
        return ""

    def _is_body(self, claimant: str, name: str) -> bool:
        """A named organisation: one the text types so, or named with a body's word."""
        if not name[:1].isupper():
            return False
        words = {w.lower().strip(".,'\u2019") for w in claimant.split()}
        return name in self.bodies or bool(words & _BODY_WORDS)

    def _person(self, claimant: str) -> str:
        """A person's full name: one named before, or the name once a title is left out."""
        tail = _name_tail(claimant)
        if not tail or _described_as_body(claimant, tail):
            return ""
        for person in reversed(self.people):
            surname = len(tail.split()) == 1 and person.endswith(" " + tail)
            if person == tail or surname:
                return person
        if tail in self.surnames:
            return tail  # a person the article has not given a full name
        titled = tail != claimant and not _DESCRIPTION.match(claimant)
        return tail if titled and len(tail.split()) >= 2 else ""

    def _body(self, claimant: str) -> str:
        """A body as it was named: "the regulator Ofqual", "the company", "the bank's data"."""
        bare = _POSSESSIVE.sub("", claimant).strip()
        if expanded := self._acronym(_name_tail(bare)):
            return expanded
        if tail := _name_tail(bare):
            return tail if tail != claimant else ""
        match = _DESCRIPTION.match(bare)
        head = match["words"].split()[-1].lower() if match else ""
        if head in _DOCUMENTS:  # "the report", "its study": the body that issued it
            return self._last_quoted_body()
        if head not in _BODY_WORDS:
            return ""
        for body in reversed(self.bodies):
            if head in body.lower().split():
                return body
        return self._last_quoted_body()
