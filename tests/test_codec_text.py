"""Text out written straight from the values gives the very text of the JSON values written.

`dump_order_text` and `dump_outcome_text` write the read model and an outcome as compact JSON
text without building the JSON values first, and the server writes its answers with them
(`protocol.answer_line`). These pin that the text is, character for character, what `to_json`
writes for `dump_order` and `dump_outcome` (and `to_line` for `answer`), over generated orders
and messages of every route and over every committed vector.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecloud_domain import (
    BuyerLine,
    BuyerOrder,
    ConfirmedLine,
    DeliveryLine,
    Line,
    Order,
    apply,
    dump_order,
    dump_outcome,
    from_json,
    parse_message,
    to_json,
)
from tradecloud_domain.codec import dump_order_text, dump_outcome_text
from tradecloud_domain.protocol import answer, answer_line, to_line
from tradecloud_domain.statuses import Route
from tradecloud_domain.testing.strategies import message_bodies, orders

ROOT = Path(__file__).resolve().parent.parent
VECTORS = sorted(p for p in (ROOT / "vectors").glob("*.json") if p.name != "index.json")
TODAYS = st.one_of(st.none(), st.dates(datetime.date(2026, 1, 1), datetime.date(2028, 12, 31)))


@given(order=orders(max_lines=5), today=TODAYS)
def test_the_order_text_is_the_text_of_its_json_values(order: Order, today: Any) -> None:
    assert dump_order_text(order, today) == to_json(dump_order(order, today), indent=0)


@given(data=st.data(), route=st.sampled_from(Route), today=TODAYS)
def test_the_outcome_text_and_the_answer_line_are_the_texts_of_their_json_values(
    data: st.DataObject, route: Route, today: Any
) -> None:
    """Every route, with and without a state, `today` and the webhook bodies."""
    needs_order = route not in (Route.ORDER, Route.ORDER_SINGLE_DELIVERY)
    some = orders(min_lines=1, max_lines=4)
    order = data.draw(some if needs_order else st.none() | some)
    body = data.draw(message_bodies(route, order))
    outcome = apply(order, parse_message(route, body), today=today)
    assert dump_outcome_text(outcome) == to_json(dump_outcome(outcome), indent=0)
    request: dict[str, Any] = {
        "id": data.draw(st.sampled_from([1, "r-1", None, [1, "x"]])),
        "command": "apply",
        "route": route.value,
        "message": body,
        "webhooks": data.draw(st.booleans()),
    }
    if order is not None:
        request["state"] = dump_order(order)
    if today is not None:
        request["today"] = today.isoformat()
    assert answer_line(request) == to_line(answer(request))


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_every_vector_answers_the_same_line(path: Path) -> None:
    """Outcomes, refusals and invalid messages alike; `validate` too. Read as the server reads
    its requests (numbers as decimals)."""
    vector = from_json(path.read_bytes())
    request = {"id": path.stem, "command": "apply", "route": vector["route"]}
    request |= {"message": vector["message"], "state": vector.get("state")}
    assert answer_line(request) == to_line(answer(request))
    validate = {**request, "command": "validate"}
    assert answer_line(validate) == to_line(answer(validate))


def test_requests_that_are_not_carried_out_answer_the_same_line() -> None:
    requests: list[object] = [[], {"command": "apply"}, {"id": 3, "command": "x", "route": "o"}]
    for request in requests:
        written = answer_line(request)
        assert written == to_line(answer(request))
        assert "error" in json.loads(written)


def test_shared_values_and_escapes_are_written_as_the_encoder_writes_them() -> None:
    """A confirmed line that holds the buyer line's very schedule and prices, non-ASCII and
    quoted text, decimals with exponents and trailing zeros."""
    schedule = (
        DeliveryLine(datetime.date(2027, 1, 2), Decimal("1E+2"), "1", transport_mode='Zé "x"\n'),
        DeliveryLine(datetime.date(2027, 1, 3), Decimal("0.500")),
    )
    buyer = BuyerLine("0001", delivery_schedule=schedule, description="naïve \u2603 \ud83d\ude00")
    line = Line(buyer, confirmed_line=ConfirmedLine.of(schedule, None, None))
    order = Order(BuyerOrder("PO-\u00e9"), (line, Line(BuyerLine("0002"))))
    written = dump_order_text(order, datetime.date(2027, 1, 5))
    assert written == to_json(dump_order(order, datetime.date(2027, 1, 5)), indent=0)
    assert '"quantity":1E+2' in written and '"quantity":0.500' in written
    assert "\\u00e9" in written and "\\ud83d\\ude00" in written
