"""Developer scripts (run as `python scripts/NAME.py`); a package so tests and mypy see one module name for each."""
