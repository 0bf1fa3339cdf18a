"""Entity identity: when two names are one actor.

- ``normalise``: the folding under which two spellings are the same name;
- ``candidates``: the duplicate search (likely groups, precision first);
- ``typeahead`` / ``typeahead_live``: entity suggestions while a coder types.

No Qt and no SQL here: the store feeds plain lists of names in and gets plain
indices back, so the GUI can run a search in a worker thread and the tests
need no database.
"""
