"""Shared fixtures: every test reads from and writes to its own temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: these machines are shared and noisy, and speed is
# measured in bench/, not asserted. HYPOTHESIS_PROFILE=thorough runs the
# property tests much longer, to find rare cases before CI's random draws do.
settings.register_profile("shared", deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "shared"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the five seed documents."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(autouse=True)
def state_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reading positions go to a temporary state folder, and the library
    index to a temporary cache folder, never the user's."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    # The library rule looks for annotations/ in the folders above a corpus:
    # never above the temporary folders, whatever this machine has there.
    monkeypatch.setenv("READER_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp()))
    return folder
