"""The one exception tree of hybridgate.

    HybridgateError
    ├── RequestError                 the caller's request cannot be served as sent (4xx)
    │   ├── InvalidRequest           malformed JSON, wrong types, missing fields (400)
    │   ├── UnsupportedParameter     a parameter the gateway or target cannot honour (400)
    │   ├── UnknownModel             `model` is no deployment, tier or `auto` (404)
    │   ├── NotFound                 no such stored object (a Responses API answer) (404)
    │   ├── BodyTooLarge             body over `server.max_body_bytes` (413)
    │   ├── BodyTimeout              body not received within `server.body_timeout_s` (408)
    │   ├── AuthenticationFailed     missing, unknown or revoked key (401)
    │   ├── PolicyRefused            privacy or residency policy forbids every route (403)
    │   └── LimitExceeded            a key's budget or rate limit (429; accounting.admission)
    │       ├── BudgetExceeded       code budget_exceeded
    │       └── RateLimitExceeded    code rate_limit_exceeded
    ├── NoRouteAvailable             policy leaves no deployment that may serve (503)
    ├── AdmissionUnavailable         the shared budget / rate-limit store (Redis) is unreachable (503)
    └── UpstreamError                a provider failed; carries provider, status, body
        ├── UpstreamTimeout          connect, first-byte or total timeout (504)
        ├── UpstreamUnavailable      refused connection, 5xx, reset (502)
        │   └── UpstreamOutcomeUnknown   closed after the request, unanswered: never resent
        ├── UpstreamRateLimited      429, with retry_after seconds (503 to the caller)
        ├── UpstreamRejected         upstream 4xx other than 429: the request was bad (400)
        ├── UpstreamAuthFailed       401/403: the gateway's credentials are wrong (502)
        ├── UpstreamRedirected       3xx: the deployment's base_url is wrong (502)
        └── UpstreamProtocolError    an answer the gateway cannot read (502)

Server code renders each into the caller's protocol (OpenAI or Anthropic error body);
upstream errors are always raised `from` the transport exception that caused them.
"""

from __future__ import annotations


class HybridgateError(Exception):
    """Base of every error hybridgate raises on purpose."""

    status: int = 500
    #: OpenAI-style error `type`; Anthropic names are derived from the status.
    error_type: str = "api_error"
    code: str | None = None
    #: Seconds the caller should wait before retrying (sent as `retry-after`), if known.
    retry_after: float | None = None
    #: What failover tried before giving up ("gpt-4o: 503 after 2 attempts, moved on"), for
    #: the ledger's record of the failure.
    reasons: tuple[str, ...] = ()

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param


class RequestError(HybridgateError):
    status = 400
    error_type = "invalid_request_error"


class InvalidRequest(RequestError):
    code = "invalid_request"


class UnsupportedParameter(RequestError):
    code = "unsupported_parameter"


class UnknownModel(RequestError):
    status = 404
    code = "model_not_found"


class NotFound(RequestError):
    status = 404
    code = "not_found"


class BodyTooLarge(RequestError):
    status = 413
    code = "request_too_large"


class BodyTimeout(RequestError):
    """A client that sends headers and then trickles (or withholds) the body: slow-loris."""

    status = 408
    code = "request_timeout"


class AuthenticationFailed(RequestError):
    status = 401
    error_type = "authentication_error"
    code = "invalid_api_key"


class PolicyRefused(RequestError):
    """Policy leaves no deployment allowed to see this request; the gateway fails closed."""

    status = 403
    error_type = "permission_error"

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class NoRouteAvailable(HybridgateError):
    status = 503
    error_type = "service_unavailable"
    code = "no_route"


class AdmissionUnavailable(HybridgateError):
    """Budgets and rate limits cannot be checked: the request is refused rather than let
    through unmetered (a budget must never be overspent because its store was down)."""

    status = 503
    error_type = "service_unavailable"
    code = "admission_unavailable"


class UpstreamError(HybridgateError):
    status = 502
    error_type = "upstream_error"
    code = "upstream_error"

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        upstream_status: int | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.upstream_status = upstream_status
        self.body = body

    @property
    def retryable(self) -> bool:
        """Whether another attempt (here or on a fallback) may succeed."""
        return True


class UpstreamTimeout(UpstreamError):
    status = 504
    error_type = "timeout_error"
    code = "upstream_timeout"


class UpstreamUnavailable(UpstreamError):
    status = 502
    code = "upstream_unavailable"


class UpstreamOutcomeUnknown(UpstreamUnavailable):
    """The connection closed after the request went out and before any answer: the upstream
    may have processed (and billed) it. Never sent to the same deployment again; it counts
    against the breaker, and the tier's next deployment may answer (as after a timeout)."""

    code = "upstream_outcome_unknown"


class UpstreamRateLimited(UpstreamError):
    status = 503
    error_type = "rate_limit_error"
    code = "upstream_rate_limited"

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        upstream_status: int | None = 429,
        body: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, provider=provider, upstream_status=upstream_status, body=body)
        self.retry_after = retry_after


class UpstreamRejected(UpstreamError):
    status = 400
    error_type = "invalid_request_error"
    code = "upstream_rejected"

    @property
    def retryable(self) -> bool:
        return False


class UpstreamRedirected(UpstreamError):
    """A 3xx: the deployment's base_url points somewhere else. A configuration error, not a
    failure: not retried on the same deployment, never held against its breaker; the tier's
    next deployment may answer."""

    status = 502
    code = "upstream_redirected"


class UpstreamAuthFailed(UpstreamError):
    status = 502
    code = "upstream_auth_failed"


class UpstreamProtocolError(UpstreamError):
    status = 502
    code = "upstream_protocol_error"
