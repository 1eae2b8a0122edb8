"""The demo region seeded by ``manage.py seed_demo`` (and ``make demo``).

``data`` holds the invented employers and the building blocks of the offers; ``seed`` composes them
with a seeded random generator, so every run produces the same region.
"""
