"""Open-vs-closed advice from a workload profile or the ledger (`hybridgate advise`).

`profile` reads the workload description, `ledger_profile` measures one from real traffic,
`breakeven` prices both sides, `framework` holds the decision rules, `chart` draws the result.
"""
