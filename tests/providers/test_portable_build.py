"""The llama.cpp build runs on every x86-64 CPU with AVX2: no AVX-512 and no AMX instruction
anywhere in it (a native build on a server CPU takes both, and llama.cpp's AMX path crashes on
some CPUs that have it). Read from the installed libraries' machine code, not from flags."""

from __future__ import annotations

import importlib.util
import platform
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64", reason="x86-64 builds only")

#: AMX tile instructions, and any use of the 512-bit registers.
BEYOND_AVX2 = re.compile(r"\b(ldtilecfg|sttilecfg|tileloadd|tilestored|tdpb\w+|tdpfp16ps)\b|%zmm")


def _libraries() -> list[Path]:
    spec = importlib.util.find_spec("llama_cpp")  # found, not imported: nothing loads
    assert spec is not None and spec.submodule_search_locations
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    return sorted(p for p in lib.glob("libggml*.so") if p.is_file())


def test_the_cpu_backend_uses_nothing_beyond_avx2() -> None:
    objdump = shutil.which("objdump")
    assert objdump, "objdump (binutils) is needed to read the build"
    libraries = _libraries()
    assert any("ggml-cpu" in p.name for p in libraries)
    for library in libraries:
        code = subprocess.run(
            [objdump, "-d", "--no-show-raw-insn", str(library)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found = BEYOND_AVX2.search(code)
        assert found is None, f"{library.name} uses {found.group(0) if found else ''}"
        if "ggml-cpu" in library.name:
            assert "%ymm" in code  # and it does use AVX2: portable, not slow
