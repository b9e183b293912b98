"""Customer Obsession Playbook: YAML records -> validated catalog -> MkDocs site."""
