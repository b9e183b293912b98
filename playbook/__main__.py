from playbook.cli import main

main(prog_name="python -m playbook")
