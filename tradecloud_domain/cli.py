"""The command line: the only module that reads files or prints.

    tradecloud-domain apply ROUTE MESSAGE [--state FILE] [--verification available|unavailable]
                            [--today YYYY-MM-DD] [--now DATETIME]
                            [--format table|json|webhooks]
    tradecloud-domain validate ROUTE MESSAGE [--format table|json]
    tradecloud-domain vectors OUTDIR
    tradecloud-domain docs PAGE

Exit status: 0 when Tradecloud answers 200 or 202 (``validate``: valid), 3 when it answers 404,
2 for invalid input or usage (``apply`` writes the problems, with their JSON paths, to standard
error; ``validate`` prints them as its output), 4 when standard input or output fails (closed, a
full disk), 5 when it answers 409 (a stale order version), 1 for an unexpected failure (a bug).
Characters the output's encoding cannot show are written as escapes (``\u00e9``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Final, TextIO, cast

from . import __version__
from .apply import Outcome, apply
from .codec import (
    MAX_DOCUMENT_BYTES,
    dump_outcome,
    dump_webhooks,
    parse_message,
    parse_order,
    parse_state,
    read_json,
    to_json,
)
from .deliveries import delivery_overdue
from .docgen import PAGES
from .entities import LineStatus, Order
from .errors import InvalidInput
from .machine import aggregate
from .readmodel import Instant
from .statuses import Route
from .vectors import vectors

__all__ = [
    "EXIT_BUG",
    "EXIT_CONFLICT",
    "EXIT_INVALID",
    "EXIT_IO",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "build_parser",
    "build_parsers",
    "main",
]

EXIT_OK: Final = 0
EXIT_BUG: Final = 1
EXIT_INVALID: Final = 2
EXIT_NOT_FOUND: Final = 3
EXIT_IO: Final = 4
EXIT_CONFLICT: Final = 5
PROG: Final = "tradecloud-domain"
STATE: Final = "state"  # the pseudo-route of `validate` for an order read model


class CliError(Exception):
    """A problem to report on standard error before exiting with :data:`EXIT_INVALID`."""


class IOFailure(Exception):
    """Standard input or output failed (closed, a full disk): reported, exit :data:`EXIT_IO`."""


def _describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.EBADF:
        return "it is closed"
    return str(exc.strerror or exc)


def _read(name: str, stdin: TextIO | None, max_bytes: int) -> object:
    """The JSON document in file ``name`` (``-``: standard input), within ``max_bytes``.

    Raises InvalidInput for what was read, CliError when the file named cannot be opened (a
    usage error), IOFailure when reading an open stream fails.
    """
    if name == "-":
        if stdin is None:
            raise IOFailure("cannot read standard input: it is closed")
        stream: IO[Any] = getattr(stdin, "buffer", stdin)  # bytes when there are bytes
        try:
            return read_json(stream, max_bytes=max_bytes)
        except (OSError, ValueError) as exc:  # ValueError: the stream object itself is closed
            if isinstance(exc, InvalidInput):
                raise
            reason = _describe_os_error(exc) if isinstance(exc, OSError) else "it is closed"
            raise IOFailure(f"cannot read standard input: {reason}") from None
    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below; opening is a usage error
    except OSError as exc:
        raise CliError(f"cannot read {name}: {exc.strerror or exc}") from None
    with handle:
        try:
            return read_json(handle, max_bytes=max_bytes)
        except OSError as exc:
            raise IOFailure(f"cannot read {name}: {_describe_os_error(exc)}") from None


def _load(name: str, what: str, stdin: TextIO | None, max_bytes: int) -> object:
    try:
        return _read(name, stdin, max_bytes)
    except InvalidInput as exc:
        raise _invalid(what, name, exc) from None


def _invalid(what: str, name: str, exc: InvalidInput) -> CliError:
    source = "standard input" if name == "-" else name
    lines = "\n".join(f"  {problem}" for problem in exc.problems)
    more = "" if exc.total == len(exc.problems) else f"\n  ... {exc.summary()}"
    return CliError(f"invalid {what} ({source}):\n{lines}{more}")


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


def _overdue(order: Order, today: datetime.date) -> str:
    overdue = [line.position for line in order.lines if delivery_overdue(line, today)]
    return f"delivery overdue on {', '.join(overdue)}" if overdue else "no delivery overdue"


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
    today = outcome.today
    if today is not None:
        out.append(f"as of {today.isoformat()}: {_overdue(outcome.order, today)}")
    rows = [["position", "before", "after", *(["overdue"] if today else []), "why"]]
    for line in outcome.order.lines:
        steps = [d for d in outcome.decisions if d.position == line.position]
        why = ", ".join(f"{d.action} {d.result.value} ({d.rule.id})" for d in steps)
        overdue = [] if today is None else ["yes" if delivery_overdue(line, today) else "no"]
        rows.append(
            [
                line.position,
                _status(previous.get(line.position)),
                _status(line.status),
                *overdue,
                why or "-",
            ]
        )
    known = {line.position for line in outcome.order.lines}
    rows.extend(
        [
            d.position,
            "-",
            "-",
            *(["-"] if today else []),
            f"{d.action} {d.result.value} ({d.rule.id})",
        ]
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


def _apply(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    if args.message == "-" and args.state == "-":
        raise CliError("MESSAGE and --state cannot both be read from standard input")
    state: Order | None = None
    if args.state is not None:
        data = _load(args.state, "state", stdin, args.max_bytes)
        try:
            state = parse_state(data)
        except InvalidInput as exc:
            raise _invalid("state", args.state, exc) from None
    now = None
    if args.now is not None:
        now = Instant.parse(args.now)
        if now is None:
            raise CliError(f"--now {args.now!r} is not a date-time such as 2026-07-01T09:30:00Z")
    data = _load(args.message, "message", stdin, args.max_bytes)
    try:
        message = parse_message(args.route, data)
        outcome = apply(
            state,
            message,
            verification_available=args.verification == "available",
            today=args.today,
            now=now,
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


def _docs(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    stdout.write(PAGES[args.page]())
    return EXIT_OK


def _vectors(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
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


def _validate(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    invalid: InvalidInput | None = None
    try:
        data = _read(args.message, stdin, args.max_bytes)
        if args.route == STATE:
            parse_order(data)
        else:
            parse_message(args.route, data)
    except InvalidInput as exc:
        invalid = exc
    problems = invalid.problems if invalid else ()
    total = invalid.total if invalid else 0
    if args.format == "json":
        shape = {
            "valid": not problems,
            "problemCount": total,
            "problems": [{"path": p.path, "code": p.code, "message": p.message} for p in problems],
        }
        stdout.write(to_json(shape) + "\n")
    elif invalid is not None:
        rows = [["path", "code", "problem"]]
        rows += [[p.path or "(document)", p.code, p.message] for p in problems]
        stdout.write(f"{invalid.summary()}\n\n{_table(rows)}\n")
    else:
        stdout.write("valid\n")
    return EXIT_INVALID if problems else EXIT_OK


def _as_of(text: str) -> datetime.date:
    """argparse type of ``--today``: a date yyyy-MM-dd."""
    if len(text) == len("yyyy-mm-dd"):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}")


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


def _byte_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of bytes: {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return count


def _add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        metavar="N",
        type=_byte_count,
        default=MAX_DOCUMENT_BYTES,
        help="refuse a JSON document larger than N bytes, checked while reading "
        f"(default: {MAX_DOCUMENT_BYTES:,})",
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
        epilog="Exit status: 0 for HTTP 200/202, 3 for HTTP 404, 5 for HTTP 409, 2 for invalid "
        "input or usage, 4 when standard input or output fails, 1 for a bug.",
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
    run.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=_as_of,
        help="the as-of date of the overdue indicators; without it none are shown",
    )
    _add_format(
        run,
        "webhooks",
        help=", webhooks for the webhook bodies Tradecloud would POST (one JSON object a line)",
    )
    _add_max_bytes(run)
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
    _add_max_bytes(check)
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


class _Closed(io.TextIOBase):
    """Stands for a standard stream that was closed before the program started (Python then
    sets ``sys.stdout`` to ``None``): every use fails as a closed descriptor does."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def write(self, _: str) -> int:
        raise OSError(errno.EBADF, f"standard {self.name} is closed")


