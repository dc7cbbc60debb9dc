"""Event extraction: lexicons, dates, counts, actors, modality, sub-event typing and the extract stage.

The stage is ``marsad.events.stage``; the other modules are plain functions over spaCy tokens and
strings, each testable on its own."""
