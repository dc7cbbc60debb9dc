"""Cross-source resolution: which mentions report one event, and what the event then says.

Pure logic, no I/O: ``features`` (what a mention is reduced to), ``scoring`` (pairwise evidence),
``cluster`` (a deterministic sweep over sorted blocking keys), ``minhash`` (near-duplicate
documents), ``reconcile`` (figures, date, place and the claim grade of an event). The store applies
it incrementally at ingest and over a whole database (``marsad resolve``).
"""

from marsad.dedup.cluster import Cluster, Linker, resolve, resolve_sorted
from marsad.dedup.features import FAMILY, MentionRecord, mention_record
from marsad.dedup.minhash import band_keys, is_near_duplicate, signature, similarity
from marsad.dedup.reconcile import GRADES, Reconciled, claim_names_actor, grade, reconcile
from marsad.dedup.scoring import THRESHOLD, score

__all__ = [
    "FAMILY",
    "GRADES",
    "THRESHOLD",
    "Cluster",
    "Linker",
    "MentionRecord",
    "Reconciled",
    "band_keys",
    "claim_names_actor",
    "grade",
    "is_near_duplicate",
    "mention_record",
    "reconcile",
    "resolve",
    "resolve_sorted",
    "score",
    "signature",
    "similarity",
]
