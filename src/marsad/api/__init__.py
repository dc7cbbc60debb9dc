"""The REST API and the page it serves: ``create_app(settings, store=None)``."""

from marsad.api.app import create_app

__all__ = ["create_app"]
