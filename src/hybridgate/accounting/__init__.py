"""Cost truth: prices, the per-request ledger, reports."""
