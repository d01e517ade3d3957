"""Named entities found offline: people, organisations and places.

Capitalised word sequences, typed by what they contain and what surrounds
them: an organisation word (Ministry, Bank, Agency ...), a gazetteer of
countries and large cities, a title before a name (President, Dr.), or a
reporting verb after a name.
"""

import re
from dataclasses import dataclass

_ORG_WORDS = frozenset(
    """agency ministry department office service services party bank council court company
    corporation corp corp. inc inc. ltd ltd. plc llc university college school association
    committee commission organization organisation institute center centre reserve fund news
    times post journal herald tribune group union federation board authority police army
    navy forces force network foundation administration parliament congress senate assembly
    bureau agency's hospital clinic trust club fc league airlines airways motors systems
    technologies labs laboratory laboratories exchange press media television radio
    broadcasting corporation nations alliance coalition front movement church guard command
    embassy consulate government cabinet secretariat""".split()
)
_TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. prof prof. president vice prime minister secretary senator
    sen. rep. representative governor gov. mayor judge justice chancellor king queen prince
    princess sir dame lord lady general gen. colonel col. captain capt. chief leader ceo
    chairman chairwoman chair director coach spokesperson spokesman spokeswoman commissioner
    ambassador officer""".split()
)
_PLACES = frozenset(
    """afghanistan albania algeria andorra angola argentina armenia australia austria
    azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan
    bolivia bosnia botswana brazil brunei bulgaria burkina burundi cambodia cameroon canada
    chad chile china colombia comoros congo croatia cuba cyprus czechia czech denmark
    djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france
    gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras
    hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
    kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia
    libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta
    mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco
    mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman
    pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania
    russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia spain
    sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga
    tunisia turkey turkiye turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu
    vatican venezuela vietnam yemen zambia zimbabwe europe asia africa america americas
    antarctica oceania pacific atlantic arctic london paris berlin madrid rome moscow
    beijing shanghai tokyo seoul pyongyang delhi mumbai washington york chicago boston
    houston angeles francisco brussels geneva vienna warsaw kyiv kiev kabul tehran baghdad
    damascus beirut jerusalem cairo lagos nairobi johannesburg sydney melbourne toronto
    montreal vancouver ottawa dublin edinburgh glasgow manchester birmingham liverpool
    amsterdam rotterdam lisbon athens istanbul ankara dubai riyadh doha bangkok jakarta
    manila hanoi singapore taipei hong kong mexico lima bogota santiago caracas havana
    stockholm oslo copenhagen helsinki prague budapest bucharest sofia belgrade zagreb
    california texas florida ohio michigan virginia carolina arizona scotland wales england
    britain kingdom states emirates arabia korea zealand africa vostochny crimea donbas gaza
    sahara sahel siberia balkans caribbean mediterranean""".split()
)
_PERSON_CUES_AFTER = re.compile(
    r"^\s*(?:,\s*\w[^,]{0,60},\s*)?(?:said|says|told|added|noted|argued|warned|wrote)\b"
)
_STOP_START = frozenset(
    """the a an in on at for and but or as if when while after before since during this that
    these those it its his her their our my your we they he she i there here last next
    according however meanwhile also yet still then so today yesterday tomorrow monday
    tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()
)
_TOKEN = re.compile(
    r"[A-Z][\w'\u2019.&-]*"
    r"(?:(?:\s+(?:of|for|the|and|on|de|du|von|van|al|bin|la|le))*\s+[A-Z][\w'\u2019.&-]*)*"
)
# Abbreviations whose dots belong to them, and what they name.
_ABBREVIATIONS = {
    "u.s.": "place", "u.k.": "place", "u.s": "place", "us": "place", "uk": "place",
    "usa": "place", "uae": "place", "u.n.": "organization", "un": "organization",
    "eu": "organization", "nato": "organization", "who": "organization",
}  # fmt: skip
# Capitalised words that start institutional names rather than people's names.
_INSTITUTION_WORDS = frozenset(
    """national international security affairs federal central general public state states
    united royal new foreign interior justice health defence defense education economic
    foreign energy environment environmental trade labour labor treasury supreme high
    district county city municipal regional world global european american british
    chinese""".split()
)
_MONTHS_DAYS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan jan. feb feb. mar mar. apr
    apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. nov nov. dec dec.""".split()
)


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    type: str  # person, organization, place, other
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "type": self.type, "start": self.start, "end": self.end}


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _classify(words: list[str], before: str, after: str) -> str:
    lowered = [w.lower().strip(",") for w in words]
    if len(words) == 1 and lowered[0] in _ABBREVIATIONS:
        return _ABBREVIATIONS[lowered[0]]
    lowered = [w.strip(".") for w in lowered]
    if any(w in _ORG_WORDS for w in lowered) or all(w.isupper() for w in words):
        return "organization"
    if all(w in _PLACES for w in lowered) or (
        len(words) <= 3
        and lowered[-1] in _PLACES
        and lowered[0]
        in {
            "north",
            "south",
            "east",
            "west",
            "new",
            "united",
            "saudi",
            "hong",
            "sri",
            "costa",
            "el",
            "san",
            "los",
            "las",
            "st",
            "st.",
        }
    ):
        return "place"
    previous = before.split()[-1].lower().strip(".,") if before.split() else ""
    if previous in _TITLES or lowered[0] in _TITLES:
        return "person"
    if _PERSON_CUES_AFTER.match(after):
        return "person"
    if (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and not any(w in _INSTITUTION_WORDS for w in lowered)
    ):
        return "person"
    return "other"


def find_entities(sentence: str, *, known: frozenset[str] = frozenset()) -> list[Entity]:
    """People, organisations and places named in the sentence, in order.

    `known` holds names the article also writes mid-sentence, so a name that
    opens this sentence ("Alvarez faces ...") is still recognised.
    """
    found: list[Entity] = []
    for match in _TOKEN.finditer(sentence):
        raw = match.group().rstrip(",-")
        # Keep the dot of "U.S." but not a full stop after an ordinary word.
        if raw.endswith(".") and raw.count(".") == 1:
            raw = raw[:-1]
        text = _strip_possessive(raw)
        start = match.start()
        words = text.split()
        # Drop a sentence-initial function word ("The", "In") or a weekday/month.
        while words and (words[0].lower() in _STOP_START or words[0].lower() in _MONTHS_DAYS):
            start = sentence.index(words[1], start) if len(words) > 1 else start
            words = words[1:]
        while words and words[-1].lower() in _MONTHS_DAYS:
            words = words[:-1]
        if not words or (len(words) == 1 and len(words[0]) < 2):
            continue
        if words[-1].lower() in {"of", "for", "the", "and"}:
            words = words[:-1]
        text = " ".join(words)
        end = start + len(text)
        if sentence[start:end] != text:  # spacing inside the match was unusual
            continue
        kind = _classify(words, sentence[:start], sentence[end:])
        if kind == "other" and start == 0 and len(words) == 1 and text not in known:
            continue  # a capitalised first word is usually just a word ("Inflation")
        found.append(Entity(text, kind, start, end))
    return found


_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")


def names_used_mid_sentence(text: str) -> frozenset[str]:
    """Capitalised words the text uses after a lower-case word: names, not sentence openers."""
    return frozenset(m.group() for m in _MID_SENTENCE_NAME.finditer(text))
