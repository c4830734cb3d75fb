"""What the privacy tests ask of a scan: the types of the findings over a value."""

from __future__ import annotations

from hybridgate.routing.privacy import PrivacyScanner


def found_types(scanner: PrivacyScanner, text: str, value: str) -> set[str]:
    """Types of the findings that cover any of `value` where it first sits in `text`."""
    start = text.index(value)
    end = start + len(value)
    return {f.type for f in scanner.scan(text) if f.start < end and start < f.end}
