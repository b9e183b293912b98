"""Performance benchmark of the playbook: `python -m benchmarks` (see benchmarks/README.md)."""
