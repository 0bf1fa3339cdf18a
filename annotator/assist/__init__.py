"""Proposals the program makes for a coder to accept or reject (no Qt, no SQL).

- ``known_entities``: every occurrence in an article of a name or alias the project
  already knows, proposed as a mention of that entity.

Nothing proposed is stored as an annotation until a coder accepts it.
"""
