"""Verification: judge evidence passages against a claim and suggest a verdict.

Offline and explainable: every stance comes with the reasons behind it
(matching or conflicting quantities, dates, denials, who is speaking), so a
reviewer can see why a verdict was suggested. See ``stance`` for the rules.
"""
