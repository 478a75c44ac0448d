"""The rules, one module per band; `registry` holds them all.

The band modules are imported by `practice_exchange.checker` rather than
here, because the loader raises the PX0xx rules and the other bands read
the loader's Document: importing them all here would make a cycle.
"""
