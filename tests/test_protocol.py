"""The request -> answer protocol that `apply`, `validate` and `serve` share (decision D55)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tradecloud_domain import to_json
from tradecloud_domain.cli import main
from tradecloud_domain.codec import dump_outcome
from tradecloud_domain.protocol import answer, handle

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _receive_goods(today: str | None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "id": "r1",
        "command": "apply",
        "route": "/order/deliveries",
        "state": _example("order.json"),
        "message": _example("receive-goods.deliveries.json"),
    }
    if today is not None:
        request["today"] = today
    return request


def _overdue(result: dict[str, Any]) -> dict[str, bool]:
    return {
        line["buyerLine"]["position"]: line["indicators"]["deliveryOverdue"]
        for line in result["order"]["lines"]
    }


def test_today_is_the_as_of_date_of_the_overdue_indicators() -> None:
    """60 of line 0001's 100 arrive on 2026-12-01, the day they were due: as of the next day
    the rest is overdue; without `today` no overdue indicator is shown (D55, D87)."""
    shaped = answer(_receive_goods("2026-12-02"))
    assert shaped["id"] == "r1"
    assert shaped["result"]["httpStatus"] == 200
    assert _overdue(shaped["result"])["0001"] is True
    assert "indicators" not in answer(_receive_goods(None))["result"]["order"]
    refused = answer(_receive_goods("2 December"))
    assert refused["error"]["exitStatus"] == 2
    assert [(p["in"], p["path"]) for p in refused["error"]["problems"]] == [("request", "today")]


def test_without_result_the_outcome_is_handed_over_and_no_json_is_built() -> None:
    """`handle(request, result=False)`: the answer of a successful apply is its id alone and the
    outcome the one whose JSON `handle(request)` answers; errors are answered in full."""
    whole = handle(_receive_goods("2026-12-02"))
    bare = handle(_receive_goods("2026-12-02"), result=False)
    assert bare.answer == {"id": "r1"}
    assert bare.outcome is not None
    assert bare.state == whole.state
    assert dump_outcome(bare.outcome) == whole.answer["result"]
    refused = _receive_goods("2 December")
    assert handle(refused, result=False).answer == handle(refused).answer


def test_now_stamps_the_change_and_webhooks_come_with_the_result() -> None:
    """`now` stamps lastUpdatedAt as `--now` does; `webhooks: true` adds the bodies that
    `apply --format webhooks` prints, one per event, and a state may be a webhook body (D79)."""
    request = {**_receive_goods(None), "now": "2026-12-01T08:00:00Z", "webhooks": True}
    result = answer(request)["result"]
    assert result["order"]["lastUpdatedAt"] == "2026-12-01T08:00:00Z"
    assert [body["eventName"] for body in result["webhooks"]] == [
        event["name"] for event in result["events"]
    ]
    assert result["webhooks"][0]["orderEvent"]["lastUpdatedAt"] == "2026-12-01T08:00:00Z"
    assert "webhooks" not in answer(_receive_goods(None))["result"]
    again = {**_receive_goods(None), "state": result["webhooks"][0]}
    assert answer(again)["result"]["httpStatus"] == 200
    refused = answer({**_receive_goods(None), "now": "yesterday", "webhooks": "yes"})
    problems = [(p["path"], p["code"]) for p in refused["error"]["problems"]]
    assert problems == [("webhooks", "type.boolean"), ("now", "type.instant")]


def test_the_cli_prints_what_the_protocol_answers(tmp_path: Path) -> None:
    request = _receive_goods("2026-12-02")
    state = tmp_path / "state.json"
    state.write_text(json.dumps(request["state"]), encoding="utf-8")
    out = io.StringIO()
    status = main(
        [
            "apply",
            "order/deliveries",
            str(EXAMPLES / "receive-goods.deliveries.json"),
            "--state",
            str(state),
            "--today",
            "2026-12-02",
            "--format",
            "json",
        ],
        stdout=out,
    )
    assert status == 0
    assert json.loads(out.getvalue()) == json.loads(to_json(answer(request)["result"]))


def test_serve_answers_each_line_and_goes_on_after_a_bad_one() -> None:
    requests = [
        json.dumps(_receive_goods("2026-12-02")),
        "{not json",
        "",
        json.dumps({"id": 3, "command": "validate", "route": "order", "message": {}}),
        json.dumps({"id": 4, "command": "apply", "route": "order/indicatros", "message": {}}),
    ]
    done = subprocess.run(
        [sys.executable, "-m", "tradecloud_domain", "serve"],
        input="\n".join(requests) + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["r1", None, 3, 4]  # the blank line gets no answer
    assert _overdue(answers[0]["result"])["0001"] is True
    assert answers[1]["error"]["exitStatus"] == 2
    assert answers[2]["result"]["valid"] is False
    assert answers[2]["result"]["problems"][0]["code"] == "required"
    suggestion = answers[3]["error"]["problems"][0]["message"]
    assert "order/indicators" in suggestion


def test_tradecloud_url_paths_name_their_route_order_and_line() -> None:
    """The SDK's reschedule answer posts `{}` to order/{orderId}/line/{position}/reschedule/approve:
    the path's position is the line the body names, the path's order id must be the state's, and
    the API's address and connector prefix may lead the route (decision D135)."""
    state = {**_example("order.json"), "id": "order-7"}
    line = state["lines"][3]
    line["status"] = {"processStatus": "InProgress", "logisticsStatus": "Open"}
    line["status"]["inProgressStatus"] = "OpenSupplierShipmentRescheduleRequest"
    request = {
        "command": "apply",
        "route": "https://api.tradecloud1.com/v2/order/order-7/line/0004/reschedule/approve",
        "state": state,
        "message": {},
    }
    result = answer(request)["result"]
    assert [(d["position"], d["rule"]) for d in result["decisions"]] == [
        ("0004", "answer.approve-shipment-reschedule")
    ]
    assert request["message"] == {}  # the input is never changed
    named = answer({**request, "message": {"linePositions": ["0001"]}})["result"]
    assert [d["position"] for d in named["decisions"]] == ["0001"]  # the body's own list stays
    other = answer({**request, "route": "order/order-8/line/0004/reschedule/reject"})
    assert [(p["in"], p["path"], p["code"]) for p in other["error"]["problems"]] == [
        ("request", "route", "state.mismatch")
    ]
    indicators = {
        **request,
        "route": "/v2/api-connector/order/indicators",
        "message": _example("cancel-all-lines.indicators.json"),
    }
    assert answer(indicators)["result"]["httpStatus"] == 200
