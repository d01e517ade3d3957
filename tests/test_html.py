"""Pages become clean text, metadata and safe HTML; bodies decode or are refused."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
import trafilatura

from sources.html import PageContent, UndecodableBody, decode_body, parse_html, sanitize_html

NEWS_ARTICLE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Port of Rason saw record container traffic, officials say | The Harbour Ledger</title>
  <meta name="author" content="Mina Okafor">
  <meta property="og:site_name" content="The Harbour Ledger">
  <meta property="article:published_time" content="2024-03-05T14:30:00+01:00">
  <script type="application/ld+json">
  {"@context": "https://schema.org", "@type": "NewsArticle",
   "headline": "Port of Rason saw record container traffic, officials say",
   "author": {"@type": "Person", "name": "Mina Okafor"},
   "datePublished": "2024-03-05T14:30:00+01:00",
   "publisher": {"@type": "Organization", "name": "The Harbour Ledger"}}
  </script>
  <script>window.dataLayer = [{"page": "article"}]; trackPageView();</script>
  <style>.ad { display: block; }</style>
</head>
<body>
  <header><nav>
    <a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now</a>
  </nav></header>
  <div class="ad ad-banner">Advertisement: Cheap flights to anywhere, book today!</div>
  <main><article>
    <h1>Port of Rason saw record container traffic, officials say</h1>
    <p class="byline">By Mina Okafor, 5 March 2024</p>
    <p>More than 1,000 containers passed through the northern port of Rason in February,
       according to figures released by the regional transport authority on Tuesday,
       a record for the month.</p>
    <p>Officials said the increase followed the reopening of a rail link that had been closed
       for repairs since the autumn, and that traffic was expected to stay high.</p>
    <p>Independent analysts cautioned that the figures could not be verified from satellite
       imagery alone and that some shipments may have been counted twice.</p>
    <aside class="related"><h3>Related stories</h3><ul>
      <li><a href="/a">Rail link reopens after repairs</a></li>
      <li><a href="/b">Shipping rates climb again</a></li>
    </ul></aside>
    <p>The authority said it would publish a breakdown by cargo type next month.</p>
  </article></main>
  <div class="ad" id="sidebar-ad">Sponsored: Win a new car in our prize draw!</div>
  <footer>
    <p>Copyright 2024 The Harbour Ledger. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a>
  </footer>
  <script src="https://ads.example.net/loader.js"></script>
</body>
</html>
"""

OPEN_GRAPH_ONLY = """<html>
<head>
  <meta property="og:title" content="City council approves a 4 million euro budget for bike lanes">
  <meta property="og:site_name" content="Riverside Courier">
  <meta property="og:locale" content="de_DE">
  <meta property="og:type" content="article">
  <meta property="article:author" content="Jonas Weber">
  <meta property="article:published_time" content="2023-11-20">
</head>
<body><div id="content">
  <p>The city council approved a budget of 4 million euros for new bike lanes on Monday
     evening, after a debate that lasted more than three hours.</p>
  <p>Twenty-one councillors voted in favour and fourteen against. The opposition argued that
     the money should go to repairing existing roads first.</p>
  <p>Construction on the first two kilometres is due to begin in April, the transport
     department said.</p>
</div></body>
</html>
"""

HOSTILE_NOTE = """<html><head><title>Reader submitted note</title></head>
<body>
<h1>Reader submitted note</h1>
<p onclick="steal()">The water authority said the reservoir was 62 percent full at the end of
May, down from 80 percent a year earlier.</p>
<script>alert('xss')</script>
<p>See the <a href="javascript:alert(1)">full report</a> and the
<a href="https://water.example.org/report.pdf" target="_blank" rel="opener">official data</a>.</p>
<img src="x.png" onerror="alert(document.cookie)">
<iframe src="https://evil.example.com/frame">Your browser does not support frames.</iframe>
<p style="color:red" onmouseover="alert(2)">Rainfall over the spring was roughly half the
long-term average, the agency added in its monthly bulletin.</p>
<svg><script>alert(3)</script></svg>
<a href="JaVaScRiPt&#58;alert(4)">tricky link</a>
</body></html>
"""


# --- Main text and metadata ----------------------------------------------------------


@pytest.fixture(scope="module")
def news() -> PageContent:
    return parse_html(NEWS_ARTICLE, url="https://harbour-ledger.example/2024/03/rason")


def test_the_main_text_keeps_the_article_paragraphs_separated_by_blank_lines(news):
    paragraphs = news.text.split("\n\n")

    assert "More than 1,000 containers passed through the northern port of Rason" in news.text
    assert any(p.startswith("The authority said it would publish") for p in paragraphs)
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)
    assert "according to figures released" in paragraphs[1]  # source line breaks are folded


@pytest.mark.parametrize(
    "boilerplate",
    ["Subscribe now", "Advertisement", "Sponsored", "Copyright 2024", "Cookie settings",
     "trackPageView", "display: block", "NewsArticle", "Related stories"],
)  # fmt: skip
def test_the_main_text_leaves_out_navigation_ads_footer_and_scripts(news, boilerplate):
    assert boilerplate not in news.text


def test_article_metadata_comes_from_the_page(news):
    assert news.title == "Port of Rason saw record container traffic, officials say"
    assert news.author == "Mina Okafor"
    assert news.publisher == "The Harbour Ledger"
    assert news.language == "en"
    assert news.url == "https://harbour-ledger.example/2024/03/rason"
    assert news.published_at == datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=1)))


def test_open_graph_tags_alone_give_title_author_publisher_and_language():
    page = parse_html(OPEN_GRAPH_ONLY)

    assert page.title == "City council approves a 4 million euro budget for bike lanes"
    assert page.author == "Jonas Weber"
    assert page.publisher == "Riverside Courier"
    assert page.language == "de"
    assert page.text.startswith("The city council approved a budget of 4 million euros")
    assert len(page.text.split("\n\n")) == 3


