"""Pure matching: plain dataclasses in, ranked and explained results out.

Nothing here imports the database, the UI or any other part of srmatch; it reads only
its own reference data (occupation vocabulary, postcode areas) from ``data/``.
"""
