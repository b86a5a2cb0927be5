"""Benchmark of ``tradecloud-domain serve``: requests per second through a real server process.

Run with ``make bench-serve`` (or ``.venv/bin/python bench/serve.py``). It starts one
``python -m tradecloud_domain serve`` process and sends it ``/order/indicators`` cancel requests
(``apply`` with a state) for orders of 1 and 500 lines, two ways:

- lock-step: send one request, wait for its answer, send the next (a client that needs each
  answer before it goes on);
- pipelined: a thread writes every request while the main thread reads the answers (how
  ``docs/run-vectors.mjs`` uses it).

Every answer is parsed and checked (its id, HTTP 200, one decision per line). The goals: at least
1,000 one-line applies and 50 applies of 500 lines a second, lock-step; exit status 1 when one is
missed. Times are the best of several repeats, in wall-clock time: on a shared machine they
include waiting for a core. So, where Linux tells it (``/proc``), the server's own CPU time per
lock-step request is shown too, with the rate it alone would allow.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from typing import IO, Any

GOALS = {1: 1000.0, 500: 50.0}
PO = "PO-BENCH"


def request(request_id: int, lines: int) -> str:
    """One apply request: cancel the whole order of ``lines`` Issued lines."""
    state = {
        "buyerOrder": {"purchaseOrderNumber": PO},
        "lines": [
            {
                "buyerLine": {"position": f"{n:04d}"},
                "status": {"processStatus": "Issued", "logisticsStatus": "Open"},
            }
            for n in range(lines)
        ],
    }
    message = {"order": {"purchaseOrderNumber": PO, "indicators": {"cancelled": True}}}
    body = {
        "id": request_id,
        "command": "apply",
        "route": "order/indicators",
        "message": message,
        "state": state,
    }
    return json.dumps(body, separators=(",", ":")) + "\n"


def check(line: str, request_id: int, lines: int) -> None:
    answer: dict[str, Any] = json.loads(line)
    result = answer.get("result")
    if answer.get("id") != request_id or not result or result["httpStatus"] != 200:
        raise SystemExit(f"unexpected answer to request {request_id}: {line[:300]}")
    if len(result["decisions"]) != lines:
        raise SystemExit(f"answer {request_id} has {len(result['decisions'])} decisions")


def lock_step(server: subprocess.Popen[str], count: int, lines: int) -> float:
    stdin, stdout = _pipes(server)
    texts = [request(n, lines) for n in range(count)]
    start = time.perf_counter()
    for n, text in enumerate(texts):
        stdin.write(text)
        stdin.flush()
        check(stdout.readline(), n, lines)
    return count / (time.perf_counter() - start)


def pipelined(server: subprocess.Popen[str], count: int, lines: int) -> float:
    stdin, stdout = _pipes(server)
    texts = [request(n, lines) for n in range(count)]

    def write() -> None:
        for text in texts:
            stdin.write(text)
        stdin.flush()

    start = time.perf_counter()
    writer = threading.Thread(target=write)
    writer.start()
    for n in range(count):
        check(stdout.readline(), n, lines)
    writer.join()
    return count / (time.perf_counter() - start)


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user and system) the process ``pid`` has used so far; ``None`` where
    ``/proc`` does not tell."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pipes(server: subprocess.Popen[str]) -> tuple[IO[str], IO[str]]:
    if server.stdin is None or server.stdout is None:  # pragma: no cover - opened with PIPE
        raise SystemExit("the server has no pipes")
    return server.stdin, server.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-m", "tradecloud_domain", "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1 << 16,
    )
    figures: dict[str, dict[str, float]] = {}
    try:
        for lines, count in ((1, 2000), (500, 60)):
            lock_step(server, count // 10, lines)  # warm up
            before = cpu_seconds(server.pid)
            best = max(lock_step(server, count, lines) for _ in range(args.repeats))
            after = cpu_seconds(server.pid)
            figures[str(lines)] = {
                "lock-step": best,
                "pipelined": max(pipelined(server, count, lines) for _ in range(args.repeats)),
            }
            if before is not None and after is not None:
                figures[str(lines)]["server CPU per request"] = (after - before) / (
                    count * args.repeats
                )
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=30)
    if server.returncode != 0:
        raise SystemExit(f"the server exited with {server.returncode}")
    missed = [lines for lines, goal in GOALS.items() if figures[str(lines)]["lock-step"] < goal]
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        version = platform.python_version()
        print(f"tradecloud-domain serve, CPython {version}, {args.repeats} repeats")
        print(f"{'lines':>5}  {'lock-step':>14}  {'pipelined':>14}  goal")
        for lines, goal in GOALS.items():
            got = figures[str(lines)]
            print(
                f"{lines:>5}  {got['lock-step']:>10,.0f} / s  {got['pipelined']:>10,.0f} / s  "
                f">= {goal:,.0f} / s {'(missed)' if lines in missed else 'met'}"
            )
        for lines in GOALS:
            cpu = figures[str(lines)].get("server CPU per request")
            if cpu is not None:
                print(
                    f"{lines:>5} lines: the server's CPU time per lock-step request "
                    f"{cpu * 1e3:.2f} ms ({1 / cpu:,.0f} / s if it had a core to itself)"
                )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