def test_a_publication_day_without_a_time_is_noon_utc():
    page = parse_html(OPEN_GRAPH_ONLY)

    assert page.published_at == datetime(2023, 11, 20, 12, 0, tzinfo=UTC)


def test_a_page_without_metadata_has_empty_fields_not_guesses():
    page = parse_html(HOSTILE_NOTE)

    assert page.title == "Reader submitted note"
    assert (page.author, page.published_at, page.language, page.url) == ("", None, "", "")


def test_without_a_main_text_from_trafilatura_the_visible_paragraphs_are_the_text(monkeypatch):
    # trafilatura gives up on some pages (too short, odd markup); the <p> text stands in.
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)

    page = parse_html(
        "<html><body><nav>Home</nav><p>Polls close at 8 pm.</p>"
        "<p>Count <script>var p = 'hidden';</script>starts\nat   9.</p><p> </p></body></html>"
    )

    assert page.text == "Polls close at 8 pm.\n\nCount starts at 9."


@pytest.mark.parametrize("html", ["", "   ", "<html></html>"])
def test_an_empty_page_has_no_text(html):
    assert parse_html(html).text == ""


def test_a_page_with_an_xml_declaration_is_parsed():
    page = parse_html(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Turnout was 61%.</p></body></html>'
    )

    assert page.text == "Turnout was 61%."


# --- Sanitising --------------------------------------------------------------------


@pytest.fixture(scope="module")
def cleaned() -> str:
    return sanitize_html(HOSTILE_NOTE)


@pytest.mark.parametrize(
    "dangerous",
    ["<script", "alert(", "onclick", "onerror", "onmouseover", "<iframe", "<img", "<svg",
     "javascript:", "style=", "target=", "opener\"", "<title"],
)  # fmt: skip
def test_sanitised_html_has_no_scripts_handlers_frames_or_script_links(cleaned, dangerous):
    assert dangerous not in cleaned.lower()


def test_sanitised_html_keeps_text_structure_and_safe_links(cleaned):
    assert "<h1>Reader submitted note</h1>" in cleaned
    assert "62 percent full" in cleaned
    assert (
        '<a href="https://water.example.org/report.pdf" rel="noopener noreferrer nofollow">'
        "official data</a>"
    ) in cleaned
    assert "Your browser does not support frames" not in cleaned


def test_parse_html_stores_the_sanitised_page():
    page = parse_html(HOSTILE_NOTE)

    assert page.html == sanitize_html(HOSTILE_NOTE)
    assert "onerror" not in page.html
    assert "alert" not in page.text


# --- Decoding --------------------------------------------------------------------------


def test_a_declared_latin_1_charset_is_honoured():
    body = "<p>Le café coûte deux euros à Besançon.</p>".encode("latin-1")

    assert decode_body(body, "ISO-8859-1") == "<p>Le café coûte deux euros à Besançon.</p>"


def test_latin_1_pages_are_read_as_windows_1252_like_browsers_do():
    text = "<p>\u201cQuoted\u201d \u2013 with curly quotes and a dash</p>"

    assert decode_body(text.encode("cp1252"), "iso-8859-1") == text


def test_the_meta_charset_is_used_when_no_charset_is_declared():
    body = '<html><head><meta charset="windows-1252"></head><p>Zürich</p></html>'.encode("cp1252")

    assert "Zürich" in decode_body(body, None)


def test_the_http_equiv_content_type_charset_is_understood():
    body = (
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2"><p>Łódź</p>'
    ).encode("iso-8859-2")

    assert "Łódź" in decode_body(body, None)


def test_utf_8_is_the_default():
    assert decode_body("<p>Kraków, Gdańsk</p>".encode(), None) == "<p>Kraków, Gdańsk</p>"


def test_a_wrong_declared_charset_gives_way_to_one_that_decodes():
    body = '<meta charset="iso-8859-1"><p>Café</p>'.encode("latin-1")

    assert decode_body(body, "utf-8").endswith("<p>Café</p>")


def test_a_byte_order_mark_wins_over_the_declared_charset():
    body = "\ufeff<p>Ünïcödé</p>".encode("utf-16")

    assert decode_body(body, "iso-8859-1") == "<p>Ünïcödé</p>"


def test_an_unknown_charset_label_is_ignored():
    assert decode_body(b"<p>Hello</p>", "x-no-such-charset") == "<p>Hello</p>"


def test_a_few_invalid_bytes_are_replaced_not_fatal():
    body = b"<p>" + b"A long enough paragraph of ordinary text. " * 10 + b"\xff</p>"

    assert "\ufffd" in decode_body(body, "utf-8")


def test_a_stray_control_character_is_dropped():
    body = b"<p>" + b"Plain text. " * 20 + b"\x00\x07</p>"

    assert decode_body(body, None) == "<p>" + "Plain text. " * 20 + "</p>"


@pytest.mark.parametrize(
    "body",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        b"<html>" + b"\x00" * 200 + b"</html>",
        bytes(range(256)) * 4,
    ],
    ids=["png", "pdf", "nul-heavy", "random-bytes"],
)
def test_binary_bodies_are_refused(body):
    with pytest.raises(UndecodableBody):
        decode_body(body, None)


def test_bytes_invalid_in_every_candidate_charset_are_refused():
    body = b"<p>Tekst po polsku</p>" + b"\xc3\x28\xa0\xa1\xe2\x28\xa1" * 20

    with pytest.raises(UndecodableBody):
        decode_body(body, "utf-8")


def test_undecodable_body_is_a_value_error():
    assert issubclass(UndecodableBody, ValueError)
