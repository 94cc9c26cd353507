"""Shared fixtures: the cifras binary the package is compared with, and ../shared."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def cifras_bin() -> str:
    """The command line built from the same sources (CIFRAS_BIN, else the debug build)."""
    path = os.environ.get("CIFRAS_BIN")
    if path is None:
        target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
        path = os.path.join(target, "debug", "cifras")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no cifras binary at {path}: build it (cargo build) or set CIFRAS_BIN")
    return path


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    """../shared, or a skip (a failure under CIFRAS_REQUIRE_SHARED=1, as in CI)."""
    path = pathlib.Path(os.environ.get("CIFRAS_SHARED", ROOT.parent / "shared"))
    if not path.is_dir():
        if os.environ.get("CIFRAS_REQUIRE_SHARED") == "1":
            pytest.fail(f"{path} not found (CIFRAS_REQUIRE_SHARED=1)")
        pytest.skip(f"{path} not found (set CIFRAS_SHARED)")
    return path


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)
