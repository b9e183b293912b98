"""When the data was last committed: the build date of record, for reproducible output."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def commit_epoch(project: Path) -> str:
    """The last commit's time as Unix seconds, or '0' outside a Git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True)
        return out.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def data_date(project: Path) -> str:
    """The date printed on checklists: SOURCE_DATE_EPOCH when the build sets it, else the last commit's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or commit_epoch(project)
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
