"""One request in, one answer out: what ``apply`` and ``validate`` do, as data.

The CLI's ``apply`` and ``validate`` and the JSON-lines server (``tradecloud-domain serve``) all
call :func:`handle`, so they cannot answer differently. A request is a JSON object::

    {"id": 7, "command": "apply", "route": "order/indicators", "message": {...},
     "state": {...}, "verification": "available", "strict": false, "today": "2026-01-05",
     "now": "2026-01-05T09:30:00Z", "webhooks": false}

and its answer is ``{"id": 7, "result": ...}``, where the result is what ``apply --format json``
(``{"httpStatus", "rule", "order", "decisions", "events"}``, with ``"webhooks"``, the bodies
``apply --format webhooks`` prints, when the request asks for them) or ``validate --format json``
(``{"valid", "problems"}``) prints, or ``{"id": 7, "error": {"exitStatus": 2, "problems": [...]}}``
when the request cannot be carried out. Each problem of an error names the part of the request it
is ``in`` (``request``, ``message`` or ``state``), its JSON ``path`` within that part, its rule
``code`` and a ``message``. No I/O here: the CLI reads and writes.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, Literal

from ._values import frozen
from .apply import Outcome, apply
from .codec import (
    dump_outcome,
    dump_outcome_text,
    dump_webhooks,
    parse_message,
    parse_state,
    structure,
    to_json,
)
from .entities import Order
from .errors import InvalidInput, Problem, shown
from .messages import message_type
from .readmodel import Instant
from .statuses import Route
from .validation import STATE, check, unknown_fields

if TYPE_CHECKING:
    from .messages import Message

__all__ = [
    "COMMANDS",
    "EXIT_BUG",
    "EXIT_INVALID",
    "STATE",
    "Handled",
    "PathRoute",
    "answer",
    "answer_line",
    "error",
    "handle",
    "resolve_path",
    "resolve_route",
    "to_line",
]

#: The commands a request may name.
COMMANDS: Final = ("apply", "validate")
#: ``exitStatus`` of an error answer: the input is invalid (the CLI exits with it too).
EXIT_INVALID: Final = 2
#: ``exitStatus`` of an error answer: a bug in this library.
EXIT_BUG: Final = 1

_VERIFICATION: Final = ("available", "unavailable")


@frozen
class Handled:
    """The answer to a request, with the values behind it for a caller that renders them."""

    answer: dict[str, Any]
    state: Order | None = None
    outcome: Outcome | None = None


def _shape(where: str, problem: Problem) -> dict[str, str]:
    return {"in": where, "path": problem.path, "code": problem.code, "message": problem.message}


def error(
    request_id: object, problems: Iterable[tuple[str, Problem]], exit_status: int = EXIT_INVALID
) -> dict[str, Any]:
    """An error answer: ``problems`` are ``(part of the request, problem)`` pairs."""
    shaped = [_shape(where, problem) for where, problem in problems]
    return {"id": request_id, "error": {"exitStatus": exit_status, "problems": shaped}}


@frozen
class PathRoute:
    """A route written as the URL path Tradecloud's API takes it (decision D135): the route, the
    order's ``id`` and the line position the path names, when it names them."""

    route: Route
    order_id: str | None = None
    position: str | None = None


#: Tradecloud's URL paths with parameters, as its SDK calls them, and the route each one is.
_PATH_ROUTES: Final = (
    (r"line/([^/]+)/reschedule/approve", Route.APPROVE_SHIPMENT_RESCHEDULE),
    (r"line/([^/]+)/reschedule/reject", Route.REJECT_SHIPMENT_RESCHEDULE),
    ("requests/buyer/approve", Route.APPROVE_REQUESTS),
    ("requests/buyer/reject", Route.REJECT_REQUESTS),
    ("revertCancelled", Route.REVERT_CANCELLED_LINES),
    ("revertCompleted", Route.REVERT_COMPLETED_LINES),
)


@functools.cache  # compiled when a path with parameters first comes, not at import
def _paths() -> tuple[tuple[re.Pattern[str], Route], ...]:
    return tuple((re.compile(r"order/([^/]+)/" + path), route) for path, route in _PATH_ROUTES)


#: What may come before a path: the API's address and version, and the connector's prefix.
_PREFIX: Final = re.compile(r"(https?://[^/]+)?/?(v2/)?(api-connector/)?")


@functools.cache
def _route_names() -> tuple[str, ...]:
    return tuple(route.value for route in Route)


def _route_name(text: str) -> str:
    return _PREFIX.sub("", text.strip(), count=1).removesuffix("/")


def resolve_path(text: object) -> PathRoute | None:
    """The route, order id and line position of ``text`` when it is one of Tradecloud's URL
    paths with parameters (``order/{orderId}/line/{position}/reschedule/approve``), else
    ``None``."""
    if not isinstance(text, str):
        return None
    return _resolve_path(text)


@functools.lru_cache(maxsize=256)  # a server's requests name the same few routes again and again
def _resolve_path(text: str) -> PathRoute | None:
    name = _route_name(text)
    if name.count("/") < 2:  # every path with parameters has three parts or more
        return None
    for pattern, route in _paths():
        match = pattern.fullmatch(name)
        if match is not None:
            groups = match.groups()
            return PathRoute(route, groups[0], groups[1] if len(groups) > 1 else None)
    return None


