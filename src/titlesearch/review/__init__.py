"""The review queue: people confirm or correct the codes a batch was unsure of, and the index
remembers. ``decisions`` holds what people decided (one log under ``TITLESEARCH_HOME``),
``queue`` picks the rows of a coded table that need a person, ``table`` writes decisions
back into a coded table, and ``corrections`` turns them into ``source=user`` index points."""
