"""Toponyms: recognising place names in a text (``recognise/``) and choosing each name's reading
in the gazetteer (``resolve/``); ``stage`` is the geoparse stage that chains them."""
