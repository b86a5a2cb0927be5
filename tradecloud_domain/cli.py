"""The command line: the only module that reads files or prints.

    tradecloud-domain apply ROUTE MESSAGE [--state FILE] [--verification available|unavailable]
                            [--now DATETIME] [--format table|json|webhooks]
    tradecloud-domain validate ROUTE MESSAGE [--format table|json]
    tradecloud-domain vectors OUTDIR
    tradecloud-domain docs PAGE

Exit status: 0 when Tradecloud answers 200 or 202 (``validate``: valid), 3 when it answers 404,
4 when it answers 409 (a stale order version), 2 for invalid input or usage (``apply`` writes
the problems, with their JSON paths, to standard error; ``validate`` prints them as its
output), 1 for an unexpected failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final, TextIO

from . import __version__
from .apply import Outcome, apply
from .codec import dump_outcome, dump_webhooks, from_json, parse_message, parse_state, to_json
from .docgen import PAGES
from .entities import LineStatus, Order
from .errors import InvalidInput
from .machine import aggregate
from .readmodel import Instant
from .statuses import Route
from .validation import validate, validate_order
from .vectors import vectors

__all__ = [
    "EXIT_CONFLICT",
    "EXIT_INVALID",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "build_parser",
    "build_parsers",
    "main",
]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 2
EXIT_NOT_FOUND: Final = 3
EXIT_CONFLICT: Final = 4
PROG: Final = "tradecloud-domain"
STATE: Final = "state"  # the pseudo-route of `validate` for an order read model


class CliError(Exception):
    """A problem to report on standard error before exiting with :data:`EXIT_INVALID`."""


def _read(name: str, stdin: TextIO) -> str:
    if name == "-":
        return stdin.read()
    try:
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise CliError(f"cannot read {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CliError(f"cannot read {name}: not UTF-8 text ({exc.reason})") from None


def _load(name: str, what: str, stdin: TextIO) -> object:
    try:
        return from_json(_read(name, stdin))
    except InvalidInput as exc:
        raise _invalid(what, name, exc) from None


def _invalid(what: str, name: str, exc: InvalidInput) -> CliError:
    source = "standard input" if name == "-" else name
    lines = "\n".join(f"  {problem}" for problem in exc.problems)
    return CliError(f"invalid {what} ({source}):\n{lines}")


def _status(status: LineStatus | None) -> str:
    if status is None:
        return "-"
    process = status.process_status.value
    if status.in_progress_status is not None:
        process += f"({status.in_progress_status.value})"
    return f"{process}/{status.logistics_status.value}"


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def render_table(before: Order | None, outcome: Outcome) -> str:
    """The outcome for people: one row per line, before -> after, and the rules that decided."""
    out = [f"HTTP {outcome.http_status}: {outcome.rule.text}"]
    if outcome.order is None:
        return "\n".join(out)
    old = aggregate(before.lines) if before is not None else None
    new = aggregate(outcome.order.lines)
    was = f"{old.process_status.value}/{old.logistics_status.value}" if old else "-"
    out.append(
        f"order {outcome.order.purchase_order_number}: "
        f"{was} -> {new.process_status.value}/{new.logistics_status.value}"
    )
    previous = {line.position: line.status for line in before.lines} if before else {}
    rows = [["position", "before", "after", "why"]]
    for line in outcome.order.lines:
        steps = [d for d in outcome.decisions if d.position == line.position]
        why = ", ".join(f"{d.action} {d.result.value} ({d.rule.id})" for d in steps)
        rows.append(
            [line.position, _status(previous.get(line.position)), _status(line.status), why or "-"]
        )
    known = {line.position for line in outcome.order.lines}
    rows.extend(
        [d.position, "-", "-", f"{d.action} {d.result.value} ({d.rule.id})"]
        for d in outcome.decisions
        if d.position not in known
    )
    out.extend(["", _table(rows)])
    if outcome.events:
        out.extend(["", "events:"])
        out.extend(f"  {e.name}: {', '.join(e.positions)}" for e in outcome.events)
    if outcome.decisions:
        out.extend(["", "reasons:"])
        out.extend(f"  {d.position} {d.action}: {d.reason}" for d in outcome.decisions)
    return "\n".join(out)


def _apply(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    if args.message == "-" and args.state == "-":
        raise CliError("MESSAGE and --state cannot both be read from standard input")
    state: Order | None = None
    if args.state is not None:
        data = _load(args.state, "state", stdin)
        try:
            state = parse_state(data)
        except InvalidInput as exc:
            raise _invalid("state", args.state, exc) from None
    now = None
    if args.now is not None:
        now = Instant.parse(args.now)
        if now is None:
            raise CliError(f"--now {args.now!r} is not a date-time such as 2026-07-01T09:30:00Z")
    data = _load(args.message, "message", stdin)
    try:
        message = parse_message(args.route, data)
        outcome = apply(
            state, message, verification_available=args.verification == "available", now=now
        )
    except InvalidInput as exc:
        raise _invalid("message", args.message, exc) from None
    if args.format == "json":
        stdout.write(to_json(dump_outcome(outcome)) + "\n")
    elif args.format == "webhooks":
        stdout.writelines(to_json(body, indent=0) + "\n" for body in dump_webhooks(outcome))
    else:
        stdout.write(render_table(state, outcome) + "\n")
    return {404: EXIT_NOT_FOUND, 409: EXIT_CONFLICT}.get(outcome.http_status, EXIT_OK)


def _docs(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    stdout.write(PAGES[args.page]())
    return EXIT_OK


def _vectors(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    folder = Path(args.outdir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = vectors()
        for name, vector in written.items():
            (folder / f"{name}.json").write_text(to_json(vector) + "\n", encoding="utf-8")
        (folder / "index.json").write_text(to_json(sorted(written)) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {folder}: {exc.strerror or exc}") from None
    stdout.write(f"{len(written)} vectors written to {folder}\n")
    return EXIT_OK


def _validate(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    try:
        data = from_json(_read(args.message, stdin))
    except InvalidInput as invalid:
        problems = invalid.problems
    else:
        problems = validate_order(data) if args.route == STATE else validate(args.route, data)
    if args.format == "json":
        shape = {
            "valid": not problems,
            "problems": [{"path": p.path, "code": p.code, "message": p.message} for p in problems],
        }
        stdout.write(to_json(shape) + "\n")
    elif problems:
        rows = [["path", "code", "problem"]]
        rows += [[p.path or "(document)", p.code, p.message] for p in problems]
        count = len(problems)
        stdout.write(f"{count} problem{'s' if count != 1 else ''}\n\n{_table(rows)}\n")
    else:
        stdout.write("valid\n")
    return EXIT_INVALID if problems else EXIT_OK


class _Formatter(argparse.HelpFormatter):
    """Help at a fixed width, so it reads the same in every terminal and in the docs."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=88, max_help_position=30)


