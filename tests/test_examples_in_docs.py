"""Every code example in the README and docs/ runs as written, so none can drift."""

from __future__ import annotations

import io
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from tradecloud_domain.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks(language: str) -> Iterator[tuple[str, str]]:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for n, block in enumerate(re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)):
            yield f"{page.name}#{n}", block


PYTHON = list(blocks("python"))
COMMANDS = [
    (name, line)
    for name, block in blocks("sh")
    for line in block.replace("\\\n", " ").splitlines()
    if re.match(r"\s*(\.venv/bin/)?tradecloud-domain ", line)
]


@pytest.fixture(autouse=True)
def _in_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(("name", "code"), PYTHON, ids=[name for name, _ in PYTHON])
def test_python_examples_run(name: str, code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, name, "exec"), {"__name__": "__example__"})


@pytest.mark.parametrize(("name", "line"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_examples_run(name: str, line: str) -> None:
    words = shlex.split(line.split("#", 1)[0])
    out, err = io.StringIO(), io.StringIO()
    code = main(words[1:], stdin=io.StringIO(""), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert out.getvalue()


def test_there_are_examples_to_run() -> None:
    assert len(PYTHON) >= 3
    assert len(COMMANDS) >= 3
    assert os.path.exists(ROOT / "mkdocs.yml")
