"""The mkdocs-macros module named in mkdocs.yml: the macros live in playbook/mkdocs_adapter/macros.py."""

from playbook.mkdocs_adapter.macros import define_env, on_pre_page_macros

__all__ = ["define_env", "on_pre_page_macros"]
