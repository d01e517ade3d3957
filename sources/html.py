"""HTML to a Document's fields: clean main text, metadata and sanitised HTML.

trafilatura finds the article's main text and its metadata (it never touches
the network here); nh3 sanitises the HTML we keep so that showing it to a
reviewer can never run a page's scripts.
"""

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import lxml.etree
import lxml.html
import nh3
import trafilatura

# --- Decoding -----------------------------------------------------------------

# Bodies that start like these are files, never web pages.
_BINARY_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, xlsx
    b"\x1f\x8b",  # gzip
    b"RIFF",  # webp, wav, avi
    b"\x00\x00\x01\x00",  # ico
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_META_SNIFF_BYTES = 4096
# Control characters no text page contains (tab, newlines and form feed are fine).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# More bad characters than this share of the text (replacement characters from
# invalid bytes, control characters) means it is not text in any charset we know.
_MAX_BAD_FRACTION = 0.01


class UndecodableBody(ValueError):
    """The body is binary, or not text in its declared (or any likely) charset."""


def decode_body(body: bytes, charset: str | None) -> str:
    """Decode a fetched body: a byte-order mark, then the declared charset, then
    the page's <meta charset>, then UTF-8; the first that decodes cleanly wins.

    Raises UndecodableBody for files (images, PDFs, archives) and for bytes that
    are mostly invalid in every candidate charset. A few stray control
    characters are dropped, since neither lxml nor PostgreSQL accept them.
    """
    if body.startswith(_BINARY_SIGNATURES):
        raise UndecodableBody("The body is a binary file, not text.")
    candidates = _charset_candidates(body, charset)
    for encoding in candidates:
        try:
            text = body.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        # Nothing decodes cleanly: keep the most authoritative guess if only a
        # few bytes are wrong (a truncated character, one mis-encoded quote).
        text = body.decode(candidates[0], errors="replace")
    text = text.removeprefix("\ufeff")
    bad = text.count("\ufffd") + len(_CONTROL.findall(text))
    if bad > _MAX_BAD_FRACTION * max(len(text), 1):
        raise UndecodableBody(
            f"The body is not text: {bad} of {len(text)} characters are invalid or control "
            f"characters (tried {', '.join(candidates)})."
        )
    return _CONTROL.sub("", text)


def _charset_candidates(body: bytes, declared: str | None) -> list[str]:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return [encoding]
    sniffed = _META_CHARSET.search(body[:_META_SNIFF_BYTES])
    labels = [declared, sniffed.group(1).decode("ascii") if sniffed else None, "utf-8"]
    candidates: list[str] = []
    for label in labels:
        encoding = _codec_name(label)
        if encoding and encoding not in candidates:
            candidates.append(encoding)
    return candidates


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    # Browsers read "latin-1" and "ascii" pages as windows-1252 (the WHATWG
    # Encoding Standard), and so do the servers that label them so: curly
    # quotes in 0x80-0x9F are windows-1252, never C1 control characters.
    if name in {"iso8859-1", "ascii"}:
        return "cp1252"
    return name


# --- Sanitising ---------------------------------------------------------------

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
# Removed with everything inside them; other unknown tags are unwrapped and
# keep their text. Images are left out on purpose: a stored page shown in the
# admin must not load tracking pixels from the publisher.
_REMOVED_WITH_CONTENT = {
    "script",
    "style",
    "title",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "textarea",
    "select",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_LINK_REL = "noopener noreferrer nofollow"


def sanitize_html(html: str) -> str:
    """Keep text structure and plain links; drop scripts, styles, frames, images,
    event handlers, inline styles and any URL that is not http(s) or mailto."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=_LINK_REL,
        strip_comments=True,
    ).strip()


# --- Parsing ------------------------------------------------------------------


@dataclass(frozen=True)
class PageContent:
    """What a web page says and who says it.

    text is the main text, paragraphs separated by blank lines ("" when the
    page has none); language is an ISO 639-1 code, "" when the page does not
    say; published_at is timezone-aware (noon UTC when the page gives only a day).
    """

    text: str
    title: str
    author: str
    published_at: datetime | None
    publisher: str
    url: str
    language: str
    html: str


# Ask htmldate for the time too; a bare day comes back as midnight with no zone.
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")


def parse_html(html: str, *, url: str | None = None) -> PageContent:
    """The page's main text (without navigation, ads or footers) and metadata."""
    tree = _parse_tree(html)
    extracted = None
    if tree is not None:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    text = _paragraphs((extracted.text or "").split("\n")) if extracted else ""
    if not text and tree is not None:
        text = _paragraphs(p.text_content() for p in tree.iter("p"))
    return PageContent(
        text=text,
        title=_clean_line(extracted.title if extracted else None) or _html_title(tree),
        author=_clean_line(extracted.author if extracted else None),
        published_at=_published_at(extracted.date if extracted else None),
        publisher=_clean_line(extracted.sitename if extracted else None),
        url=(extracted.url if extracted and extracted.url else url) or "",
        language=_language(extracted.language if extracted else None, tree),
        html=sanitize_html(html),
    )


def _parse_tree(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses text that still declares a byte encoding.
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    # Script and style text is never visible text, even inside a <p>.
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    return tree


def _paragraphs(blocks: Iterable[str]) -> str:
    # One paragraph per block, its inner white space (line breaks included) folded.
    lines = (" ".join(block.split()) for block in blocks)
    return "\n\n".join(line for line in lines if line)


def _clean_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _html_title(tree: lxml.html.HtmlElement | None) -> str:
    if tree is None:
        return ""
    title = tree.find(".//title")
    return _clean_line(title.text_content()) if title is not None else ""


def _published_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), time())
        except ValueError:
            return None
    if parsed.tzinfo is None and parsed.time() == time():
        # Only a day is known: noon UTC keeps it on that day in every time
        # zone from UTC-11 to UTC+11, so "last Tuesday" resolves the same.
        return datetime.combine(parsed.date(), time(12), tzinfo=UTC)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed


def _language(detected: str | None, tree: lxml.html.HtmlElement | None) -> str:
    candidates = [detected]
    if tree is not None:
        candidates.append(tree.get("lang") or tree.get("xml:lang"))
        candidates.extend(
            tree.xpath(
                "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
                "='content-language']/@content"
                "|//meta[@property='og:locale']/@content"
            )
        )
    for candidate in candidates:
        match = _LANGUAGE.match((candidate or "").strip())
        if match:
            return match.group(1).lower()
    return ""
