"""When the data was last committed: the build date of record, for reproducible output."""

from __future__ import annotations

import subprocess
from pathlib import Path


def commit_epoch(project: Path) -> str | None:
    """The last commit's time as git gives it (Unix seconds, unchecked), or None outside a Git
    checkout or before its first commit. `settings.data_epoch` checks it by the date rule."""
    try:
        out = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None
