"""Quality of the savings, measured: shadow judging of cheap answers against a baseline.

`verdicts` turns two answers into win/tie/loss (a check where the task has a checkable answer,
else a judge asked in both orders), `judge` talks to the judge deployment, `shadow` samples
live traffic and runs both off the request path within its own daily budget, and `stats` gives
the interval a loss rate is reported with.
"""
