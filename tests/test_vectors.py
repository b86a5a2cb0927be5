"""The committed conformance vectors are fresh, and each one holds when run through the CLI."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tradecloud_domain import to_json
from tradecloud_domain.cli import main
from tradecloud_domain.machine import (
    LOGISTICS_REFUSALS,
    LOGISTICS_TRANSITIONS,
    PROCESS_REFUSALS,
    PROCESS_TRANSITIONS,
    RefusalSpec,
    TransitionSpec,
)
from tradecloud_domain.vectors import UNREACHABLE, vectors

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "vectors"
GENERATED = vectors()
COMMITTED = sorted(p.stem for p in FOLDER.glob("*.json") if p.name != "index.json")


def test_committed_vectors_are_fresh() -> None:
    assert sorted(GENERATED) == COMMITTED, "vectors/ is stale: run `make vectors`"
    assert json.loads((FOLDER / "index.json").read_text()) == sorted(GENERATED)
    for name, vector in GENERATED.items():
        assert (FOLDER / f"{name}.json").read_text(encoding="utf-8") == to_json(vector) + "\n", name


def test_every_reachable_rule_row_has_a_vector() -> None:
    rows: list[TransitionSpec | RefusalSpec] = [
        *PROCESS_TRANSITIONS,
        *PROCESS_REFUSALS,
        *LOGISTICS_TRANSITIONS,
        *LOGISTICS_REFUSALS,
    ]
    wanted = {(row.rule, row.trigger.value) for row in rows}
    unreachable = {(rule, trigger.value) for rule, trigger in UNREACHABLE}
    covered = {
        (vector["rule"], name.split(".")[-2].replace("-", "_"))
        for name, vector in GENERATED.items()
        if not name.startswith("edge.")
    }
    assert wanted - unreachable - covered == set()
    assert sum(name.startswith("edge.") for name in GENERATED) >= 10


def run_vector(vector: dict[str, Any], tmp_path: Path) -> tuple[int, dict[str, Any]]:
    message = tmp_path / "message.json"
    message.write_text(json.dumps(vector["message"]))
    argv = ["apply", vector["route"], str(message), "--format", "json"]
    if vector["state"] is not None:
        state = tmp_path / "state.json"
        state.write_text(to_json(vector["state"]))
        argv += ["--state", str(state)]
    if "verification" in vector:
        argv += ["--verification", vector["verification"]]
    if "today" in vector:
        argv += ["--today", vector["today"]]
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    assert err.getvalue() == ""
    return code, json.loads(out.getvalue())


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_vector_holds_through_the_cli(name: str, tmp_path: Path) -> None:
    vector = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    code, got = run_vector(vector, tmp_path)
    expected = vector["expected"]
    assert code == (3 if expected["httpStatus"] == 404 else 0)
    assert {key: got[key] for key in expected} == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not on this machine")
def test_the_node_runner_in_the_docs(tmp_path: Path) -> None:
    """docs/run-vectors.mjs, run on every vector against one `serve` process of this library."""
    sample = sorted(COMMITTED)
    for name in sample:
        shutil.copy(FOLDER / f"{name}.json", tmp_path / f"{name}.json")
    (tmp_path / "index.json").write_text(json.dumps(sample))
    done = subprocess.run(
        [
            "node",
            str(ROOT / "docs" / "run-vectors.mjs"),
            str(tmp_path),
            sys.executable,
            "-m",
            "tradecloud_domain",
            "serve",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith(f"{len(sample)} passed, 0 failed")
