"""Everything MkDocs-specific, in one place; the rest of `playbook` never imports MkDocs.

    data.py     the project's catalog for a MkDocs config, loaded once per build
    pages.py    core Pages as MkDocs pages: their HTML, headings and table of contents without Markdown
    theme.py    what the theme's templates get from the hook: the navigation rendered once per folder
    hook.py     the MkDocs hook (mkdocs.yml `hooks:`): generated pages, edit links, search, serve
    macros.py   the mkdocs-macros module (mkdocs.yml `module_name: macros` loads ../../macros.py, which
                hands over to it)
    build.py    building the site into a folder, as a library function
    reads.py    what each page read from the catalog, so that a preview remakes only what a save reaches
    preview/    `playbook serve`: the preview's site, its web server and its watch of the project

ProperDocs, the continuation of MkDocs 1.x, loads the same hook and macros unchanged.
"""
