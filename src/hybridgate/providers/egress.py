"""What leaves for a cloud deployment passes a check: the pipeline sets one for the request
being served (the privacy guard's, routing/privacy/egress.py), and the upstream client calls it
with each body bound for a cloud deployment, exactly as the provider rendered it. A check that
raises stops the body from being sent. Providers that build bodies need no knowledge of it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

#: (deployment name, body) → None, or raises to keep the body in.
EgressCheck = Callable[[str, bytes], None]

#: The check of the request being served in this task (None: nothing to check).
EGRESS: ContextVar[EgressCheck | None] = ContextVar("hybridgate_egress", default=None)
