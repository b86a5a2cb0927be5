"""The command line: the only module that reads files or prints.

    tradecloud-domain apply ROUTE MESSAGE [--state FILE] [--verification available|unavailable]
                            [--strict] [--today YYYY-MM-DD] [--now DATETIME]
                            [--format table|json|webhooks] [--view order|single-delivery]
                            [--max-bytes N]
    tradecloud-domain validate ROUTE MESSAGE [--strict] [--format table|json] [--max-bytes N]
    tradecloud-domain serve
    tradecloud-domain schema ROUTE|state [--write DIR]
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
import gc
import io
import os
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, TextIO, cast

from . import __version__
from .apply import Outcome
from .codec import (
    MAX_DOCUMENT_BYTES,
    dump_single_delivery_view,
    dump_webhooks,
    from_json,
    read_json,
    to_json,
)
from .deliveries import delivery_overdue
from .entities import LineStatus, Order
from .errors import InvalidInput, Problem
from .machine import aggregate
from .protocol import answer_line, error, handle, resolve_route, to_line
from .readmodel import Instant
from .statuses import Route
from .validation import STATE

if TYPE_CHECKING:
    from .single_delivery import ViewDelivery

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
    "run",
]

EXIT_OK: Final = 0
EXIT_BUG: Final = 1
EXIT_INVALID: Final = 2
EXIT_NOT_FOUND: Final = 3
EXIT_IO: Final = 4
EXIT_CONFLICT: Final = 5
PROG: Final = "tradecloud-domain"


class CliError(Exception):
    """A problem to report on standard error before exiting with :data:`EXIT_INVALID`."""


class IOFailure(Exception):
    """Standard input or output failed (closed, a full disk): reported, exit :data:`EXIT_IO`."""


def _describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.EBADF:
        return "it is closed"
    return str(exc.strerror or exc)


class _Refused(Exception):
    """Input refused before a request could be made: ``(part, problem)`` pairs to report."""

    def __init__(self, problems: list[tuple[str, Problem]]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


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


def _load(name: str, where: str, stdin: TextIO | None, max_bytes: int) -> object:
    """The JSON value in file ``name`` (``-``: standard input), the ``where`` part of a request."""
    try:
        return _read(name, stdin, max_bytes)
    except CliError as exc:
        raise _Refused([(where, Problem("", "input.unreadable", str(exc)))]) from None
    except InvalidInput as exc:
        raise _Refused([(where, p) for p in exc.problems]) from None


def _refuse(args: argparse.Namespace, stdout: TextIO, shaped: dict[str, Any]) -> int:
    """Report an error answer: as JSON on standard output with ``--format json`` (the ``error``
    object a server answers), otherwise as text on standard error. Exit status 2."""
    if args.format == "json":
        stdout.write(to_json(shaped["error"]) + "\n")
        return EXIT_INVALID
    files = {"message": args.message, "state": getattr(args, "state", None)}
    parts: list[str] = []
    for where in ("request", "state", "message"):
        problems = [p for p in shaped["error"]["problems"] if p["in"] == where]
        if not problems:
            continue
        lines = "\n".join(
            f"  {p['path'] or '(document)'}: {p['message']} [{p['code']}]" for p in problems
        )
        if where == "request":
            parts.append(f"invalid arguments:\n{lines}")
        else:
            name = files[where]
            source = "standard input" if name == "-" else name
            parts.append(f"invalid {where} ({source}):\n{lines}")
    raise CliError("\n".join(parts))


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


def render_single_delivery(order: Order) -> str:
    """The single-delivery view for people: one row per delivery, split lines with their
    originalPosition."""
    from .single_delivery import single_delivery_view  # noqa: PLC0415 - imported when used

    view = single_delivery_view(order)
    rows = [["position", "originalPosition", "scheduledDelivery", "inclRequests", "status"]]

    def delivery(value: ViewDelivery | None) -> str:
        if value is None:
            return "-"
        return f"{value.date or '?'} x {'?' if value.quantity is None else value.quantity}"

    for line in view.lines:
        rows.append(
            [
                line.buyer_line.position or "(empty)",
                line.buyer_line.original_position or "-",
                delivery(line.status_line.scheduled_delivery),
                delivery(line.status_line.scheduled_delivery_incl_requests),
                _status(line.status),
            ]
        )
    return "single-delivery view:\n" + _table(rows)


def _apply(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    try:
        if args.message == "-" and args.state == "-":
            problem = Problem(
                "",
                "input.unreadable",
                "MESSAGE and --state cannot both be read from standard input",
            )
            raise _Refused([("request", problem)])
        request: dict[str, Any] = {
            "command": "apply",
            "route": args.route,
            "verification": args.verification,
            "strict": args.strict,
        }
        if args.today is not None:
            request["today"] = args.today.isoformat()
        if args.now is not None:
            request["now"] = args.now
        if args.state is not None:
            request["state"] = _load(args.state, "state", stdin, args.max_bytes)
        request["message"] = _load(args.message, "message", stdin, args.max_bytes)
    except _Refused as refused:
        return _refuse(args, stdout, error(None, refused.problems))
    handled = handle(request, result=args.format == "json")
    if "error" in handled.answer:
        return _refuse(args, stdout, handled.answer)
    outcome = handled.outcome
    if outcome is None:  # pragma: no cover - every result of apply comes with its outcome
        raise AssertionError("apply answered without an outcome")
    single = args.view == "single-delivery" and outcome.order is not None
    if args.format == "json":
        shape = handled.answer["result"]
        if single and outcome.order is not None:
            shape = {
                **shape,
                "singleDeliveryOrder": dump_single_delivery_view(outcome.order, outcome.today),
            }
        stdout.write(to_json(shape) + "\n")
    elif args.format == "webhooks":
        stdout.writelines(to_json(body, indent=0) + "\n" for body in dump_webhooks(outcome))
    else:
        stdout.write(render_table(handled.state, outcome) + "\n")
        if single and outcome.order is not None:
            stdout.write("\n" + render_single_delivery(outcome.order) + "\n")
        if outcome.http_status == 404 and args.state is None:
            stdout.write(
                "\nNo --state was given, so the order does not exist here: give the current "
                "order (its read model) with --state FILE.\n"
            )
    return {404: EXIT_NOT_FOUND, 409: EXIT_CONFLICT}.get(outcome.http_status, EXIT_OK)


def _docs(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    from .docgen import PAGES  # noqa: PLC0415 - the generator, imported when used

    stdout.write(PAGES[args.page]())
    return EXIT_OK


def _vectors(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    from pathlib import Path  # noqa: PLC0415 - only the commands that write files need it

    folder = Path(args.outdir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        from .vectors import vectors  # noqa: PLC0415 - the generator, imported when used

        written = vectors()
        for name, vector in written.items():
            (folder / f"{name}.json").write_text(to_json(vector) + "\n", encoding="utf-8")
        (folder / "index.json").write_text(to_json(sorted(written)) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {folder}: {exc.strerror or exc}") from None
    stdout.write(f"{len(written)} vectors written to {folder}\n")
    return EXIT_OK


def _validate(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> int:
    try:
        data = _load(args.message, "message", stdin, args.max_bytes)
    except _Refused as refused:
        if any(p.code == "input.unreadable" for _, p in refused.problems):
            return _refuse(args, stdout, error(None, refused.problems))
        data = None
        problems = [
            {"path": p.path, "code": p.code, "message": p.message, "severity": p.severity}
            for _, p in refused.problems
        ]
        result: dict[str, Any] = {
            "valid": False,
            "problemCount": len(problems),
            "complete": True,
            "problems": problems,
        }
    else:
        request = {"command": "validate", "route": args.route, "message": data}
        request["strict"] = args.strict
        shaped = handle(request).answer
        if "error" in shaped:
            return _refuse(args, stdout, shaped)
        result = shaped["result"]
    if args.format == "json":
        stdout.write(to_json(result) + "\n")
    elif result["problems"]:
        rows = [["path", "code", "severity", "problem"]]
        rows += [
            [p["path"] or "(document)", p["code"], p["severity"], p["message"]]
            for p in result["problems"]
        ]
        stdout.write(f"{_count(result)}\n\n{_table(rows)}\n")
    else:
        stdout.write("valid\n")
    return EXIT_OK if result["valid"] else EXIT_INVALID


def _count(result: dict[str, Any]) -> str:
    """``"3 problems"``, ``"250 problems (the first 100 listed)"`` or ``"valid, with 1 problem"``
    (warnings only)."""
    total, listed = result["problemCount"], len(result["problems"])
    if not result["complete"]:
        return f"more than {listed} problems (the first {listed} listed; checking stopped)"
    text = f"{total:,} problem{'s' if total != 1 else ''}"
    if total > listed:
        text += f" (the first {listed} listed)"
    return text if not result["valid"] else f"valid, with {text}"


def _as_of(text: str) -> datetime.date:
    """argparse type of ``--today``: a date yyyy-MM-dd."""
    if len(text) == len("yyyy-mm-dd"):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}")


def _moment(text: str) -> str:
    """argparse type of ``--now``: a date-time with zone, kept as written for the request."""
    if Instant.parse(text) is None:
        raise argparse.ArgumentTypeError(
            f"expected a date-time such as 2026-07-01T09:30:00Z, got {text!r}"
        )
    return text


def _schema(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from . import schema  # noqa: PLC0415 - the generator stays out of the package's import path

    if args.write is not None:
        from pathlib import Path  # noqa: PLC0415 - only the commands that write files need it

        folder = Path(args.write)
        written = schema.schemas()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.schema.json"):
                old.unlink()
            for name, shaped in written.items():
                (folder / name).write_text(to_json(shaped) + "\n", encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {folder}: {exc.strerror or exc}") from None
        stdout.write(f"{len(written)} schemas written to {folder}\n")
        return EXIT_OK
    if args.target is None:
        raise CliError("give a ROUTE, state, or --write DIR")
    try:
        target = resolve_route(args.target, state=True)
    except InvalidInput as invalid:
        raise CliError(str(invalid.problems[0])) from None
    stdout.write(to_json(schema.schema(target)) + "\n")
    return EXIT_OK


def _serve(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """JSON lines: one request a line in, one answer a line out, flushed; ends with the input."""
    for line in stdin:
        if not line.strip():
            continue
        try:
            request = from_json(line)
        except InvalidInput as invalid:
            written = to_line(error(None, [("request", p) for p in invalid.problems]))
        else:
            written = answer_line(request)
        stdout.write(written + "\n")
        stdout.flush()
    return EXIT_OK


class _Formatter(argparse.HelpFormatter):
    """Help at a fixed width, so it reads the same in every terminal and in the docs."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=88, max_help_position=30)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # Never break a route name such as order-response/approve-reopen-request at a hyphen.
        import textwrap  # noqa: PLC0415 - only help needs it

        return textwrap.wrap(
            " ".join(text.split()), width, break_on_hyphens=False, break_long_words=False
        )

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # Descriptions and epilogs too: never break a name at a hyphen (docs/single-delivery.md).
        import textwrap  # noqa: PLC0415 - only help needs it

        return textwrap.fill(
            " ".join(text.split()),
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )


