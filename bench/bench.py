"""Side-by-side benchmark of ``apply`` (issue: speed as an oracle needs it).

Run with ``make bench`` (or ``.venv/bin/python bench/bench.py``). Everything is measured in this
one process and run, so the ratios compare like with like:

1. ``apply`` of an order-level cancel (``/order/indicators``) on orders of 1, 50 and 500 lines;
2. the same rule hand-written over the same frozen attrs records (the baseline): no decisions, no
   events, no rule lookup, just the documented if-statement;
3. a ``transitions`` machine created per line from the same definition as the library's one
   machine, the common way to use the library, for contrast;
4. parse + apply + dump of a 500-line order against a plain ``json`` round trip of the same text.

Times are the best of several repeats (the least disturbed run); each repeat runs the operation
enough times to last about 0.2 s.
"""

from __future__ import annotations

import argparse
import functools
import json
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

from transitions.extensions import HierarchicalMachine

from tradecloud_domain import (
    BuyerLine,
    BuyerOrder,
    Line,
    LineStatus,
    LogisticsStatus,
    Order,
    ProcessStatus,
    apply,
    dump_order,
    dump_outcome,
    from_json,
    parse_message,
    parse_order,
    to_json,
)
from tradecloud_domain.machine import LINE_STATUSES, PROCESS_DEFINITION, process_state

PO = "PO-BENCH"
CANCELLABLE = frozenset(
    {
        ProcessStatus.ISSUED,
        ProcessStatus.IN_PROGRESS,
        ProcessStatus.REJECTED,
        ProcessStatus.CONFIRMED,
    }
)
CANCELLED = LineStatus(ProcessStatus.CANCELLED, LogisticsStatus.CANCELLED)


def make_order(n: int) -> Order:
    """An order of ``n`` lines cycling through every possible line status."""
    return Order(
        BuyerOrder(PO),
        tuple(
            Line(BuyerLine(position=f"{i:05d}"), LINE_STATUSES[i % len(LINE_STATUSES)])
            for i in range(n)
        ),
    )


def hand_written_cancel(order: Order) -> Order:
    """The baseline: the cancel rule as one would write it by hand over the same records."""
    lines = []
    for line in order.lines:
        if line.status.process_status in CANCELLABLE:
            line = Line(line.buyer_line, CANCELLED, line.confirmed_line, line.supplier_line)  # noqa: PLW2901
        lines.append(line)
    return Order(order.buyer_order, tuple(lines))


class LineModel:
    """A line as the common way models it: an object that owns a machine."""

    state: str


def machine_per_line_cancel(order: Order) -> Order:
    """The common way: the same rules, a transitions machine built for each line."""
    definition = dict(PROCESS_DEFINITION)
    lines = []
    for line in order.lines:
        model = LineModel()
        status = line.status
        initial = process_state(status.process_status, status.in_progress_status)
        HierarchicalMachine(
            model=model,
            **{**definition, "initial": initial},
            ignore_invalid_triggers=True,
        )
        model.trigger("cancel")  # type: ignore[attr-defined]
        if model.state == ProcessStatus.CANCELLED.value and status != CANCELLED:
            line = Line(line.buyer_line, CANCELLED, line.confirmed_line, line.supplier_line)  # noqa: PLW2901
        lines.append(line)
    return Order(order.buyer_order, tuple(lines))


def best_time(fn: Callable[[], Any], repeats: int, budget: float) -> float:
    """Seconds per call: the best of ``repeats`` runs, each about ``budget`` seconds long."""
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    number = max(1, int(budget / once))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:9.2f} µs"
    return f"{seconds * 1e3:9.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.2, help="seconds per repeat")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    cancel = parse_message(
        "order/indicators",
        {"order": {"purchaseOrderNumber": PO, "indicators": {"cancelled": True}}},
    )
    figures: dict[str, float] = {}
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.platform()})")
    print()
    print(
        f"{'lines':>5}  {'apply':>12}  {'hand-written':>12}  {'machine/line':>12}  "
        f"{'apply/hand':>10}  {'machine/apply':>13}"
    )
    for n in (1, 50, 500):
        order = make_order(n)
        # The three must agree, or the comparison means nothing.
        result = apply(order, cancel).order
        assert result == hand_written_cancel(order) == machine_per_line_cancel(order)
        t_apply = best_time(functools.partial(apply, order, cancel), args.repeats, args.budget)
        t_hand = best_time(functools.partial(hand_written_cancel, order), args.repeats, args.budget)
        t_machine = best_time(
            functools.partial(machine_per_line_cancel, order),
            max(3, args.repeats // 2),
            args.budget,
        )
        figures |= {f"apply_{n}": t_apply, f"hand_{n}": t_hand, f"machine_{n}": t_machine}
        print(
            f"{n:>5}  {fmt(t_apply)}  {fmt(t_hand)}  {fmt(t_machine)}  "
            f"{t_apply / t_hand:>9.2f}x  {t_machine / t_apply:>12.1f}x"
        )

    big = make_order(500)

    def apply_and_explain() -> int:
        outcome = apply(big, cancel)
        return len(outcome.decisions) + len(outcome.events)

    t_explained = best_time(apply_and_explain, args.repeats, args.budget)
    figures["apply_and_read_decisions_500"] = t_explained
    print()
    print(
        f"500 lines, apply and then read every decision and event: {fmt(t_explained)} "
        f"({t_explained / figures['apply_500']:.1f}x apply alone: outcomes build their "
        "decisions when first read)"
    )

    state_text = to_json(dump_order(big))
    message_text = to_json(
        {"order": {"purchaseOrderNumber": PO, "indicators": {"cancelled": True}}}
    )

    def full_round_trip() -> str:
        order = parse_order(from_json(state_text))
        message = parse_message("order/indicators", from_json(message_text))
        return to_json(dump_outcome(apply(order, message)))

    def json_round_trip() -> str:
        return json.dumps(json.loads(state_text))

    t_full = best_time(full_round_trip, args.repeats, args.budget)
    t_json = best_time(json_round_trip, args.repeats, args.budget)
    figures |= {"parse_apply_dump_500": t_full, "json_round_trip_500": t_json}
    print()
    print(
        f"500-line order, text in -> text out: parse + apply + dump {fmt(t_full)}, "
        f"json.loads + json.dumps {fmt(t_json)}: {t_full / t_json:.1f}x"
    )

    goals = [
        (
            "apply <= 1.5x hand-written at 500 lines",
            figures["apply_500"] / figures["hand_500"],
            1.5,
        ),
        (
            "machine per line >= 100x slower than apply at 500 lines",
            figures["apply_500"] / figures["machine_500"],
            1 / 100,
        ),
        ("1-line apply <= 20 µs", figures["apply_1"] * 1e6, 20.0),
        ("500 lines <= 12x 50 lines (linear)", figures["apply_500"] / figures["apply_50"], 12.0),
    ]
    print()
    failed = 0
    for name, value, limit in goals:
        ok = value <= limit
        failed += not ok
        print(f"  {'PASS' if ok else 'FAIL'}  {name}  (measured {value:.3g}, limit {limit:.3g})")
    if args.json:
        print(json.dumps({k: round(v, 9) for k, v in figures.items()}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
