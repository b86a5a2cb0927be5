"""``docs/single-delivery.md``, generated: a walk through single delivery per order line that
shows, after every message, Tradecloud's order (one line, a delivery schedule) beside the
single-delivery view (one line per delivery), both computed by the library."""

from __future__ import annotations

import html
from typing import Any, Final

from .apply import Outcome, apply
from .codec import dump_order, dump_single_delivery_view, parse_message, to_json
from .docgen import page_link
from .entities import Order
from .machine import RULES
from .single_delivery import UNSUPPORTED_ROUTES

__all__ = ["WALKTHROUGH", "single_delivery_page"]

_PO: Final = "PO-SD-1"
UNSUPPORTED: Final = tuple(UNSUPPORTED_ROUTES.items())
_DOCS: Final = "https://github.com/tradecloud/tradecloud-docs-api-v2/blob/master/"

#: The walk: (what happens, route, message body).
WALKTHROUGH: Final[tuple[tuple[str, str, dict[str, Any]], ...]] = (
    (
        "The buyer issues the order: line 0001 in two deliveries (0002 is split from 0001) and "
        "line 0003 in one.",
        "order/single-delivery",
        {
            "order": {"purchaseOrderNumber": _PO, "supplierAccountNumber": "SUP-1"},
            "lines": [
                {"position": "0001", "scheduledDelivery": {"date": "2026-03-02", "quantity": 60}},
                {
                    "position": "0002",
                    "originalPosition": "0001",
                    "scheduledDelivery": {"date": "2026-03-30", "quantity": 40},
                },
                {"position": "0003", "scheduledDelivery": {"date": "2026-03-16", "quantity": 10}},
            ],
        },
    ),
    (
        "The supplier can deliver line 0003 only in two parts: its order response splits the "
        "delivery, the new part without a position. A proposal, for the buyer to answer.",
        "order-response",
        {
            "order": {"buyerAccountNumber": "BUY-1", "purchaseOrderNumber": _PO},
            "lines": [
                {
                    "purchaseOrderLinePosition": "0003",
                    "deliverySchedule": [
                        {"position": "0003", "date": "2026-03-16", "quantity": 6},
                        {"date": "2026-04-13", "quantity": 4},
                    ],
                }
            ],
        },
    ),
    (
        "The buyer approves the proposal: the split is confirmed. The ERP sees a new line with an "
        "empty position.",
        "order/approve-proposal",
        {"linePositions": ["0003"]},
    ),
    (
        "The buyer's ERP gives the new line position 0004 and sends it with its originalPosition "
        "(decision D105): nothing else changes, the line stays Confirmed.",
        "order/single-delivery",
        {
            "order": {"purchaseOrderNumber": _PO},
            "lines": [
                {"position": "0003", "scheduledDelivery": {"date": "2026-03-16", "quantity": 6}},
                {
                    "position": "0004",
                    "originalPosition": "0003",
                    "scheduledDelivery": {"date": "2026-04-13", "quantity": 4},
                },
            ],
        },
    ),
    (
        "The buyer cancels split line 0002 on its own: it is removed from line 0001's delivery "
        "schedule; line 0001 is not cancelled.",
        "order/single-delivery",
        {
            "order": {"purchaseOrderNumber": _PO},
            "lines": [
                {"position": "0002", "originalPosition": "0001", "indicators": {"cancelled": True}}
            ],
        },
    ),
)


def _native(order: Order) -> list[dict[str, Any]]:
    """The parts of Tradecloud's order that single delivery reshapes, per line."""
    lines = []
    for line in dump_order(order)["lines"]:
        shown: dict[str, Any] = {
            "position": line["buyerLine"]["position"],
            "deliverySchedule": line["buyerLine"].get("deliverySchedule", []),
        }
        if "confirmedLine" in line:
            shown["confirmedDeliverySchedule"] = line["confirmedLine"].get("deliverySchedule", [])
        supplier = line.get("supplierLine", {}).get("requests", {})
        for name, request in supplier.items():
            if request.get("status") == "Open":
                shown[f"{name}DeliverySchedule"] = request.get("deliverySchedule", [])
        status = line["status"]
        shown["status"] = _status_text(status)
        lines.append(shown)
    return lines


def _status_text(status: dict[str, str]) -> str:
    """A dumped line status as one word: ``InProgress/OpenSupplierProposal/Open``."""
    keys = ("processStatus", "inProgressStatus", "logisticsStatus")
    return "/".join(status[k] for k in keys if k in status)


def _single(order: Order) -> list[dict[str, Any]]:
    """The same order as single-delivery integrations read it, per line."""
    lines = []
    for line in dump_single_delivery_view(order)["lines"]:
        buyer, status_line, status = line["buyerLine"], line["statusLine"], line["status"]
        shown: dict[str, Any] = {"position": buyer.get("position", "")}
        if "originalPosition" in buyer:
            shown["originalPosition"] = buyer["originalPosition"]
        for name in ("scheduledDelivery", "scheduledDeliveryInclRequests"):
            if name in status_line:
                shown[name] = status_line[name]
        shown["status"] = _status_text(status)
        lines.append(shown)
    return lines


