"""Marking spans in HTML: escaped text, marks in the right places, never nested."""

from factcheck.highlight import Span, highlight


def test_the_text_around_and_inside_a_mark_is_escaped() -> None:
    html = highlight("a <b> & c", [Span(2, 5, "fc-claim", title='say "hi"')])
    assert html == 'a <mark class="fc-claim" title="say &quot;hi&quot;">&lt;b&gt;</mark> &amp; c'


def test_a_span_overlapping_an_earlier_one_is_dropped() -> None:
    html = highlight("abcdefgh", [Span(4, 8, "x"), Span(0, 5, "y"), Span(6, 7, "z")])
    assert html == '<mark class="y">abcde</mark>f<mark class="z">g</mark>h'


def test_spans_past_the_end_are_cut_to_the_text() -> None:
    assert highlight("abc", [Span(1, 99, "x")]) == 'a<mark class="x">bc</mark>'
