"""Reading and checking the playbook: the strict reader, the loader, the checks on one file and
across records, the hand-written pages' macro calls, renames, and the problems they report."""