def resolve_route(text: object, *, state: bool = False) -> Route | str:
    """The route named by ``text``, written as the API docs write it (``/order/indicators``),
    without the slash, or as the URL path Tradecloud's API takes (``api-connector/order``,
    ``order/{orderId}/revertCancelled``; see :func:`resolve_path`); ``"state"`` too when
    ``state``. Raises :class:`InvalidInput` (code ``route.unknown``) naming the closest route for
    a typo."""
    if not isinstance(text, str):
        raise InvalidInput([Problem("route", "type.string", "the route must be a string")])
    path = _resolve_path(text)
    if path is not None:
        return path.route
    name = _route_name(text)
    known = [*_route_names(), *([STATE] if state else [])]
    if name in known:
        return STATE if name == STATE else Route(name)
    import difflib  # noqa: PLC0415 - only a misspelt name needs it, not import

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known routes: {', '.join(known)}"
    raise InvalidInput([Problem("route", "route.unknown", f"unknown route {text!r}{hint}")])


def _looks_like_state(data: object) -> bool:
    """Whether a message body is in fact an order read model (the shape ``--state`` takes)."""
    if not isinstance(data, dict) or "order" in data:
        return False
    lines = data.get("lines")
    first = lines[0] if isinstance(lines, list) and lines else None
    return "buyerOrder" in data or (isinstance(first, dict) and "buyerLine" in first)


def _read_model_problem(route: Route) -> Problem:
    return Problem(
        "",
        "message.read-model",
        f"this is an order read model (buyerOrder, lines[].buyerLine), not a body for /{route}: "
        "give it as the state (--state) and send a message for the route",
    )


def _request_problems(request: dict[str, Any]) -> list[Problem]:
    """The problems of the request's own fields (not its message or state)."""
    found: list[Problem] = []
    command = request.get("command")
    if command is None:
        found.append(Problem("command", "required", "is required: one of apply, validate"))
    elif command not in COMMANDS:
        found.append(
            Problem("command", "enum.unknown", f"{command!r} is not a command (apply, validate)")
        )
    if "route" not in request or request["route"] is None:
        found.append(Problem("route", "required", "is required"))
    if "message" not in request:
        found.append(Problem("message", "required", "is required"))
    verification = request.get("verification")
    if verification is not None and verification not in _VERIFICATION:
        found.append(
            Problem(
                "verification",
                "enum.unknown",
                f"{verification!r} is not one of: {', '.join(_VERIFICATION)}",
            )
        )
    for flag in ("strict", "webhooks"):
        if not isinstance(request.get(flag, False), bool):
            found.append(Problem(flag, "type.boolean", "expected true or false"))
    now = request.get("now")
    if now is not None and (not isinstance(now, str) or Instant.parse(now) is None):
        found.append(
            Problem(
                "now",
                "type.instant",
                f"{shown(now)} is not a date-time such as 2026-07-01T09:30:00Z",
            )
        )
    if request.get("today") is not None:
        # The as-of date of the overdue indicators (decision D55).
        try:
            structure(request["today"], datetime.date)
        except InvalidInput as invalid:
            found.extend(Problem("today", p.code, p.message) for p in invalid.problems)
    return found


def _validate(request_id: object, route: Route | str, data: object, strict: bool) -> Handled:
    problems, total, complete = check(route, data, strict=strict)
    fatal = any(p.fatal for p in problems)  # warnings are listed, never fatal
    if fatal and route != STATE and _looks_like_state(data):
        problems = (_read_model_problem(Route(route)), *problems)
        total += 1
    shaped = [
        {"path": p.path, "code": p.code, "message": p.message, "severity": p.severity}
        for p in problems
    ]
    result = {"valid": not fatal, "problemCount": total, "complete": complete, "problems": shaped}
    return Handled({"id": request_id, "result": result})


#: How the result of an ``apply`` is given: as JSON values, as its JSON text (a
#: :class:`simplejson.RawJSON`, which :func:`to_line` writes as it is), or not at all (the
#: outcome alone, in :attr:`Handled.outcome`).
_Written = Literal["values", "text", "none"]


