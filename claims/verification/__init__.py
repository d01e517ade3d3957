"""Verification: judge evidence passages against a claim and suggest a verdict.

Offline and explainable: every stance comes with the reasons behind it, each
a machine ``kind`` and a ``detail`` sentence a reviewer reads (matching or
conflicting figures, dates, denials and who makes them), so a reviewer can
see why a verdict was suggested. The steps, one module each:

- facts: what goes in (ClaimFacts, PassageFacts) and comes out (Judgement, Verdict);
- profile: the claim read once (key words, parties, figures, time window) and
  the passage read into sentences that know how much of the claim they name;
- judge: judge_passage, in steps: relevance, denials, quantities, stance, time;
- parties: entities, their aliases, who speaks and whether they are interested;
- figures and quantities: the claim's figures against the passage's;
- dates: the claim's time window against the dates the passage gives;
- denials: denials, negation and qualifiers, with who makes them;
- signals: how much each finding moves a stance;
- aggregate: the judged passages weighed into a suggested verdict, explained;
- words: the tokens, stems and vocabularies the rules read text with.

Word lists and tables are data, in factcheck/text/data.
"""
