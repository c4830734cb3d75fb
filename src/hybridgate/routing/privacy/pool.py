"""Scanning very long texts in a process of its own.

A scan is pure-Python work: in a worker thread it still holds the interpreter lock, and the
event loop waits for its turn (at every switch interval) for as long as the scan runs: a 1 MB
prompt (~0.4 s of scanning) took `/healthz` to 80 ms at p99. Texts of `PROCESS_SCAN_CHARS`
and more are therefore scanned in a child process (started on first use, `spawn`ed: the
gateway's threads are never forked); the thread that asked waits without the lock.

The child holds no state between texts: it scans and answers. If it cannot (it died, it
could not start), the text is scanned in the asking thread instead: slower, never skipped.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scanner import Finding, PrivacyScanner

log = logging.getLogger("hybridgate.privacy")

#: Texts at least this long are scanned in the child process.
PROCESS_SCAN_CHARS = 64 * 1024


@functools.cache
def _child_scanner() -> PrivacyScanner:
    """The child's scanner, compiled once (in the child only: the gateway never calls it)."""
    from .scanner import PrivacyScanner

    return PrivacyScanner()


def _scan_in_child(text: str) -> list[Finding]:
    return _child_scanner()._scan(text)


class ScanProcess:
    """One child process that scans long texts; `close()` it when the app stops."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def scan(self, text: str) -> list[Finding] | None:
        """The findings in `text`, or None when the child cannot scan it (the caller does)."""
        executor = self._started()
        try:
            return executor.submit(_scan_in_child, text).result()
        except (BrokenProcessPool, OSError) as exc:
            log.warning("the scanning process failed (%s); scanning in-process", exc)
            with self._lock:
                if self._executor is executor:
                    self._executor = None
            executor.shutdown(wait=False, cancel_futures=True)
            return None

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
            return self._executor

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
