"""Proposals the program makes for a coder to accept or reject (no Qt, no SQL).

- ``known_entities``: every occurrence in an article of a name or alias the project
  already knows, proposed as a mention of that entity.
- ``attributions``, ``cue_model``, ``chains``: attribution cues, their sources and contents,
  and how a claim's voices nest.
- ``roles``, ``entity_type``, ``naming``: what the S and E popups preselect for a selection
  (its role, its kind, its type, the entity a source phrase names).

Nothing proposed is stored as an annotation until a coder accepts it.
"""
