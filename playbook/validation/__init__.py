"""Reading and checking the playbook: one call, `validate(data_dir, docs_dir, base=None) -> Report`.

The package holds the strict YAML reader (strict_yaml), the loader (load), the checks on one
file's text (text_checks) and across records (checks, renames, reserved, suggest), the hand-written
pages' template check (docs_pages, templates) and the problems they report (problems), all
gathered by `validate` (report).
"""

from .problems import PlaybookError, Problem
from .report import Refused, Report, validate

__all__ = ["PlaybookError", "Problem", "Refused", "Report", "validate"]
