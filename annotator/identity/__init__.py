"""Entity identity: when two names are one actor.

- ``normalise``: the folding under which two spellings are the same name;
- ``candidates``: the duplicate search (likely groups, precision first);
- ``suggestions`` (what an answer is, how tiers merge; pure Python), ``trigrams`` (the
  fuzzy tier's counting and scoring), ``typeahead`` / ``typeahead_live`` (an index in
  memory), ``typeahead_fuzzy`` (the fuzzy pool beside the file's postings): entity
  suggestions while a coder types.

No Qt and no SQL here: the store feeds plain lists of names in and gets plain
indices back, so the GUI can run a search in a worker thread and the tests
need no database.
"""
