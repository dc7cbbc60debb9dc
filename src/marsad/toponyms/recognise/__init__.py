"""Recognition: which spans of a text name places (spaCy's entities plus gazetteer-known names)."""
