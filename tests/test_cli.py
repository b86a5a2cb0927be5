"""The CLI contract: arguments, formats, exit statuses, stdin, and no tracebacks."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tradecloud_domain.cli import main
from tradecloud_domain.statuses import Route

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
STATE = str(EXAMPLES / "order.json")


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_json_output_shape_and_reuse_as_state(tmp_path: Path) -> None:
    code, out, err = run(
        "apply",
        "order/indicators",
        str(EXAMPLES / "cancel-all-lines.indicators.json"),
        "--state",
        STATE,
        "--format",
        "json",
    )
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {"httpStatus", "rule", "order", "decisions", "events"}
    assert result["events"] == [
        {"name": "OrderLinesCancelledByBuyer", "positions": ["0001", "0004"]}
    ]
    assert result["httpStatus"] == 200
    statuses = [line["status"]["processStatus"] for line in result["order"]["lines"]]
    assert statuses == ["Cancelled", "Issued", "Completed", "Cancelled"]
    decision = result["decisions"][0]
    assert set(decision) >= {
        "position",
        "action",
        "result",
        "from",
        "to",
        "rule",
        "source",
        "reason",
    }
    # The "order" of the output is a valid --state: a second run refuses every cancel it can.
    state = tmp_path / "state.json"
    state.write_text(json.dumps(result["order"]))
    code, out, _ = run(
        "apply",
        "order/indicators",
        str(EXAMPLES / "cancel-all-lines.indicators.json"),
        "--state",
        str(state),
        "--format",
        "json",
    )
    again = json.loads(out)
    assert code == 0
    assert again["order"] == result["order"]
    assert {d["result"] for d in again["decisions"]} <= {"refused", "skipped"}


def test_message_from_stdin() -> None:
    body = (EXAMPLES / "cancel-lines-in-message.order.json").read_text()
    code, out, _ = run("apply", "order", "-", "--state", STATE, "--format", "json", stdin=body)
    assert code == 0
    assert json.loads(out)["order"]["lines"][0]["status"]["processStatus"] == "Cancelled"


def test_404_exits_3() -> None:
    code, out, _ = run(
        "apply", "order/indicators", str(EXAMPLES / "cancel-all-lines.indicators.json")
    )
    assert code == 3
    assert "HTTP 404" in out


def test_202_exits_0() -> None:
    code, out, _ = run(
        "apply",
        "order/indicators",
        str(EXAMPLES / "cancel-all-lines.indicators.json"),
        "--state",
        STATE,
        "--verification",
        "unavailable",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["httpStatus"] == 202


def test_invalid_message_exits_2_naming_the_path() -> None:
    body = json.dumps({"order": {"purchaseOrderNumber": "PO 1"}, "lines": [{"position": 7}]})
    code, out, err = run("apply", "order", "-", stdin=body)
    assert (code, out) == (2, "")
    assert "order.purchaseOrderNumber" in err and "[identifier.whitespace]" in err
    assert "lines[0].position" in err and "[type.string]" in err
    assert "Traceback" not in err


def test_invalid_state_exits_2(tmp_path: Path) -> None:
    state = tmp_path / "bad.json"
    state.write_text('{"buyerOrder": {}, "lines": [}')
    code, _, err = run(
        "apply", "order", str(EXAMPLES / "new-order.order.json"), "--state", str(state)
    )
    assert code == 2
    assert "invalid state" in err and "json.syntax" in err


def test_state_for_another_order_exits_2() -> None:
    code, _, err = run("apply", "order", str(EXAMPLES / "new-order.order.json"), "--state", STATE)
    assert code == 2
    assert "state.mismatch" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["apply", "order/teleport", "x.json"],
        ["apply", "order"],
        ["apply", "order", "x.json", "--format", "xml"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    assert run(*argv)[0] == 2


def test_missing_file_exits_2() -> None:
    code, _, err = run("apply", "order", "/nonexistent/message.json")
    assert code == 2
    assert "cannot read /nonexistent/message.json" in err


def test_stdin_twice_is_refused() -> None:
    code, _, err = run("apply", "order", "-", "--state", "-")
    assert code == 2
    assert "both" in err


def test_table_shows_every_line_before_and_after() -> None:
    code, out, _ = run(
        "apply", "order", str(EXAMPLES / "cancel-lines-in-message.order.json"), "--state", STATE
    )
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line[:4].isdigit()}
    assert set(rows) == {"0001", "0002", "0003", "0004"}
    assert "Confirmed/Open" in rows["0001"] and "Cancelled/Cancelled" in rows["0001"]
    assert "cancel.refused.completed" in rows["0003"]


def test_module_entry_point_and_pipe(tmp_path: Path) -> None:
    """``python -m tradecloud_domain`` works, and a reader that stops early is not an error."""
    done = subprocess.run(
        [sys.executable, "-m", "tradecloud_domain", "docs", "rules"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("# Rules")
    big = tmp_path / "big.json"  # several times a pipe's buffer of output
    big.write_text(
        json.dumps(
            {
                "order": {"purchaseOrderNumber": "PO-BIG"},
                "lines": [{"position": str(n), "item": {"name": "x" * 200}} for n in range(500)],
            }
        )
    )
    piped = subprocess.run(
        f"{sys.executable} -m tradecloud_domain apply order {big} --format json | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.stdout == "{\n"
    assert piped.stderr == ""


def test_validate_clean_message_exits_0() -> None:
    code, out, err = run("validate", "order", str(EXAMPLES / "new-order.order.json"))
    assert (code, out, err) == (0, "valid\n", "")


def test_validate_state() -> None:
    code, out, _ = run("validate", "state", STATE, "--format", "json")
    assert code == 0
    assert json.loads(out) == {"valid": True, "problemCount": 0, "complete": True, "problems": []}


def test_validate_state_with_warnings_exits_0() -> None:
    """A state Tradecloud could send (InProgress without inProgressStatus) is valid: the warning
    is listed, and the exit status stays 0 (decision D14)."""
    body = json.dumps(
        {
            "buyerOrder": {"purchaseOrderNumber": "PO-1"},
            "lines": [
                {
                    "buyerLine": {"position": "1"},
                    "status": {"processStatus": "InProgress", "logisticsStatus": "Open"},
                }
            ],
        }
    )
    code, out, err = run("validate", "state", "-", "--format", "json", stdin=body)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["valid"] is True
    assert [(p["path"], p["code"], p["severity"]) for p in result["problems"]] == [
        ("lines[0].status", "status.inconsistent", "warning")
    ]
    code, out, _ = run("validate", "state", "-", stdin=body)
    assert code == 0
    assert out.startswith("valid, with 1 problem")


def test_validate_lists_every_problem_and_exits_2() -> None:
    body = json.dumps(
        {
            "order": {"purchaseOrderNumber": "PO 1", "indicators": {"cancelled": 1}},
            "lines": [{"position": "1"}, {"position": "1", "deliverySchedule": [{"date": "x"}]}],
        }
    )
    code, out, err = run("validate", "order", "-", "--format", "json", stdin=body)
    assert (code, err) == (2, "")
    result = json.loads(out)
    assert result["valid"] is False
    assert [(p["path"], p["code"]) for p in result["problems"]] == [
        ("order.purchaseOrderNumber", "identifier.whitespace"),
        ("order.indicators.cancelled", "type.boolean"),
        ("lines[1].deliverySchedule[0].date", "type.date"),
        ("lines[1].deliverySchedule[0].quantity", "required"),
        ("lines[1].position", "position.duplicate"),
    ]
    code, out, _ = run("validate", "order", "-", stdin=body)
    assert code == 2
    assert out.startswith("5 problems")
    assert "lines[1].position" in out


def test_validate_bad_json_text() -> None:
    code, out, _ = run("validate", "order/indicators", "-", stdin="{nope")
    assert code == 2
    assert "json.syntax" in out


def test_the_demo_notes_change_moves_no_status_and_prints_its_webhook_bodies() -> None:
    """`make demo` step 13: only descriptions and notes change (decision D75): every status stays,
    line 0001 gets update.fields, and --format webhooks prints one body per event, stamped --now."""
    args = ("apply", "order", str(EXAMPLES / "change-notes.order.json"), "--state", STATE)
    code, out, err = run(*args, "--format", "json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    before = json.loads((EXAMPLES / "order.json").read_text(encoding="utf-8"))
    assert [line["status"] for line in result["order"]["lines"]] == [
        line["status"] for line in before["lines"]
    ]
    assert [(d["position"], d["rule"]) for d in result["decisions"]] == [("0001", "update.fields")]
    assert result["order"]["buyerOrder"]["notes"] == ["Deliver to gate 4"]
    assert result["order"]["lines"][0]["buyerLine"]["description"] == "Bracket, galvanised"
    code, out, err = run(*args, "--format", "webhooks", "--now", "2026-11-28T09:30:00Z")
    assert (code, err) == (0, "")
    bodies = [json.loads(line) for line in out.splitlines()]
    assert [body["eventName"] for body in bodies] == [event["name"] for event in result["events"]]
    assert {body["orderEvent"]["lastUpdatedAt"] for body in bodies} == {"2026-11-28T09:30:00Z"}


@pytest.mark.parametrize("columns", ["40", "100"])
@pytest.mark.parametrize("command", ["", "apply", "validate", "schema", "docs"])
def test_help_never_breaks_a_route_name(
    command: str,
    columns: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    # argparse prints help to sys.stdout itself, not to the stream given to main.
    code, _, _ = run(*[part for part in (command, "--help") if part])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines
    # No line ends inside a word at a hyphen or a slash (argparse's textwrap would break there).
    assert [
        line for line in lines if line.rstrip()[-2:-1].isalnum() and line.rstrip()[-1:] in "-/"
    ] == []
    if command in ("apply", "validate"):
        for route in Route:
            whole = re.compile(rf"(?<![\w/-]){re.escape(route.value)}(?![\w/-])")
            assert any(whole.search(line) for line in lines), route.value
