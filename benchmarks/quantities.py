"""Quantity extraction: our rule-based extractor side by side with quantulum3.

Runs both on quantulum3's own English test suite (101 sentences with expected
value, unit and surface; see shared/peer/README.md) and on a mix of news-style
sentences written for this benchmark, and prints recall and speed. Prints
figures, asserts nothing.

    .venv/bin/python benchmarks/quantities.py

QUANTITY_SUITE overrides the path of the suite JSON file.
"""

import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.quantities import extract_quantities, unit_kind  # noqa: E402

SUITE = Path(
    os.environ.get(
        "QUANTITY_SUITE",
        Path(__file__).resolve().parents[2] / "shared/peer/quantulum3_en_quantities.json",
    )
)
OUR_SECONDS = 2.0  # at least this much work for our extractor per timing
QUANTULUM_SECONDS = 1.0

# quantulum3 unit name -> our unit name, where the spelling differs.
UNIT_MAP = {
    "pound sterling": "GBP",
    "dollar": "USD",
    "United States dollar": "USD",
    "euro": "EUR",
    "yen": "JPY",
    "Japanese yen": "JPY",
    "Indian rupee": "INR",
    "percentage": "percent",
    "pound-mass": "pound",
    "cubic centimetre": "millilitre",  # 1 ml == 1 cm3; quantulum names ml this way
    "degree fahrenheit": "degree Fahrenheit",
    "degree celsius": "degree Celsius",
}
# quantulum3 units that are counting words; we report their value as a plain number.
COUNTING_UNITS = {"dozen": 12.0, "baker's dozen": 13.0, "gross": 144.0}
# Expectations that name a year, decade or identifier. Our rules say these are not
# quantities (a fact-checker never wants "Voyager 2" or "in 1979" as a figure).
YEAR_OR_ID = {
    ("2", "Voyager 2 (name of a space probe)"),
    ("1979", "year"),
    ("101", 'course name "English 101"'),
    ("1960", 'decade "the 1960s"'),
    ("2013", "year"),
    ("2005", "year"),
    ("2011", "year"),
    ("860", 'processor model "Core i7 860"'),
    ("32", 'company name "South 32 Ltd"'),
}
YEAR_OR_ID_SURFACES = {surface for surface, _ in YEAR_OR_ID}

# News-style sentences written for this benchmark: mostly without numbers, as in
# real articles, with a share of figures of the usual kinds.
NEWS = [
    "The prime minister said on Tuesday that the government would not change course.",
    "Opposition leaders accused ministers of ignoring warnings from their own advisers.",
    "The company declined to comment on the report, citing an ongoing investigation.",
    "Inflation rose to 6.1% in March, the highest level since 1992.",
    "Witnesses described hearing a loud explosion shortly before the building collapsed.",
    "The court heard that the defendant had been under surveillance for several months.",
    "More than 1,000 containers were stranded at the port after the strike began.",
    "Officials said the new rules would take effect at the start of next year.",
    "The central bank held interest rates steady, as most economists had expected.",
    "Rescue teams worked through the night to reach survivors trapped under the rubble.",
    "Scientists say the findings could change how doctors treat the disease.",
    "The club confirmed that its captain would miss the rest of the season with an injury.",
    "Shares in the firm fell 4.5 percent in early trading in New York.",
    "Police have appealed for witnesses and urged anyone with information to come forward.",
    "The deal, worth $4.5 billion, is expected to close by the end of the year.",
    "Critics argue that the plan does little to address the underlying causes of poverty.",
    "The minister resigned after two previous failed attempts to pass the bill.",
    "Voters in the region will go to the polls again next month.",
    "Temperatures could reach 40C in parts of southern Spain this weekend.",
    "The study followed about 12,000 patients for an average of seven years.",
    "Her lawyers said she would appeal against the verdict.",
    "The storm left tens of thousands of homes without power across the state.",
    "The spokesperson did not respond to repeated requests for comment.",
    "Unemployment fell to 3.9 percent, down 0.2 percentage points from a year earlier.",
    "The government has promised to build 300,000 new homes a year.",
    "Analysts warned that the recovery remained fragile and uneven.",
    "The museum reopened to the public after an extensive renovation.",
    "The wildfire has burned nearly 50,000 acres and forced thousands to evacuate.",
    "Researchers at the university published their results in the journal Nature.",
    "The vaccine was found to be up to 95% effective in preventing severe illness.",
    "Negotiators from both sides met behind closed doors for the first time in weeks.",
    "A spokesman for the ministry said the claims were false.",
    "The bridge, which spans 1.2 miles, carries around 40,000 vehicles a day.",
    "The company said it would cut 1,500 jobs as part of a restructuring plan.",
    "He scored twice as the home side won 3-1 on Saturday.",
    "The report was published on Dec. 27, 2023, and has been widely shared online.",
    "Protesters gathered outside parliament, chanting slogans and waving flags.",
    "The outbreak has killed at least 250 people, according to health officials.",
    "Lawmakers are expected to vote on the measure later this week.",
    "The judge adjourned the hearing until next Monday.",
    "Exports to China fell by \u00a32bn last year, official figures show.",
    "The agency said it was monitoring the situation closely.",
]


