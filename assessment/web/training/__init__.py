"""Training sessions: a facilitator runs a scenario, a room rates it anonymously.

``views`` gathers the routes (``facilitator``, ``participant``) on one blueprint; ``service``
holds what they do to the database, ``export`` and ``report`` what a facilitator takes away.
"""
