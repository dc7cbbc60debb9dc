"""The docs test (datasette's habit): it fails when a command or an option is undocumented."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from marsad.cli.main import cli

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
README = Path(__file__).resolve().parent.parent / "README.md"


def commands(group: click.Group, prefix: str = "marsad") -> Iterator[tuple[str, click.Command]]:
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        yield full, cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, full)


def section(text: str, heading: str) -> str:
    """The text under '#... heading' up to the next heading of the same or higher level."""
    m = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.M)
    assert m, f"docs/cli.md has no section '{heading}'"
    level = len(m.group(1))
    rest = text[m.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


ALL = list(commands(cli))


@pytest.mark.parametrize("name,cmd", ALL, ids=[n for n, _ in ALL])
def test_every_command_and_option_is_documented(name: str, cmd: click.Command) -> None:
    body = section(DOCS.read_text(encoding="utf-8"), name)
    for param in cmd.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            if longest == "--help":
                continue
            assert longest in body, f"{name}: option {longest} is not documented in docs/cli.md"


def test_readme_first_screen_has_the_two_commands() -> None:
    first = "\n".join(README.read_text(encoding="utf-8").splitlines()[:30])
    assert "make demo" in first and "make test" in first


@pytest.mark.parametrize("name", [n for n, c in ALL if " " not in n[len("marsad "):]])
def test_top_level_commands_are_in_the_readme_table(name: str) -> None:
    assert f"`{name}" in README.read_text(encoding="utf-8")