def _status(status: dict[str, str]) -> str:
    names = ("processStatus", "inProgressStatus", "logisticsStatus")
    return "/".join(status[name] for name in names if name in status)


def _compact(value: Any) -> str:
    """JSON with one line per order line, so the two columns line up."""
    rows = [to_json(item, indent=0) for item in value]
    return "[\n" + ",\n".join(f"  {row}" for row in rows) + "\n]"


def _side_by_side(order: Order) -> str:
    cells = [
        f"<td><pre><code>{html.escape(_compact(part(order)), quote=False)}</code></pre></td>"
        for part in (_native, _single)
    ]
    return (
        "<table>\n<tr><th>Tradecloud's order: one line, a delivery schedule (orderEvent)</th>"
        "<th>Single-delivery view: one line per delivery (singleDeliveryOrderEvent)</th></tr>\n"
        f"<tr>{''.join(cells)}</tr>\n</table>"
    )


def _decisions(outcome: Outcome) -> str:
    rows = [
        f"| {d.position} | {d.action} | {d.result.value} | `{d.rule.id}` |"
        for d in outcome.decisions
    ]
    if not rows:
        return "No line changes."
    return "\n".join(["| line | action | result | rule |", "|---|---|---|---|", *rows])


def single_delivery_page() -> str:
    """The Markdown of ``docs/single-delivery.md``."""
    parts = [
        "# Single delivery per order line",
        "<!-- Generated by `tradecloud-domain docs single-delivery` from "
        "tradecloud_domain/single_delivery.py. Do not edit: run `make docs`. -->",
        "Tradecloud keeps every order line with a delivery schedule. ERP systems that hold one "
        "delivery per order line send `order/single-delivery` instead (one `scheduledDelivery` "
        "per line; a line split from another names it in `originalPosition`) and read the order "
        "back split into one line per delivery ([api/delivery-schedule.md]"
        f"({_DOCS}api/delivery-schedule.md)). The library translates such a message into the "
        "`/order` message it means and applies it through the same rules; "
        "`single_delivery_view(order)` computes the single-delivery view from the order, and "
        "`tradecloud-domain apply ... --view single-delivery` shows it.",
        "An order is in single-delivery mode once it was issued or updated through "
        "`order/single-delivery`; the state marks it with "
        "`buyerOrder.singleDeliveryPerOrderLine: true` (decision D100).",
        "## A walk through both views",
        "Each step below is a message applied by the library to the order of the step before; "
        "the columns show the order after it.",
    ]
    order: Order | None = None
    for number, (what, route, body) in enumerate(WALKTHROUGH, start=1):
        outcome = apply(order, parse_message(route, body))
        assert outcome.order is not None
        order = outcome.order
        parts += [
            f"### {number}. {what}",
            f"`POST /{route}`:\n\n```json\n{to_json(body)}\n```",
            _side_by_side(order),
            _decisions(outcome),
        ]
    rules = [rule for rule in RULES.values() if rule.id.startswith("single-delivery.")]
    parts += [
        "## The single-delivery rules",
        "| rule | what it says | source |\n|---|---|---|\n"
        + "\n".join(f"| `{r.id}` | {r.text} | {page_link(r.page)} |" for r in rules),
        "## Not supported for single delivery",
        "For an order in single-delivery mode these are refused with the rule code "
        "`single-delivery.unsupported` (decision D104), never applied silently:\n\n"
        + "\n".join(
            f"- `/{route}` ({page_link(page)})" for route, page in UNSUPPORTED_ROUTES.items()
        )
        + "\n- `deliveryHistory` on `/order` lines, and `deliverySchedule` or `deliveryHistory` "
        "on `order/single-delivery` lines ([order/buyer/update.md]"
        f"({_DOCS}order/buyer/update.md)).",
        "## Deliveries and logistics",
        "- `actualDelivery` is the delivery history entry at its line's position in the original "
        "line's history, replaced when sent again; overdue counts it as of `--today` (decision "
        "D111).\n"
        "- The `status` of a `scheduledDelivery`, and `shipped` or `delivered` on some of the "
        "primary and split lines, go onto their delivery lines; the view shows them with `etd` "
        "and `eta` in `statusLine.scheduledDelivery` (decision D108); its `transportMode` is kept "
        "on the delivery line (decision D137).",
        "## Not modelled yet",
        "- Webhook payloads in single-delivery mode (`singleDeliveryOrderEvent`): the outcome's "
        "events name the order's line positions, not those of the view.",
    ]
    return "\n\n".join(parts) + "\n"
