"""``--help`` never breaks a route name across lines, in any terminal (interop: people copy the
route names out of the help text).

The route names come from the library itself (:class:`Route` and the ``state`` pseudo-route of
``validate``), so a new route is checked as soon as it exists.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tradecloud_domain.cli import build_parsers, main
from tradecloud_domain.statuses import Route
from tradecloud_domain.validation import STATE

ROUTES = [route.value for route in Route]
COMMANDS = sorted(build_parsers()[1])
# The commands whose help lists the routes, with the names each must show.
LISTING = {"apply": ROUTES, "validate": [*ROUTES, STATE]}


def _whole(name: str, text: str) -> bool:
    """Whether ``name`` stands in ``text`` as a whole name, not as part of a longer one."""
    return re.search(rf"(?<![\w/-]){re.escape(name)}(?![\w/-])", text) is not None


def broken_names(text: str, names: list[str]) -> list[tuple[str, str, str]]:
    """The names that a line break splits: the last word of a line and the first of the next
    form a name (or a longer word holding it) that neither forms alone."""
    lines = [line.split() for line in text.splitlines()]
    broken: list[tuple[str, str, str]] = []
    for this, after in itertools.pairwise(lines):
        if not this or not after:
            continue
        tail, head = this[-1], after[0]
        broken.extend(
            (name, tail, head)
            for name in names
            if name in tail + head and name not in tail and name not in head
        )
    return broken


def test_broken_names_finds_a_break_at_a_hyphen_or_a_slash() -> None:
    """The check itself can fail: the two ways argparse's wrapping breaks a route name."""
    names = ["order/approve-reopen-request", "order-response"]
    assert broken_names("one of order,\norder/approve-\nreopen-request, x", names) == [
        ("order/approve-reopen-request", "order/approve-", "reopen-request,")
    ]
    assert broken_names("one of order-\nresponse", names) == [
        ("order-response", "order-", "response")
    ]
    assert broken_names("one of order/approve-reopen-request,\norder-response", names) == []


@pytest.mark.parametrize("columns", ["40", "200"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_keeps_every_route_name_whole(
    command: str | None, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    printed = io.StringIO()
    monkeypatch.setattr(sys, "stdout", printed)  # argparse prints help to sys.stdout
    assert main([command, "--help"] if command else ["--help"]) == 0
    text = printed.getvalue()
    assert text.startswith("usage: ")
    assert broken_names(text, [*ROUTES, STATE]) == []
    for name in LISTING.get(command or "", []):
        assert any(_whole(name, line) for line in text.splitlines()), (command, name)


@pytest.mark.parametrize("columns", ["40", "100"])
def test_the_console_script_help_keeps_route_names_whole(columns: str) -> None:
    """The installed console script, in a narrow and a normal terminal."""
    script = Path(sys.executable).parent / "tradecloud-domain"
    done = subprocess.run(
        [str(script), "validate", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": columns, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert broken_names(done.stdout, [*ROUTES, STATE]) == []
    for name in LISTING["validate"]:
        assert any(_whole(name, line) for line in done.stdout.splitlines()), name


@pytest.mark.parametrize("command", COMMANDS)
def test_a_call_builds_the_parser_of_its_command_alone_the_same(command: str) -> None:
    """``main`` builds only the parser of the command it runs; that parser is the one the whole
    parser holds: the same help, the same arguments read."""
    whole, every = build_parsers()
    alone, only = build_parsers(command)
    assert list(only) == [command]
    assert only[command].format_help() == every[command].format_help()
    argv = {
        "apply": ["apply", "order", "m.json", "--state", "s.json", "--format", "json"],
        "validate": ["validate", "state", "-", "--strict"],
        "serve": ["serve"],
        "schema": ["schema", "order", "--write", "out"],
        "vectors": ["vectors", "out"],
        "docs": ["docs", "rules"],
    }[command]
    assert vars(alone.parse_args(argv)) == vars(whole.parse_args(argv))
