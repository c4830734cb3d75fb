"""The research pipeline: index → plan → retrieve → extract → synthesise, each stage a
request through the gateway's own pipeline (routed, privacy-checked, budgeted, on the ledger)."""
