"""Everything MkDocs-specific, in one place; the rest of `playbook` never imports MkDocs, Jinja
or mkdocs-macros.

    data.py     `validate`'s report (the catalog) for a MkDocs config, read once per build
    pages.py    core Pages as MkDocs page sources; the finished HTML blocks put back after Markdown
    hook.py     the MkDocs hook (mkdocs.yml `hooks:`): generated pages, edit links, search, serve
    macros.py   the mkdocs-macros module (mkdocs.yml `module_name: macros` loads ../../macros.py, which
                hands over to it); it checks each page again right before mkdocs-macros renders it
    build.py    building the site into a folder, as a library function

ProperDocs, the continuation of MkDocs 1.x, loads the same hook and macros unchanged.
"""
