"""Marsad: coded, geolocated, deduplicated conflict-event data from news and field reports."""

__version__ = "0.1.0"