def _add_route(parser: argparse.ArgumentParser, *extra: str) -> None:
    names = [r.value for r in Route] + list(extra)
    parser.add_argument(
        "route",
        metavar="ROUTE",
        help="one of "
        + ", ".join(names)
        + " (a leading slash, as the API docs write them, is fine: /order/indicators)",
    )


def _add_strict(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also report the fields the route does not know (field.unknown, with the closest "
        "known name); Tradecloud ignores them",
    )


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


def build_parsers(
    only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The argument parser and the parser of each of its commands; with ``only``, the parser
    with that command alone, the same for it (a call builds the one it runs)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=_Formatter,
        description="What Tradecloud does with an order message, offline, rule by rule.",
        epilog="Exit status: 0 for HTTP 200/202, 3 for HTTP 404, 5 for HTTP 409, 2 for invalid "
        "input or usage, 4 when standard input or output fails, 1 for a bug.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    return parser, {name: add(commands) for name, add in _COMMANDS.items() if only in (None, name)}


def _apply_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    run = commands.add_parser(
        "apply",
        formatter_class=_Formatter,
        help="apply a message to an order and show the outcome",
        description="Apply MESSAGE (a JSON body for ROUTE) to the order in --state (none: the "
        "order does not exist yet) and print the HTTP status, the order after and every "
        "decision with its rule.",
    )
    _add_route(run)
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
        type=_moment,
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
    _add_strict(run)
    _add_format(
        run,
        "webhooks",
        help=", webhooks for the webhook bodies Tradecloud would POST (one JSON object a line)",
    )
    _add_max_bytes(run)
    run.add_argument(
        "--view",
        choices=["order", "single-delivery"],
        default="order",
        help="single-delivery: also show the order as single-delivery integrations read it, one "
        "line per delivery (json: under singleDeliveryOrder); default: order",
    )
    run.set_defaults(handler=_apply)
    return run


def _validate_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    check = commands.add_parser(
        "validate",
        formatter_class=_Formatter,
        help="check a message (or a state) against Tradecloud's API rules",
        description="Print every problem of MESSAGE as a body for ROUTE, each with its JSON path "
        "and rule code; ROUTE 'state' checks an order read model instead. Exit 0 when valid, "
        "2 otherwise.",
    )
    _add_route(check, STATE)
    check.add_argument("message", metavar="MESSAGE", help="JSON file, - for standard input")
    _add_strict(check)
    _add_format(check)
    _add_max_bytes(check)
    check.set_defaults(handler=_validate)
    return check


def _serve_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    server = commands.add_parser(
        "serve",
        formatter_class=_Formatter,
        help="answer apply and validate requests, one JSON line each, on standard input",
        description="Read one JSON request a line from standard input and write one JSON answer "
        'a line to standard output, flushed: {"id", "command": "apply"|"validate", "route", '
        '"message", "state", "verification", "strict", "today"} is answered with {"id", '
        '"result"} (what apply or validate --format json prints) or {"id", "error": '
        '{"exitStatus", "problems"}}. A bad line gets an error answer and the server goes on; '
        "the end of the input ends it. No network. See docs/testing.md.",
    )
    server.set_defaults(handler=_serve)
    return server


def _schema_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    schemas = commands.add_parser(
        "schema",
        formatter_class=_Formatter,
        help="print the JSON Schema of a route's body or of the order read model",
        description="Print the JSON Schema (draft 2020-12) of ROUTE's request body, or of the "
        "order read model for 'state', generated from the library's entities, messages and "
        "validation rules; --write DIR writes every one of them (ROUTE with / as .) instead.",
    )
    schemas.add_argument("target", metavar="ROUTE", nargs="?", help="a route, or state")
    schemas.add_argument("--write", metavar="DIR", help="write every schema into DIR")
    schemas.set_defaults(handler=_schema)
    return schemas


def _vectors_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
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
    return emit


def _docs_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    from .docgen import PAGES  # noqa: PLC0415 - the generator, imported when used

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
    return docs


#: Each command and what adds its parser, in the order of the help.
_COMMANDS: Final = {
    "apply": _apply_parser,
    "validate": _validate_parser,
    "serve": _serve_parser,
    "schema": _schema_parser,
    "vectors": _vectors_parser,
    "docs": _docs_parser,
}


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


def run() -> NoReturn:
    """The ``tradecloud-domain`` script and ``python -m tradecloud_domain``: :func:`main` in a
    process of its own, exiting with its status.

    What the process loaded to start (the library, the classes of its values, the libraries
    under it) stays for the whole process, so the cyclic garbage collector is told so
    (:func:`gc.freeze`) and no longer walks it at each full collection and at exit: about 5% of
    the instructions of one ``apply``. :func:`main` called in a longer-lived process leaves the
    collector alone.
    """
    gc.freeze()
    raise SystemExit(main())


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
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, _ = build_parsers(argv[0] if argv and argv[0] in _COMMANDS else None)
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
