"""Placing an event: the most specific place its text supports, with ACLED's geo_precision."""
