"""Storage of documents, mentions and events (SQLAlchemy Core; SQLite by default, PostgreSQL by URL).

The schema is managed by Alembic migrations inside this package, run by ``Store.open``.
"""

from marsad.store.filters import EventFilter
from marsad.store.store import Store, event_key

__all__ = ["EventFilter", "Store", "event_key"]