def _add_format(parser: argparse.ArgumentParser, *extra: str, help: str = "") -> None:
    parser.add_argument(
        "--format",
        choices=["table", "json", *extra],
        default="table",
        help="table for people (default), json for programs" + help,
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; the CLI reference in ``docs/`` is generated from it."""
    return build_parsers()[0]


def build_parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The argument parser and the parser of each of its commands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=_Formatter,
        description="What Tradecloud does with an order message, offline, rule by rule.",
        epilog="Exit status: 0 for HTTP 200/202, 3 for HTTP 404, 4 for HTTP 409, 2 for invalid "
        "input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "apply",
        formatter_class=_Formatter,
        help="apply a message to an order and show the outcome",
        description="Apply MESSAGE (a JSON body for ROUTE) to the order in --state (none: the "
        "order does not exist yet) and print the HTTP status, the order after and every "
        "decision with its rule.",
    )
    run.add_argument(
        "route",
        metavar="ROUTE",
        choices=[r.value for r in Route],
        help="one of " + ", ".join(r.value for r in Route),
    )
    run.add_argument(
        "message", metavar="MESSAGE", help="JSON file with the message body, - for standard input"
    )
    run.add_argument(
        "--state",
        metavar="FILE",
        help="JSON file with the current order: the order read model (as polling returns it), "
        "a webhook body (its orderEvent), or a previous --format json output (its order)",
    )
    run.add_argument(
        "--now",
        metavar="DATETIME",
        help="the moment the message is processed, such as 2026-07-01T09:30:00Z: stamps "
        "lastUpdatedAt and eventDates (left out: no dates are stamped)",
    )
    run.add_argument(
        "--verification",
        choices=["available", "unavailable"],
        default="available",
        help="whether /order/indicators and /order-response can verify the purchase order "
        "number (unavailable: 202, queued); default: available",
    )
    _add_format(
        run,
        "webhooks",
        help=", webhooks for the webhook bodies Tradecloud would POST (one JSON object a line)",
    )
    run.set_defaults(handler=_apply)

    check = commands.add_parser(
        "validate",
        formatter_class=_Formatter,
        help="check a message (or a state) against Tradecloud's API rules",
        description="Print every problem of MESSAGE as a body for ROUTE, each with its JSON path "
        "and rule code; ROUTE 'state' checks an order read model instead. Exit 0 when valid, "
        "2 otherwise.",
    )
    check.add_argument(
        "route",
        metavar="ROUTE",
        choices=[*(r.value for r in Route), STATE],
        help="one of " + ", ".join([*(r.value for r in Route), STATE]),
    )
    check.add_argument("message", metavar="MESSAGE", help="JSON file, - for standard input")
    _add_format(check)
    check.set_defaults(handler=_validate)

    emit = commands.add_parser(
        "vectors",
        formatter_class=_Formatter,
        help="write the conformance vectors (language-neutral JSON test cases)",
        description="Write one JSON file per conformance vector, and index.json listing them, "
        "into OUTDIR: at least one vector per rule row of the rules page, plus edge cases of "
        "scope, precedence and verification. See docs/testing.md for the format.",
    )
    emit.add_argument("outdir", metavar="OUTDIR", help="folder to write into (created if needed)")
    emit.set_defaults(handler=_vectors)

    docs = commands.add_parser(
        "docs",
        formatter_class=_Formatter,
        help="print a documentation page generated from the code (Markdown)",
        description="Print a page of docs/ as generated from the library: "
        + ", ".join(f"{name} (docs/{name}.md)" for name in PAGES)
        + ".",
    )
    docs.add_argument(
        "page", metavar="PAGE", choices=list(PAGES), help="one of " + ", ".join(PAGES)
    )
    docs.set_defaults(handler=_docs)
    return parser, {"apply": run, "validate": check, "vectors": emit, "docs": docs}


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI; returns the exit status instead of exiting (the console script exits)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        code: int = args.handler(args, stdin, stdout)
    except CliError as exc:
        stderr.write(f"{PROG}: {exc}\n")
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (``| head``): like other Unix tools, stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: one line for the user, never a traceback
        stderr.write(f"{PROG}: internal error, please report: {type(exc).__name__}: {exc}\n")
        return 1
    return code
