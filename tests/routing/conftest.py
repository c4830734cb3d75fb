"""The privacy scanner compiles once (a few hundred ms): one for every routing test."""

from __future__ import annotations

import pytest

from hybridgate.routing.privacy import PrivacyScanner


@pytest.fixture(scope="session")
def scanner() -> PrivacyScanner:
    return PrivacyScanner()
