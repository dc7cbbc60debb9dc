"""Event extraction internals: lexicons, dates, counts, actors, modality and sub-event typing.

The stage itself lives in ``marsad.stages.extract``; these modules are plain functions over spaCy
tokens and strings so that each can be tested (and later replaced by a trained model) on its own.
"""
