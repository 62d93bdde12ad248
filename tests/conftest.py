"""Shared fixtures: every test reads from and writes to its own temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the five seed documents."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder
