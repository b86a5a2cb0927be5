"""Side-by-side benchmark of the whole path: apply, text in and out, start-up, memory.

Run with ``make bench`` (or ``.venv/bin/python bench/bench.py``). Everything compared is measured
in this one run, side by side, so the ratios compare like with like on a shared machine:

1. ``apply`` of an order-level cancel (``/order/indicators``) on orders of 1, 50 and 500 lines,
   against the same rule hand-written over the same frozen attrs records (the baseline), and
   against a ``transitions`` machine created per line (the common way), for contrast;
2. text in, text out for a 500-line order with items, delivery schedules and prices:
   ``from_json`` -> ``parse_order`` -> ``apply`` -> ``dump_order`` -> ``to_json``, against
   ``json.loads`` + ``json.dumps`` of the same text; ``validate_order`` against ``json.loads``;
   and, for information, ``json.dumps`` of the output (larger than the input: the read model's
   derived line fields) against ``json.dumps`` of the input;
3. start-up, in fresh processes: ``import tradecloud_domain`` against a bare ``python -c pass``,
   and one CLI call (``tradecloud-domain apply``);
4. peak memory for the largest valid order, 500 lines of 100 delivery lines each.

In-process figures are CPU seconds of this process (``time.process_time``): work done by other
processes on the machine does not count. The compared operations take turns within each repeat,
and each figure is the median of the repeats. Start-up figures are medians over fresh processes,
the commands taking turns: their CPU time as the kernel accounts it (the goals), and wall-clock
time for information.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
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
    from_json,
    parse_message,
    parse_order,
    to_json,
    validate_order,
)
from tradecloud_domain.codec import dump_order_text
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


def side_by_side(
    fns: dict[str, Callable[[], Any]], repeats: int, budget: float
) -> dict[str, float]:
    """CPU seconds per call of each function: the median of ``repeats`` rounds; in each round
    every function runs in turn, enough times to last about ``budget`` seconds."""
    numbers = {}
    for name, fn in fns.items():
        start = time.process_time()
        fn()
        numbers[name] = max(1, int(budget / max(time.process_time() - start, 1e-7)))
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            number = numbers[name]
            start = time.process_time()
            for _ in range(number):
                fn()
            samples[name].append((time.process_time() - start) / number)
    return {name: statistics.median(values) for name, values in samples.items()}


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:9.2f} µs"
    return f"{seconds * 1e3:9.3f} ms"


def _status_json(status: LineStatus) -> dict[str, str]:
    shape = {
        "processStatus": status.process_status.value,
        "logisticsStatus": status.logistics_status.value,
    }
    if status.in_progress_status is not None:
        shape["inProgressStatus"] = status.in_progress_status.value
    return shape


def _money(value: str) -> dict[str, Any]:
    return {"priceInTransactionCurrency": {"value": Decimal(value), "currencyIso": "EUR"}}


def order_text(lines: int, deliveries: int) -> str:
    """A state as Tradecloud sends it: ``lines`` lines cycling through every line status, each
    with an item, ``deliveries`` delivery lines and gross and net prices."""
    body = []
    for i in range(lines):
        schedule = [
            {
                "position": str(k + 1),
                "date": f"2027-{k % 12 + 1:02d}-{i % 28 + 1:02d}",
                "quantity": Decimal(f"{10 * (k + 1) + i % 7}.5"),
            }
            for k in range(deliveries)
        ]
        buyer_line = {
            "position": f"{i + 1:04d}",
            "item": {
                "number": f"ITEM-{i}",
                "revision": "A",
                "name": f"Item number {i}",
                "purchaseUnitOfMeasureIso": "PCE",
                "supplierItemNumber": f"S-{i}",
            },
            "deliverySchedule": schedule,
            "prices": {
                "grossPrice": _money("12.34"),
                "discountPercentage": Decimal(5),
                "netPrice": _money("11.72"),
                "priceUnitOfMeasureIso": "PCE",
                "priceUnitQuantity": Decimal(1),
            },
        }
        status = LINE_STATUSES[i % len(LINE_STATUSES)]
        body.append({"buyerLine": buyer_line, "status": _status_json(status)})
    header = {"purchaseOrderNumber": PO, "supplierAccountNumber": "SUP-1", "description": "bench"}
    return to_json({"buyerOrder": header, "lines": body}, indent=0)


def processes(
    commands: dict[str, list[str]],
    runs: int,
    paths: dict[str, str] | None = None,
    cwd: str | None = None,
) -> dict[str, float]:
    """Seconds of each command as a fresh process, ``<name>`` its CPU time (user + system, as
    the kernel accounts it: other work on the machine does not count) and ``<name>_wall`` its
    wall-clock time: medians of ``runs``, the commands taking turns (after one unmeasured
    round, which writes the bytecode caches as an install does). A command named in ``paths``
    runs with that folder first on ``PYTHONPATH`` (``cwd``, which comes before it on the path of
    ``python -c`` and ``-m``, had better hold no package of the same name)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    samples: dict[str, list[float]] = {}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            folder = (paths or {}).get(name)
            own = env if folder is None else {**env, "PYTHONPATH": folder}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, env=own, stdout=subprocess.DEVNULL, cwd=cwd)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            if round_:
                samples.setdefault(name, []).append(cpu)
                samples.setdefault(f"{name}_wall", []).append(wall)
    return {name: statistics.median(values) for name, values in samples.items()}


