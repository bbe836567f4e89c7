"""Shared test setup: the repository root on sys.path, and the public data folder.

The public datasets are read from ``<repo>/../shared/data`` (CI clones the repository
and puts shared/ beside it) unless ``LAWS_DATA_DIR`` names another folder.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SHARED_DATA = Path(os.environ.get("LAWS_DATA_DIR") or REPO.parent / "shared" / "data")
if SHARED_DATA.is_dir():
    os.environ.setdefault("LAWS_DATA_DIR", str(SHARED_DATA))