def approx_equal(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def expected_pairs(item: dict, counting_as_numbers: bool) -> list[tuple[float, str, str, float]]:
    """(value, unit, surface, uncertainty) per expected quantity, in quantulum3's vocabulary."""
    pairs = []
    for res in item["res"]:
        value, unit = float(res["value"]), res["unit"]
        if counting_as_numbers and unit in COUNTING_UNITS:
            value, unit = value * COUNTING_UNITS[unit], "dimensionless"
        pairs.append((value, unit, res["surface"], float(res.get("uncertainty") or 0.0)))
    return pairs


def unit_matches(theirs: str, ours: str) -> bool:
    """quantulum3's unit name against ours."""
    if theirs == "dimensionless":
        return unit_kind(ours) in ("", "count")  # a bare number or a counted noun
    theirs_parts = [UNIT_MAP.get(part, part) for part in theirs.split(" per ")]
    ours_parts = ours.split(" per ")
    if len(theirs_parts) != len(ours_parts):
        return False
    return all(
        t == o or (t == "count" and unit_kind(o) == "count")
        for t, o in zip(theirs_parts, ours_parts, strict=True)
    )


def our_quantities(text: str) -> list[tuple[float, float, str]]:
    """(value, midpoint, unit): ranges are compared by midpoint, as quantulum3 reports them."""
    out = []
    for q in extract_quantities(text):
        mid = q.value
        if q.lower is not None and q.upper is not None and q.lower != q.upper:
            mid = (q.lower + q.upper) / 2
            if q.comparator == "=" and not approx_equal(q.lower, q.value):
                mid = q.value  # a "+/-" uncertainty: the stated value is the centre
        out.append((q.value, mid, q.unit))
    return out


def their_quantities(parser, text: str) -> list[tuple[float, float, str]]:
    return [(float(q.value), float(q.value), q.unit.name) for q in parser.parse(text)]


def score(
    suite: list[dict],
    extract: Callable[[str], list[tuple[float, float, str]]],
    same_unit: Callable[[str, str], bool],
    counting_as_numbers: bool,
) -> dict:
    """Recall of (value, unit) and of value alone, over all and over non-year/id expectations."""
    counts = dict.fromkeys(
        ("all", "all_hit", "all_value_hit", "core", "core_hit", "core_value_hit", "core_split"), 0
    )
    misses = []
    for item in suite:
        got = extract(item["req"])
        for value, unit, surface, uncertainty in expected_pairs(item, counting_as_numbers):
            value_hit = any(approx_equal(value, v) or approx_equal(value, mid) for v, mid, _ in got)
            hit = any(
                (approx_equal(value, v) or approx_equal(value, mid)) and same_unit(unit, u)
                for v, mid, u in got
            )
            core = not (unit == "dimensionless" and surface in YEAR_OR_ID_SURFACES)
            counts["all"] += 1
            counts["all_hit"] += hit
            counts["all_value_hit"] += value_hit
            if core:
                counts["core"] += 1
                counts["core_hit"] += hit
                counts["core_value_hit"] += value_hit
                # a range expectation we report as two quantities (a change "from X to Y")
                split = (
                    not hit
                    and uncertainty > 0
                    and all(
                        any(approx_equal(end, v) and same_unit(unit, u) for v, _, u in got)
                        for end in (value - uncertainty, value + uncertainty)
                    )
                )
                counts["core_split"] += split
                if not hit:
                    misses.append((item["req"], surface, value, unit, got, split))
    counts["misses"] = misses
    return counts


def throughput(extract: Callable[[str], object], sentences: list[str], seconds: float) -> float:
    """Sentences per second, repeating the list until at least `seconds` of work."""
    done = 0
    start = time.perf_counter()
    while True:
        for text in sentences:
            extract(text)
        done += len(sentences)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def pct(hit: int, total: int) -> str:
    return f"{hit}/{total} = {100.0 * hit / total:5.1f}%" if total else "n/a"


def main() -> int:
    if not SUITE.is_file():
        print(f"quantity suite not found at {SUITE}; set QUANTITY_SUITE to its path. Skipping.")
        return 0
    suite = json.loads(SUITE.read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from quantulum3 import classifier, parser
        except ImportError:
            parser = None
        else:
            # Its optional classifier switches on when scikit-learn is installed (a dev
            # dependency here) but then needs packages we do not install; run it in
            # its rule-based mode, as a plain `pip install quantulum3` does.
            classifier.USE_CLF = False
    print(f"suite: {SUITE} ({len(suite)} sentences)")
    print()

    ours = score(suite, our_quantities, unit_matches, counting_as_numbers=True)
    theirs = None
    if parser:
        # quantulum3 is scored in its own vocabulary: unit names must be equal.
        theirs = score(
            suite,
            lambda text: their_quantities(parser, text),
            lambda expected, got: expected == got,
            counting_as_numbers=False,
        )

    def row(label: str, key: str, total_key: str) -> None:
        them = pct(theirs[key], theirs[total_key]) if theirs else "quantulum3 not installed"
        print(f"  {label:<44} ours {pct(ours[key], ours[total_key]):<20} quantulum3 {them}")

    print("Recall on quantulum3's own suite (hit: value within 1e-6 relative, unit after mapping)")
    row("(value, unit), all expectations", "all_hit", "all")
    row("(value, unit), excluding years/ids", "core_hit", "core")
    row("value only, all expectations", "all_value_hit", "all")
    row("value only, excluding years/ids", "core_value_hit", "core")
    for counts in (ours, theirs):
        if counts:
            counts["core_changes"] = counts["core_hit"] + counts["core_split"]
    row("(value, unit), excl. years/ids, changes as 2", "core_changes", "core")
    print()
    print("  Notes on the comparison:")
    print("  - Excluded as years/ids (dimensionless expectations our rules reject on purpose):")
    for surface, why in sorted(YEAR_OR_ID, key=lambda x: (x[1], x[0])):
        print(f"      {surface!r}: {why}")
    print("  - quantulum3 reports a range by its midpoint; ours keeps value = lower bound and")
    print("    lower/upper, so a range is compared by (lower + upper) / 2.")
    print('  - "dimensionless" matches our unit "" or a counted noun ("50 cars" -> "car");')
    print('    "a dozen" (unit dozen, value 1) is compared as the number 12.')
    print('  - "changes as 2": a range expectation also counts as found when we report its two')
    print('    ends as two quantities. We do that on purpose after a change verb: "rose from')
    print('    $350 to $680" states an old and a new figure, not a range of possible values.')
    if ours["misses"]:
        print("  - Our misses (excluding years/ids):")
        for text, surface, value, unit, got, split in ours["misses"]:
            why = " [change: reported as two quantities]" if split else ""
            print(f"      {surface!r} ({value:g} {unit}) in {text!r}{why}")
            print(f"          ours: {[(round(v, 9), u) for v, _, u in got]}")
    print()

    suite_texts = [item["req"] for item in suite]
    print("Speed (one core, sentences/s)")
    ours_suite = throughput(extract_quantities, suite_texts, OUR_SECONDS)
    ours_news = throughput(extract_quantities, NEWS, OUR_SECONDS)
    theirs_suite = theirs_news = 0.0
    if parser:
        theirs_suite = throughput(parser.parse, suite_texts, QUANTULUM_SECONDS)
        theirs_news = throughput(parser.parse, NEWS, QUANTULUM_SECONDS)
        print(
            f"  quantulum3 suite ({len(suite_texts)} sentences):  ours {ours_suite:>10,.0f}"
            f"   quantulum3 {theirs_suite:>8,.0f}   ratio {ours_suite / theirs_suite:6.1f}x"
        )
        print(
            f"  news mix ({len(NEWS)} sentences, {sum(any(c.isdigit() for c in t) for t in NEWS)}"
            f" with digits): ours {ours_news:>10,.0f}   quantulum3 {theirs_news:>8,.0f}"
            f"   ratio {ours_news / theirs_news:6.1f}x"
        )
    else:
        print(f"  quantulum3 suite: ours {ours_suite:,.0f}")
        print(f"  news mix: ours {ours_news:,.0f}")
    print()
    print("Targets")

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(f"  >= 20,000 sentences/s on the news mix: {verdict(ours_news >= 20_000)}")
    if theirs:
        ratio = min(ours_suite / theirs_suite, ours_news / theirs_news)
        print(f"  >= 10x quantulum3's speed (both sets): {verdict(ratio >= 10)} ({ratio:.0f}x)")
        strict = ours["core_hit"] >= theirs["core_hit"]
        changes = ours["core_changes"] >= theirs["core_changes"]
        print(
            "  (value, unit) recall >= quantulum3's, excluding years/ids: "
            f"{verdict(strict)} strictly ({ours['core_hit']} vs {theirs['core_hit']}); "
            f"{verdict(changes)} counting changes as two quantities "
            f"({ours['core_changes']} vs {theirs['core_changes']})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