def _escape_unencodable(stream: object) -> None:
    """Let a text stream write what its encoding cannot show as escapes (``\\xe9``), not fail."""
    if isinstance(stream, io.TextIOWrapper):
        with contextlib.suppress(OSError, ValueError):
            stream.reconfigure(errors="backslashreplace")


def _say(stderr: TextIO | None, text: str) -> None:
    """Write a line to standard error; a closed or failing standard error changes nothing (the
    exit status still tells)."""
    if stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stderr.write(f"{PROG}: {text}\n")
        stderr.flush()


def _discard_standard_output(stdout: TextIO) -> None:
    """After standard output failed, point its descriptor at /dev/null, so that Python's own
    flush at exit neither fails again nor changes the exit status."""
    if stdout is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI; returns the exit status instead of exiting (the console script exits).

    ``stdin``, ``stdout`` and ``stderr`` default to the process's standard streams; a standard
    stream that is closed is ``None`` there, and reading or writing it is an I/O failure
    (:data:`EXIT_IO`), except standard error, whose failures are ignored. Output streams that
    are :class:`io.TextIOWrapper` are set to write what their encoding cannot show as escapes.
    """
    stdin = stdin or sys.stdin
    out: TextIO = stdout or sys.stdout or cast(TextIO, _Closed("output"))
    stderr = stderr or sys.stderr
    for stream in (out, stderr):
        _escape_unencodable(stream)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        code: int = args.handler(args, stdin, out)
        out.flush()
    except CliError as exc:
        _say(stderr, str(exc))
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (``| head``): like other Unix tools, stop quietly.
        _discard_standard_output(out)
        return EXIT_OK
    except IOFailure as exc:
        _say(stderr, str(exc))
        return EXIT_IO
    except OSError as exc:  # writing the output failed: a full disk, a closed descriptor
        _discard_standard_output(out)
        _say(stderr, f"cannot write standard output: {_describe_os_error(exc)}")
        return EXIT_IO
    except Exception as exc:  # a bug: one line for the user, never a traceback
        _say(stderr, f"internal error, please report: {type(exc).__name__}: {exc}")
        return EXIT_BUG
    return code