def peak_memory(text: str, cancel: Any) -> tuple[int, int]:
    """Peak bytes the Python heap holds above the text while the text goes in, through apply,
    and out (``tracemalloc``), and the text's own size."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        after = apply(parse_order(from_json(text)), cancel).order
        assert after is not None
        out = dump_order_text(after)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(out) > len(text) // 2
    return peak - base, len(text)


def bench_text(cancel: Any, repeats: int, budget: float) -> dict[str, float]:
    """Section 2: text in, text out, and its parts."""
    text = order_text(500, 2)
    data = from_json(text)
    state = parse_order(data)
    after = apply(state, cancel).order
    assert after is not None and validate_order(data) == ()
    assert dump_order_text(after) == to_json(dump_order(after), indent=0)
    assert parse_order(from_json(dump_order_text(after))) == after

    def text_in_text_out() -> str:
        outcome = apply(parse_order(from_json(text)), cancel)
        assert outcome.order is not None
        return dump_order_text(outcome.order)

    def through_json_values() -> str:
        # The same text out by way of the JSON values: dump_order, then to_json.
        outcome = apply(parse_order(from_json(text)), cancel)
        assert outcome.order is not None
        return to_json(dump_order(outcome.order), indent=0)

    # The read model written back holds more than it was given (the derived line fields, and
    # parts written in full): the standard library writing the same output, for comparison.
    output = text_in_text_out()
    plain_input, plain_output = json.loads(text), json.loads(output)

    times = side_by_side(
        {
            "full": text_in_text_out,
            "stdlib": lambda: json.dumps(json.loads(text)),
            "full via values": through_json_values,
            "json.loads": lambda: json.loads(text),
            "validate_order": lambda: validate_order(data),
            "from_json": lambda: from_json(text),
            "parse_order": lambda: parse_order(data),
            "apply": lambda: apply(state, cancel),
            "dump_order": lambda: dump_order(after),
            "to_json": lambda: to_json(dump_order(after), indent=0),
            "dump_order_text": lambda: dump_order_text(after),
            "dumps input": lambda: json.dumps(plain_input),
            "dumps output": lambda: json.dumps(plain_output),
        },
        repeats,
        budget,
    )
    print()
    print(
        f"2. text in, text out: a 500-line order, {len(text):,} characters of JSON in, "
        f"{len(output):,} out"
    )
    for name, value in times.items():
        print(f"   {name:<16}{fmt(value)}")
    print(
        f"   text in -> text out / json.loads + json.dumps: {times['full'] / times['stdlib']:.2f}x"
        f"; validate_order / json.loads: {times['validate_order'] / times['json.loads']:.2f}x"
    )
    print(
        "   text out by way of the JSON values (dump_order, to_json) instead of dump_order_text: "
        f"{times['full via values'] / times['stdlib']:.2f}x"
    )
    same_output = times["json.loads"] + times["dumps output"]
    print(
        f"   the output is {len(output) / len(text):.2f}x the input; json.dumps of it takes "
        f"{times['dumps output'] / times['dumps input']:.2f}x json.dumps of the input. For "
        f"information, against json.loads of the input + json.dumps of the same output: "
        f"{times['full'] / same_output:.2f}x"
    )

    return times


def bench_start_up(runs: int, baseline: str | None = None) -> dict[str, float]:
    """Section 3: start-up in fresh processes; with ``baseline`` (a folder holding another
    ``tradecloud_domain`` package), that package's import and CLI call take turns with these."""
    with tempfile.TemporaryDirectory() as folder:
        state_file = Path(folder, "state.json")
        state_file.write_text(to_json(dump_order(make_order(4))))
        message_file = Path(folder, "message.json")
        message_file.write_text(
            to_json({"order": {"purchaseOrderNumber": PO, "indicators": {"cancelled": True}}})
        )
        cli = [sys.executable, "-m", "tradecloud_domain"]
        state = str(state_file)
        commands = {
            "bare": [sys.executable, "-c", "pass"],
            "import": [sys.executable, "-c", "import tradecloud_domain"],
            "cli": [*cli, "apply", "order/indicators", str(message_file), "--state", state],
        }
        paths = {}
        if baseline is not None:
            for name in ("import", "cli"):
                commands[f"baseline_{name}"] = commands[name]
                paths[f"baseline_{name}"] = baseline
        started = processes(commands, runs, paths, cwd=folder)
    print()
    print(f"3. start-up: fresh processes, median of {runs}: CPU time (wall-clock time)")
    rows = [
        ("python -c pass", "bare"),
        ("import tradecloud_domain", "import"),
        ("one CLI call (apply, 4 lines)", "cli"),
    ]
    if baseline is not None:
        rows += [
            ("import, --baseline", "baseline_import"),
            ("one CLI call, --baseline", "baseline_cli"),
        ]
    for label, name in rows:
        print(f"   {label:<31}{fmt(started[name])}  ({fmt(started[name + '_wall']).strip()})")
    for label, name in (("", "import"), (", --baseline", "baseline_import")):
        if name in started:
            print(
                f"   import over bare python{label}: {fmt(started[name] - started['bare']).strip()}"
                f" ({fmt(started[name + '_wall'] - started['bare_wall']).strip()})"
            )

    return started


