"""The rules, one module per band; `registry` holds them all.

Importing this package imports every band, so `practice_exchange.rules`
(or any module in it, such as `rules.registry`) alone registers every rule.
That is safe because nothing the bands import reaches back into the rules:
they read a `document.Document`, not the loader that raises the PX0xx rules.
The layers, lowest first, each importing only its own and those below
(tests/test_layers.py holds the full list and checks it with an AST walk):

    controls, wording, model, findings, document   plain values, no rules
    yaml_reader -> taxonomy -> render, catalogue    know no rule either
    rules.registry, rules.parsing, ...            declarations and bands
    rules (this package, importing every band)
    loader -> checker -> reference, report, pages, ... -> cli
    site
"""

from . import archive, body, collection, figures, markup, parsing, privacy, publishing, registry, safety, values

__all__ = [
    "archive",
    "body",
    "collection",
    "figures",
    "markup",
    "parsing",
    "privacy",
    "publishing",
    "registry",
    "safety",
    "values",
]
