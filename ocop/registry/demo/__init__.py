"""A national demo registry: producers, products and certificate histories that read like the real thing.

``generator`` builds rows in the published recognitions format (``/work/shared/contracts/recognitions.md``)
from the administrative units in the database, deterministically for a seed; ``services`` feeds them to the
recognitions importer and then fills in what the format does not carry (descriptions, stories, flags,
management certifications, revocation reasons). The name parts live in ``people``, ``names`` and
``texts``. Nothing here is real data: the people, producers and products are invented, only the places are
real.
"""
