"""``marsad evaluate --format text``: the evaluation as readable tables (rich)."""

from __future__ import annotations

from typing import IO

from marsad.evaluation.scoring import NONE, Evaluation, TypeScore

LABELS = {
    "detected": "detected (≥1 event)",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "date": "date (same day)",
    "fatalities": "fatalities (exact)",
    "inter1": "inter1",
    "actor1": "actor1 (lenient)",
    "admin1": "admin1 (lenient)",
    "within_25km": "within 25 km",
    "within_161km": "within 161 km",
}


def _types_table(title: str, scores: list[TypeScore]) -> object:
    from rich.table import Table

    t = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    t.add_column("type")
    for col in ("precision", "recall", "F1", "support", "predicted"):
        t.add_column(col, justify="right")
    for s in scores:
        t.add_row(s.label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support), str(s.predicted))
    return t


def _confusion_table(ev: Evaluation) -> tuple[object, str]:
    """Gold sub-event types as rows, predicted as numbered columns (only the types that occur), so that
    two dozen types still fit a terminal; the legend maps numbers to names."""
    from rich.table import Table

    golds = [t.label for t in ev.sub_event_types if t.support]
    preds = {p for row in ev.confusion.values() for p in row}
    order = [t.label for t in ev.sub_event_types if t.label in preds or t.label in golds]
    number = {lab: str(i) for i, lab in enumerate(order, 1)}
    cols = [lab for lab in order if lab in preds] + ([NONE] if NONE in preds else [])
    t = Table(title="Confusion: gold sub-event type (rows) × predicted (columns)", title_justify="left",
              show_edge=False, pad_edge=False)  # fmt: skip
    t.add_column("gold")
    for lab in cols:
        t.add_column(number.get(lab, "–"), justify="right")
    for g in golds:
        row = ev.confusion.get(g, {})
        cells = []
        for p in cols:
            n = row.get(p, 0)
            cells.append((f"[bold]{n}[/bold]" if p == g else str(n)) if n else "·")
        t.add_row(f"{number[g]:>2} {g}", *cells)
    legend = "columns: " + ", ".join(f"{number.get(lab, '–')} {lab}" for lab in cols)
    return t, legend


def write_text(ev: Evaluation, out: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=max(100, min(200, 40 + 6 * len(ev.confusion) + 40)), highlight=False)
    console.print(f"[bold]marsad evaluate[/bold]: {ev.n} documents, scored on each one's primary event")
    summary = Table(show_edge=False, pad_edge=False)
    summary.add_column("metric")
    summary.add_column("accuracy", justify="right")
    summary.add_column("scored rows", justify="right")
    for key, label in LABELS.items():
        if key in ev.accuracy:
            summary.add_row(label, f"{ev.accuracy[key]:.3f}", str(ev.counted.get(key, 0)))
    summary.add_row("events per document", f"{ev.events_per_doc:.2f}", "")
    summary.add_row("sub-event weighted F1", f"{ev.weighted_f1:.3f}", "")
    summary.add_row("sub-event macro F1", f"{ev.macro_f1:.3f}", "")
    console.print(summary)
    speed = f"{ev.n / ev.seconds:.1f} documents/s; " if ev.seconds > 0 else ""
    console.print(f"{speed}reference date for relative dates: {ev.reference}\n")
    if ev.event_types:
        console.print(_types_table("Event types", ev.event_types))
        console.print()
    if ev.sub_event_types:
        console.print(_types_table("Sub-event types", ev.sub_event_types))
        console.print()
    if ev.confusion:
        table, legend = _confusion_table(ev)
        console.print(table)
        console.print(legend)
