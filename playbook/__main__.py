"""`python -m playbook`: the editors' command line (playbook.cli), ended without the interpreter's
teardown, which spent up to a second freeing what a large build had made just before exiting."""

import os
import sys

from playbook.cli import main

try:
    main(prog_name="python -m playbook")
except SystemExit as done:
    code = done.code
else:
    code = 0
if code is not None and not isinstance(code, int):
    print(code, file=sys.stderr)
    code = 1
sys.stdout.flush()
sys.stderr.flush()
os._exit(code or 0)