_PEAK_SCRIPT = """
import resource, sys
from tradecloud_domain import apply, from_json, parse_message, parse_order
from tradecloud_domain.codec import dump_order_text
text = open(sys.argv[1], encoding="utf-8").read()
cancel = parse_message("order/indicators", {"order": {"purchaseOrderNumber": sys.argv[2],
                                            "indicators": {"cancelled": True}}})
out = dump_order_text(apply(parse_order(from_json(text)), cancel).order)
try:  # this process's own high-water mark (ru_maxrss keeps the parent's over fork and exec)
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(int(f.split()[1]) for f in status if f.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak * 1024)
"""


def process_peak_memory(text: str) -> int:
    """Peak resident bytes of a fresh process that reads ``text`` from a file, applies a cancel
    and writes the outcome's order as text: Linux's ``VmHWM`` of the process (in KiB). Its
    ``ru_maxrss`` would not do: it keeps the high-water mark of the process it was forked from,
    here the benchmark itself, over ``exec``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "order.json")
        path.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", _PEAK_SCRIPT, str(path), PO],
            check=True,
            capture_output=True,
            text=True,
        )
    return int(done.stdout)


def text_goals(times: dict[str, float]) -> list[tuple[str, float, float]]:
    """The goals of section 2: text in, text out and validate_order against the stdlib."""
    return [
        ("text in, text out <= 3x json.loads + json.dumps", times["full"] / times["stdlib"], 3.0),
        ("validate_order <= 3x json.loads", times["validate_order"] / times["json.loads"], 3.0),
    ]


def start_up_goals(started: dict[str, float]) -> list[tuple[str, float, float]]:
    """The start-up goals: CPU time of fresh processes (section 3)."""
    return [
        (
            "import tradecloud_domain <= 120 ms over bare python (CPU)",
            (started["import"] - started["bare"]) * 1e3,
            120.0,
        ),
        ("one CLI call <= 150 ms (CPU)", started["cli"] * 1e3, 150.0),
    ]


def check(goals: list[tuple[str, float, float]], figures: dict[str, float], as_json: bool) -> int:
    """Print each goal as met or missed (and the figures as JSON when asked); the exit status."""
    print()
    failed = 0
    for name, value, limit in goals:
        ok = value <= limit
        failed += not ok
        print(f"  {'PASS' if ok else 'FAIL'}  {name}  (measured {value:.3g}, limit {limit:.3g})")
    if as_json:
        print(json.dumps({k: round(v, 9) for k, v in figures.items()}, indent=2))
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.2, help="seconds per repeat")
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per command")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument(
        "--only",
        choices=["start-up", "text"],
        help="run one section alone, with its goals (start-up: section 3; text: section 2)",
    )
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="with --only start-up: also time the tradecloud_domain package in DIR (for example "
        "a `git worktree` of an older commit), taking turns with this one",
    )
    args = parser.parse_args()
    if args.only == "start-up":
        print(f"python {platform.python_version()} on {platform.machine()} ({platform.platform()})")
        started = bench_start_up(args.runs, args.baseline)
        only = {f"start_{name}": value for name, value in started.items()}
        return check(start_up_goals(started), only, args.json)

    cancel = parse_message(
        "order/indicators",
        {"order": {"purchaseOrderNumber": PO, "indicators": {"cancelled": True}}},
    )
    if args.only == "text":
        print(f"python {platform.python_version()} on {platform.machine()} ({platform.platform()})")
        times = bench_text(cancel, args.repeats, args.budget)
        only = {f"text_{name}_500": value for name, value in times.items()}
        return check(text_goals(times), only, args.json)
    figures: dict[str, float] = {}
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.platform()})")
    print()
    print("1. apply, an order-level cancel")
    print(
        f"{'lines':>5}  {'apply':>12}  {'hand-written':>12}  {'machine/line':>12}  "
        f"{'apply/hand':>10}  {'machine/apply':>13}"
    )
    for n in (1, 50, 500):
        order = make_order(n)
        # The three must agree, or the comparison means nothing.
        result = apply(order, cancel).order
        assert result == hand_written_cancel(order) == machine_per_line_cancel(order)
        times = side_by_side(
            {
                "apply": functools.partial(apply, order, cancel),
                "hand": functools.partial(hand_written_cancel, order),
            },
            args.repeats,
            args.budget,
        )
        (t_machine,) = side_by_side(
            {"machine": functools.partial(machine_per_line_cancel, order)},
            max(3, args.repeats // 2),
            args.budget,
        ).values()
        t_apply, t_hand = times["apply"], times["hand"]
        figures |= {f"apply_{n}": t_apply, f"hand_{n}": t_hand, f"machine_{n}": t_machine}
        print(
            f"{n:>5}  {fmt(t_apply)}  {fmt(t_hand)}  {fmt(t_machine)}  "
            f"{t_apply / t_hand:>9.2f}x  {t_machine / t_apply:>12.1f}x"
        )

    big = make_order(500)

    def apply_and_explain() -> int:
        outcome = apply(big, cancel)
        return len(outcome.decisions) + len(outcome.events)

    t_explained = side_by_side({"explained": apply_and_explain}, args.repeats, args.budget)
    figures["apply_and_read_decisions_500"] = t_explained["explained"]
    print(
        f"500 lines, apply and then read every decision and event: "
        f"{fmt(figures['apply_and_read_decisions_500'])} "
        f"({figures['apply_and_read_decisions_500'] / figures['apply_500']:.1f}x apply alone: "
        "outcomes build their decisions when first read)"
    )

    times = bench_text(cancel, args.repeats, args.budget)
    figures |= {f"text_{name}_500": value for name, value in times.items()}
    started = bench_start_up(args.runs)
    figures |= {f"start_{name}": value for name, value in started.items()}

    largest_text = order_text(500, 100)
    largest, size = peak_memory(largest_text, cancel)
    process_peak = process_peak_memory(largest_text)
    figures |= {"peak_heap_bytes_500x100": largest, "peak_rss_bytes_500x100": process_peak}
    print()
    print(f"4. peak memory, 500 lines x 100 delivery lines ({size / 2**20:.1f} MiB of JSON):")
    print(f"   Python heap, text in to text out (tracemalloc)   {largest / 2**20:6.1f} MiB")
    print(f"   whole process doing the same (peak RSS)           {process_peak / 2**20:6.1f} MiB")

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
        *text_goals(times),
        *start_up_goals(started),
    ]
    return check(goals, figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
