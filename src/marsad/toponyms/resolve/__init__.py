"""Toponym resolution: which gazetteer reading each recognised name takes, in context."""
