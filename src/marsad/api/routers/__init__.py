"""One router per resource: events, and meta (health, stats, version)."""