def _apply(
    request_id: object,
    route: Route,
    request: dict[str, Any],
    strict: bool,
    written: _Written,
) -> Handled:
    problems: list[tuple[str, Problem]] = []
    state: Order | None = None
    if request.get("state") is not None:
        try:
            state = parse_state(request["state"])
        except InvalidInput as invalid:
            problems.extend(("state", p) for p in invalid.problems)
    data = request["message"]
    path = resolve_path(request["route"])
    if path is not None:
        data, mismatch = _with_path(path, data, state)
        problems.extend(("request", p) for p in mismatch)
    message: Message | None = None
    try:
        message = parse_message(route, data)
    except InvalidInput as invalid:
        if _looks_like_state(data):
            problems.append(("message", _read_model_problem(route)))
        problems.extend(("message", p) for p in invalid.problems)
    if strict:
        problems.extend(("message", p) for p in unknown_fields(message_type(route), data))
    if problems or message is None:
        return Handled(error(request_id, problems), state)
    available = request.get("verification", "available") != "unavailable"
    try:
        outcome = apply(
            state,
            message,
            verification_available=available,
            today=_today(request),
            now=_now(request),
        )
    except InvalidInput as invalid:
        return Handled(error(request_id, (("message", p) for p in invalid.problems)), state)
    if written == "none":  # the caller writes the outcome its own way
        return Handled({"id": request_id}, state, outcome)
    if written == "text":  # the result's text, for a writer that writes it as it is (answer_line)
        text = dump_outcome_text(outcome)
        if request.get("webhooks"):
            text = f'{text[:-1]},"webhooks":{to_json(dump_webhooks(outcome), 0)}}}'
        import simplejson  # noqa: PLC0415 - only the text path of a server needs it

        return Handled({"id": request_id, "result": simplejson.RawJSON(text)}, state, outcome)
    result = dump_outcome(outcome)
    if request.get("webhooks"):
        result["webhooks"] = dump_webhooks(outcome)
    return Handled({"id": request_id, "result": result}, state, outcome)


def _with_path(path: PathRoute, data: object, state: Order | None) -> tuple[object, list[Problem]]:
    """The message with the line position its URL path names as ``linePositions`` (when the body
    names none; a copy, never the input changed), and a problem when the path's order id is
    not the state's (decision D135)."""
    problems: list[Problem] = []
    if state is not None and state.id is not None and path.order_id != state.id:
        problems.append(
            Problem(
                "route",
                "state.mismatch",
                f"the path names order {shown(path.order_id)}, the state is order "
                f"{shown(state.id)}",
            )
        )
    if path.position is not None and isinstance(data, dict) and "linePositions" not in data:
        data = {**data, "linePositions": [path.position]}
    return data, problems


def _now(request: dict[str, Any]) -> datetime.datetime | None:
    """The request's ``now`` (checked by :func:`_request_problems`): the moment the change is
    stamped with (``lastUpdatedAt``, ``eventDates``)."""
    now = request.get("now")
    return None if now is None else Instant.parse(now)


def _today(request: dict[str, Any]) -> datetime.date | None:
    """The request's ``today`` (checked by :func:`_request_problems`), the as-of date of the
    overdue indicators."""
    today = request.get("today")
    return None if today is None else structure(today, datetime.date)


def handle(request: object, *, result: bool = True) -> Handled:
    """The answer to one request (a JSON object as :func:`~tradecloud_domain.from_json` reads
    it), never an exception: invalid input is an error answer with exit status 2.

    Without ``result``, the answer to an ``apply`` that succeeds is ``{"id": ...}`` alone: its
    outcome is in :attr:`Handled.outcome`, for a caller that writes it its own way (the CLI's
    table), so the result's JSON is not built."""
    return _handle(request, "values" if result else "none")


def _handle(request: object, written: _Written) -> Handled:
    """:func:`handle`, the result of an ``apply`` given as ``written`` says."""
    if not isinstance(request, dict):
        problem = Problem("", "type.object", "a request must be a JSON object")
        return Handled(error(None, [("request", problem)]))
    request_id = request.get("id")
    problems = _request_problems(request)
    route: Route | str | None = None
    if request.get("route") is not None:
        try:
            route = resolve_route(request["route"], state=request.get("command") == "validate")
        except InvalidInput as invalid:
            problems.extend(invalid.problems)
    if problems or route is None:
        return Handled(error(request_id, (("request", p) for p in problems)))
    strict = bool(request.get("strict", False))
    if request["command"] == "validate":
        return _validate(request_id, route, request["message"], strict)
    if route == STATE:  # pragma: no cover - resolve_route only allows "state" for validate
        raise AssertionError(route)
    return _apply(request_id, Route(route), request, strict, written)


def answer(request: object) -> dict[str, Any]:
    """The JSON answer to one request: ``{"id", "result"}`` or ``{"id", "error"}``."""
    return _answer(request, "values")


def answer_line(request: object) -> str:
    """``to_line(answer(request))``, the same text to the character: the line the server
    writes. The outcome of an ``apply`` is written straight to text
    (:func:`~tradecloud_domain.codec.dump_outcome_text`), not built as JSON values first."""
    return to_line(_answer(request, "text"))


def _answer(request: object, written: _Written) -> dict[str, Any]:
    try:
        return _handle(request, written).answer
    except Exception as exc:  # a bug: an answer all the same, so a server goes on
        request_id = request.get("id") if isinstance(request, dict) else None
        problem = {
            "in": "request",
            "path": "",
            "code": "internal",
            "message": f"internal error, please report: {type(exc).__name__}: {exc}",
        }
        return {"id": request_id, "error": {"exitStatus": EXIT_BUG, "problems": [problem]}}


def to_line(value: object) -> str:
    """The JSON text of ``value`` on one line, without spaces; :class:`Decimal` written as a
    number, digit for digit: :func:`~tradecloud_domain.to_json` with ``indent=0``, the one
    writer of this library."""
    return to_json(value, indent=0)
