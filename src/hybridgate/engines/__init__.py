"""Engines that both deciding and executing use: the MiniLM sentence embedder (the local
embeddings provider's worker, the task classifier, the difficulty scorer, research retrieval)
and the static token vectors distilled from it (the `auto` classifier, the response cache).

Routing and providers import from here, never from each other. Nothing loads at import."""
