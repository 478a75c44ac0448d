"""The MkDocs adapter: the only code in the package that imports mkdocs.

plugin.py (the `practice` entry point in pyproject.toml) reads the collection,
asks pages.py for the generated files and hands them to MkDocs; it decides
nothing itself, so swapping the site engine means rewriting this folder only.
"""
