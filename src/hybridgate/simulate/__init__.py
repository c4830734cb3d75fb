"""Offline proof: replay routing policies over per-query outcome data (`hybridgate simulate`).

`outcome_table` reads the data (RouteLLM, RouterBench and Arena conventions), `replay` sweeps a
policy's threshold into a cost/quality curve and reads its operating points off it, and
`policies` gives each prompt the score a policy routes by.
"""
