"""Supervises a model worker process: starts it, learns its address, restarts it when it dies.

A worker announces itself on stdout, one JSON object a line (`listening` with its port,
`ready` once its model is loaded, `load_failed`). When it exits, for any reason (a segfault in
native code, the OOM killer, a SIGKILL), the supervisor logs how it ended, fails whoever waits
for it, and starts a new one after an exponential backoff that resets once a worker has served
for `stable_s`. A worker whose requests stop producing tokens for longer than `stall_s` (a
hung native call) is killed and restarted the same way. The worker's stdin stays open for as
long as the supervisor lives: it exits when that closes, so no worker outlives the gateway.

States: starting → loading → ready; any of them → down (exited, restart pending) → starting.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import signal
import sys
import time
from collections.abc import Sequence
from typing import Literal

from pydantic import SecretStr

from ..config.schema import Deployment
from ..errors import UpstreamUnavailable
from .base import Declared
from .http import UpstreamClient
from .openai_compat import OpenAICompatProvider

log = logging.getLogger("hybridgate.worker")

State = Literal["stopped", "starting", "loading", "ready", "down", "closed"]


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


class WorkerProcess:
    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        client: UpstreamClient,
        token: str,
        backoff_s: float = 0.5,
        max_backoff_s: float = 30.0,
        stable_s: float = 60.0,
        stall_s: float = 60.0,
        watch_interval_s: float = 1.0,
    ) -> None:
        self.name = name
        self._argv = list(argv)
        self._env = env
        self._client = client
        self._token = token
        #: The first restart's delay; it doubles (up to max_backoff_s) while workers keep
        #: dying within stable_s of serving.
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.stable_s = stable_s
        #: A request in flight that produces no token for this long means a hung worker.
        self.stall_s = stall_s
        self.watch_interval_s = watch_interval_s
        self.state: State = "stopped"
        self.pid: int | None = None
        self.port: int | None = None
        self.restarts = 0
        self.last_exit: str | None = None
        self.load_error: str | None = None
        self._retry_at = 0.0
        self._process: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task[None] | None = None
        self._changed: asyncio.Event | None = None

    # ------------------------------------------------------------------ what callers use

    def start(self) -> None:
        """Starts supervising (idempotent; the first worker starts now)."""
        if self._task is None and self.state != "closed":
            self._changed = asyncio.Event()
            self._task = asyncio.create_task(self._supervise(), name=f"worker-{self.name}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def down_reason(self) -> str | None:
        """Why the worker cannot serve now and will not soon (None while it starts or serves)."""
        if self.state == "down":
            wait = max(0.0, self._retry_at - time.monotonic())
            why = f"load failed: {self.load_error}" if self.load_error else self.last_exit
            return f"worker ended ({why}); restarting in {wait:.1f} s"
        if self.state == "closed":
            return "shut down"
        return None

    async def ready(self, timeout_s: float) -> str:
        """The worker's base URL once it serves; raises UpstreamUnavailable at once when it is
        down (so the request fails over), or when it does not come up within `timeout_s`."""
        self.start()
        deadline = time.monotonic() + timeout_s
        while self.state != "ready":
            reason = self.down_reason()
            if reason is not None:
                raise UpstreamUnavailable(f"{self.name}: {reason}", provider=self.name)
            assert self._changed is not None
            left = deadline - time.monotonic()
            if left <= 0:
                raise UpstreamUnavailable(
                    f"{self.name}: worker not ready within {timeout_s:g} s ({self.state})",
                    provider=self.name,
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)
        return self.base_url

    def describe(self) -> dict[str, object]:
        out: dict[str, object] = {"state": self.state, "pid": self.pid, "restarts": self.restarts}
        if self.last_exit:
            out["last_exit"] = self.last_exit
        if reason := self.down_reason():
            out["detail"] = reason
        return out

    async def aclose(self) -> None:
        self._set("closed")
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._stop_process()

    # ------------------------------------------------------------------ supervision

    def _set(self, state: State) -> None:
        self.state = state
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    async def _supervise(self) -> None:
        backoff: float | None = None
        while self.state != "closed":
            started = time.monotonic()
            served_since = await self._run_once()
            if self.state == "closed":
                return
            self.restarts += 1
            stable = served_since is not None and time.monotonic() - served_since >= self.stable_s
            backoff = (
                self.backoff_s
                if backoff is None or stable
                else min(backoff * 2, max(self.max_backoff_s, self.backoff_s))
            )
            self._retry_at = time.monotonic() + backoff
            self._set("down")
            log.warning(
                "%s: worker ended (%s) after %.1f s; restarting in %.1f s",
                self.name,
                self.load_error or self.last_exit,
                time.monotonic() - started,
                backoff,
            )
            await asyncio.sleep(backoff)

    async def _run_once(self) -> float | None:
        """Runs one worker to its end; returns when it started serving (None if it never did)."""
        self._set("starting")
        self.load_error = None
        process = await asyncio.create_subprocess_exec(
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=self._env,
            start_new_session=True,  # a Ctrl-C at the terminal is the gateway's to handle
        )
        self._process, self.pid = process, process.pid
        served_since: float | None = None
        watchdog: asyncio.Task[None] | None = None
        try:
            assert process.stdout is not None
            async for line in process.stdout:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # not an announcement (a library printing to stdout)
                kind = event.get("event") if isinstance(event, dict) else None
                if kind == "listening":
                    self.port = int(event["port"])
                    self._set("loading")
                elif kind == "ready":
                    served_since = time.monotonic()
                    self._set("ready")
                    log.info("%s: worker %d ready on port %d", self.name, process.pid, self.port)
                    watchdog = asyncio.create_task(self._watch(process))
                elif kind == "load_failed":
                    self.load_error = str(event.get("error"))
            code = await process.wait()
        finally:
            if watchdog is not None:
                watchdog.cancel()
        self.last_exit = describe_exit(code)
        self._process = None
        return served_since

    async def _watch(self, process: asyncio.subprocess.Process) -> None:
        """Kills a worker whose request in flight has produced nothing for `stall_s`."""
        url = f"http://127.0.0.1:{self.port}/health"
        while process.returncode is None:
            await asyncio.sleep(self.watch_interval_s)
            stalled = 0.0
            try:
                status, body = await self._client.get(url, timeout_s=self.stall_s)
                stalled = float(json.loads(body)["stalled_s"]) if status == 200 else 0.0
            except (TimeoutError, OSError, ValueError, KeyError, TypeError):
                stalled = self.stall_s  # not even answering its health check
            if stalled >= self.stall_s and process.returncode is None:
                log.warning("%s: worker stalled for %.0f s; killing it", self.name, stalled)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                return

    async def _stop_process(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        if process.stdin is not None:
            process.stdin.close()  # the polite way: the worker exits when its stdin closes
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


#: The variable a worker reads its bearer token from (model_worker.py).
TOKEN_ENV = "HYBRIDGATE_WORKER_TOKEN"


class WorkerUpstream:
    """A supervised model worker as an upstream: the OpenAI-compatible adapter for whichever
    incarnation of the worker serves now (a restarted worker listens on a new port)."""

    def __init__(self, deployment: Deployment, client: UpstreamClient, argv: Sequence[str]):
        token = secrets.token_urlsafe(24)
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env[TOKEN_ENV] = token
        self.process = WorkerProcess(
            deployment.name,
            [sys.executable, "-m", "hybridgate.providers.model_worker", *argv],
            env=env,
            client=client,
            token=token,
            stall_s=deployment.timeouts.first_byte_s,
        )
        self._deployment = deployment
        self._client = client
        self._token = token
        self._adapter: OpenAICompatProvider | None = None
        self._url = ""

    def ready(self) -> bool:
        return self.process.state == "ready"

    def down_reason(self) -> str | None:
        return self.process.down_reason()

    async def warm(self) -> None:
        """Start the worker and wait for its model (the app calls this at start-up)."""
        await self.process.ready(self._deployment.timeouts.total_s)

    async def aclose(self) -> None:
        await self.process.aclose()

    async def current(self) -> OpenAICompatProvider:
        url = await self.process.ready(self._deployment.timeouts.first_byte_s)
        if self._adapter is None or url != self._url:
            worker = self._deployment.model_copy(
                update={"base_url": url, "api_key": SecretStr(self._token)}
            )
            self._adapter, self._url = OpenAICompatProvider(worker, self._client), url
        return self._adapter


class WorkerBacked(Declared):
    """What an embedded-model provider delegates to its worker: readiness, why it is down,
    warming up, closing. Subclasses set `_upstream` and add chat or embed."""

    runs_in_worker = True
    _upstream: WorkerUpstream

    @property
    def worker(self) -> WorkerProcess:
        return self._upstream.process

    def ready(self) -> bool:
        return self._upstream.ready()

    def down_reason(self) -> str | None:
        return self._upstream.down_reason()

    async def warm(self) -> None:
        await self._upstream.warm()

    async def aclose(self) -> None:
        await self._upstream.aclose()
