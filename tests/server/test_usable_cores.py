"""`serve`'s default worker count: the cores this process may run on, capped by a container's
CPU quota (cgroup v2 `cpu.max`, v1 `cpu.cfs_quota_us`)."""

from __future__ import annotations

import os
from pathlib import Path

from hybridgate.server.supervisor import usable_cores

AFFINITY = len(os.sched_getaffinity(0))


def test_without_a_quota_every_core_of_the_affinity(tmp_path: Path) -> None:
    assert usable_cores(tmp_path) == AFFINITY
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert usable_cores(tmp_path) == AFFINITY


def test_a_cgroup_v2_quota_caps_the_count(tmp_path: Path) -> None:
    (tmp_path / "cpu.max").write_text("50000 100000\n")  # half a CPU: one worker
    assert usable_cores(tmp_path) == 1
    (tmp_path / "cpu.max").write_text(f"{100000 * AFFINITY + 1} 100000\n")  # more than we have
    assert usable_cores(tmp_path) == AFFINITY


def test_a_cgroup_v1_quota_caps_the_count(tmp_path: Path) -> None:
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert usable_cores(tmp_path) == 1
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")  # no quota
    assert usable_cores(tmp_path) == AFFINITY
