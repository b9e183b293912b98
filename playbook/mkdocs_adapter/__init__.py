"""Everything MkDocs-specific, in one place; the rest of `playbook` never imports MkDocs, Jinja
or mkdocs-macros.

    data.py     `validate`'s report (the catalog) for a MkDocs config, read once per build (or a preview's)
    pages.py    core Pages as MkDocs pages: their HTML, headings and table of contents without Markdown
    theme.py    what the theme's templates get from the hook: the parts of a page rendered once per folder
    parallel.py the core's pages made on two cores (a forked copy makes half of them)
    hook.py     the MkDocs hook (mkdocs.yml `hooks:`): generated pages, edit links, search, serve
    macros.py   the mkdocs-macros module (mkdocs.yml `module_name: macros` loads ../../macros.py, which
                hands over to it); it checks each page again right before mkdocs-macros renders it
    build.py    building the site into a folder, as a library function
    reads.py    what each page read from the catalog, so that a preview remakes only what a save reaches
    preview/    `playbook serve`: the preview's site, its web server and its watch of the project

ProperDocs, the continuation of MkDocs 1.x, loads the same hook and macros unchanged.
"""
