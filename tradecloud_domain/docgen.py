"""Documentation generated from the rules module, never written by hand.

:func:`rules_page` renders ``docs/rules.md``: each machine as a Mermaid diagram (drawn by
:mod:`transitions`' Mermaid backend from the machine itself) and as tables read from the same
specification rows the machine was built from, then every other rule. A test compares the
committed page with this output, so the page cannot go stale.
"""

from __future__ import annotations

import enum
import functools
import inspect
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from . import machine, messages
from .apply import apply
from .codec import from_json, parse_message, parse_order
from .errors import RULE_CODES, InvalidInput, Problem
from .machine import (
    DELIVERY_ROUTES,
    DELIVERY_RULES,
    INDICATORS,
    LOGISTICS_DEFINITION,
    LOGISTICS_REFUSALS,
    LOGISTICS_TRANSITIONS,
    PRECEDENCE,
    PROCESS_DEFINITION,
    PROCESS_REFUSALS,
    PROCESS_TRANSITIONS,
    RULES,
    RefusalSpec,
    TransitionSpec,
    Trigger,
)
from .validation import validate, validate_order

__all__ = ["DOCS_REPOSITORY", "ERROR_EXAMPLES", "PAGES", "errors_page", "page_link", "rules_page"]

DOCS_REPOSITORY: Final = "https://github.com/tradecloud/tradecloud-docs-api-v2/blob/master/"


def page_link(page: str) -> str:
    """A Markdown link to a rule's source page (Tradecloud's docs, or this project's docs/)."""
    if page.startswith("docs/"):
        return f"[{page.removeprefix('docs/')}]({page.removeprefix('docs/')})"
    return f"[{page}]({DOCS_REPOSITORY}{page})"


def _mermaid(title: str, definition: Mapping[str, Any]) -> str:
    """The diagram of the machine built from ``definition`` (the very definition of the rules'
    machine), drawn by transitions, without the 'current state' styling."""
    # The diagram extension is imported here, where diagrams are drawn: the rules do without it.
    from transitions.extensions import HierarchicalGraphMachine  # noqa: PLC0415

    class _Model:
        pass

    model = _Model()
    HierarchicalGraphMachine(model=model, graph_engine="mermaid", title=title, **definition)
    source: str = model.get_graph().draw(None)  # type: ignore[attr-defined]
    # Drop transitions' front matter (its title lacks the "title:" key Mermaid expects) and the
    # styling that marks the model's current state: a rules page has no current state.
    body = source.split("stateDiagram-v2", 1)[1]
    keep = [
        line
        for line in body.splitlines()
        if line.strip() and not line.strip().startswith(("classDef ", "Class "))
    ]
    # Drawn at its natural size (the site scrolls it sideways): scaled down to the page width, the
    # process diagram's labels would be a few pixels high.
    config = "---\nconfig:\n  state:\n    useMaxWidth: false\n---\n"
    return "```mermaid\n" + config + "stateDiagram-v2\n" + "\n".join(keep) + "\n```"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _states(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _spec_rows(
    transitions: Iterable[TransitionSpec], refusals: Iterable[RefusalSpec]
) -> list[list[str]]:
    rows: list[list[str]] = []
    for spec in transitions:
        rule = RULES[spec.rule]
        rows.append(
            [
                f"`{spec.trigger.value}`",
                _states(spec.sources),
                "(stays)" if spec.dest is None else f"`{spec.dest}`",
                f"`{rule.id}`",
                f"`{rule.event}`" if rule.event else "-",
                page_link(rule.page),
            ]
        )
    for refusal in refusals:
        rule = RULES[refusal.rule]
        rows.append(
            [
                f"`{refusal.trigger.value}`",
                _states(refusal.sources),
                "refused",
                f"`{rule.id}`",
                "-",
                page_link(rule.page),
            ]
        )
    return rows


def _matrix(moves: dict[tuple[str, Trigger], object], states: Sequence[str]) -> str:
    triggers = [t for t in Trigger if any((s, t) in moves for s in states)]
    rows = []
    for state in states:
        cells = [f"`{state}`"]
        for trigger in triggers:
            move = moves[(state, trigger)]
            dest = getattr(move, "dest", None)
            cells.append("refused" if dest is None else ("=" if dest == state else f"`{dest}`"))
        rows.append(cells)
    return _table(["state \\ trigger", *(f"`{t.value}`" for t in triggers)], rows)


def _section(
    title: str,
    definition: Mapping[str, Any],
    transitions: Sequence[TransitionSpec],
    refusals: Sequence[RefusalSpec],
    moves: dict[tuple[str, Trigger], object],
) -> str:
    states = list(dict.fromkeys(state for state, _ in moves))
    return "\n\n".join(
        [
            f"## {title}",
            _mermaid(title, definition),
            "### Transitions and refusals, as written in `machine.py`",
            _table(
                ["trigger", "from", "to", "rule", "event", "source"],
                _spec_rows(transitions, refusals),
            ),
            "### Compiled: every state, every trigger",
            "`=` stays in the same state; `refused` changes nothing and the outcome says why.",
            _matrix(moves, states),
        ]
    )


def _indicators() -> str:
    rows = [
        [
            f"`{indicator.name}`",
            " and ".join(indicator.levels),
            f"`{indicator.trigger.value}`" if indicator.trigger else "stored setting",
            f"`{indicator.rule}`",
            page_link(RULES[indicator.rule].page),
        ]
        for indicator in INDICATORS
    ]
    groups = "; ".join(
        " > ".join(f"`{indicator.name}`" for indicator in group) for group in PRECEDENCE
    )
    scope = [
        RULES[rule_id]
        for rule_id in (
            "scope.line",
            "scope.order.message-lines",
            "scope.indicators.all-lines",
            "precedence.line-over-order",
            "precedence.complete-over-cancel",
            "precedence.indicators",
        )
    ]
    return "\n\n".join(
        [
            "## Buyer indicators",
            _table(["indicator", "level", "trigger", "rule", "source"], rows),
            f"Precedence within a message, strongest first, per group: {groups}.",
            _table(
                ["rule", "scope and precedence", "source"],
                ([f"`{r.id}`", r.text, page_link(r.page)] for r in scope),
            ),
        ]
    )


def _deliveries() -> str:
    routes = ", ".join(f"`{route.value}` (`{rule}`)" for route, rule in DELIVERY_ROUTES.items())
    return "\n\n".join(
        [
            "## Deliveries",
            "Delivery-line logistics, the actual delivery history and overdue. The delivery "
            f"routes and the rule each applies to the lines it names: {routes}. Overdue is "
            "computed for an as-of date given by the caller (`apply(..., today=...)`, "
            "`--today`), never from a clock.",
            _table(
                ["rule", "what it says", "source"],
                (
                    [f"`{r.id}`", r.text, page_link(r.page)]
                    for r in (RULES[rule_id] for rule_id in DELIVERY_RULES)
                ),
            ),
        ]
    )


def rules_page() -> str:
    """The Markdown of ``docs/rules.md``."""
    used = {s.rule for s in (*PROCESS_TRANSITIONS, *LOGISTICS_TRANSITIONS)} | {
        r.rule for r in (*PROCESS_REFUSALS, *LOGISTICS_REFUSALS)
    }
    used |= set(DELIVERY_RULES)
    other = [rule for rule in RULES.values() if rule.id not in used]
    parts = [
        "# Rules",
        "<!-- Generated by `tradecloud-domain docs rules` from tradecloud_domain/machine.py. "
        "Do not edit: run `make docs`. -->",
        "Every status change this library makes is decided by a rule on this page. Each rule "
        "names the Tradecloud documentation page it comes from; where those pages are silent or "
        "contradict each other, the rule points at the [decisions register](decisions.md).",
        _section(
            "Line process status",
            PROCESS_DEFINITION,
            PROCESS_TRANSITIONS,
            PROCESS_REFUSALS,
            dict(machine.PROCESS_MOVES),  # built when first used, not at import
        ),
        _section(
            "Line logistics status",
            LOGISTICS_DEFINITION,
            LOGISTICS_TRANSITIONS,
            LOGISTICS_REFUSALS,
            dict(machine.LOGISTICS_MOVES),
        ),
        _indicators(),
        _deliveries(),
        "## Scope, precedence, verification and order status",
        "These rules decide which lines a message reaches and what the order as a whole shows.",
        _table(
            ["rule", "what it says", "source"],
            ([f"`{r.id}`", r.text, page_link(r.page)] for r in other),
        ),
        "## Every rule",
        _table(
            ["rule", "what it says", "source"],
            ([f"`{r.id}`", r.text, page_link(r.page)] for r in RULES.values()),
        ),
    ]
    return "\n\n".join(parts) + "\n"


# ------------------------------------------------------------------------------------------------
# docs/errors.md: every rule code, what it means, and a real example of it.
# ------------------------------------------------------------------------------------------------


def _from_text(text: str) -> tuple[Problem, ...]:
    try:
        from_json(text)
    except InvalidInput as invalid:
        return invalid.problems
    return ()


def _applied(state: object, route: str, data: object) -> tuple[Problem, ...]:
    try:
        apply(parse_order(state), parse_message(route, data))
    except InvalidInput as invalid:
        return invalid.problems
    return ()


def _protocol(request: dict[str, object]) -> tuple[Problem, ...]:
    from .protocol import answer  # noqa: PLC0415

    shaped = answer(request).get("error", {"problems": []})
    return tuple(Problem(p["path"], p["code"], p["message"]) for p in shaped["problems"])


def _cli_problems(argv: list[str]) -> tuple[Problem, ...]:
    import io  # noqa: PLC0415
    import json  # noqa: PLC0415

    from .cli import main  # noqa: PLC0415 - the CLI imports this module

    out = io.StringIO()
    main(argv, stdout=out, stderr=io.StringIO())
    problems = json.loads(out.getvalue())["problems"]
    return tuple(Problem(p["path"], p["code"], p["message"]) for p in problems)


_STATE = {
    "buyerOrder": {"purchaseOrderNumber": "PO-1"},
    "lines": [{"buyerLine": {"position": "1"}}],
}
_PO: dict[str, object] = {"purchaseOrderNumber": "PO-1"}
_RESPONDING: dict[str, object] = {"buyerAccountNumber": "B-1", **_PO}


def _line(**fields: object) -> dict[str, object]:
    return {"order": _PO, "lines": [{"position": "1", **fields}]}


def _deep(levels: int) -> object:
    value: object = []
    for _ in range(levels):
        value = [value]
    return value


#: One real input per rule code: (what it is, the input as shown, how to check it).
ERROR_EXAMPLES: Final[dict[str, tuple[str, str, Callable[[], tuple[Problem, ...]]]]] = {
    "json.syntax": ("JSON text cut short", '{"order": ', lambda: _from_text('{"order": ')),
    "json.too-deep": (
        "/order whose lines nest 70 arrays deep",
        '{"order": {...}, "lines": [[[[...]]]]}',
        lambda: validate("order", {"order": _PO, "lines": _deep(70)}),
    ),
    "json.too-large": (
        "a document of 9 MiB (the limit is 8 MiB by default)",
        '{"order": {...}, "padding": "xxxx...xxxx"}',
        lambda: _from_text('{"padding": "' + "x" * 9 * 1024 * 1024 + '"}'),
    ),
    "json.duplicate-key": (
        "/order naming its purchase order number twice",
        '{"order": {"purchaseOrderNumber": "PO-1", "purchaseOrderNumber": "PO-2"}}',
        lambda: _from_text(
            '{"order": {"purchaseOrderNumber": "PO-1", "purchaseOrderNumber": "PO-2"}}'
        ),
    ),
    "type.object": (
        "/order whose line is a string",
        '{"order": {...}, "lines": ["0001"]}',
        lambda: validate("order", {"order": _PO, "lines": ["0001"]}),
    ),
    "type.array": (
        "/order whose lines are an object",
        '{"order": {...}, "lines": {"position": "1"}}',
        lambda: validate("order", {"order": _PO, "lines": {"position": "1"}}),
    ),
    "type.string": (
        "/order with a numeric position",
        '{"order": {...}, "lines": [{"position": 1}]}',
        lambda: validate("order", {"order": _PO, "lines": [{"position": 1}]}),
    ),
    "type.boolean": (
        "/order/indicators with a string indicator",
        '{"order": {"purchaseOrderNumber": "PO-1", "indicators": {"cancelled": "yes"}}}',
        lambda: validate(
            "order/indicators", {"order": {**_PO, "indicators": {"cancelled": "yes"}}}
        ),
    ),
    "type.integer": (
        "a revert with a fractional version",
        '{"linePositions": ["1"], "version": 1.5}',
        lambda: validate("order/revert-cancelled-lines", {"linePositions": ["1"], "version": 1.5}),
    ),
    "type.decimal": (
        "/order with a quantity that is not a number",
        '{"order": {...}, "lines": [{"position": "1", "deliverySchedule": '
        '[{"date": "2026-01-05", "quantity": "NaN"}]}]}',
        lambda: validate(
            "order", _line(deliverySchedule=[{"date": "2026-01-05", "quantity": "NaN"}])
        ),
    ),
    "number.out-of-range": (
        "a revert whose version has a huge exponent",
        '{"linePositions": ["1"], "version": 1e999999999}',
        lambda: validate(
            "order/revert-cancelled-lines",
            {"linePositions": ["1"], "version": Decimal("1e999999999")},
        ),
    ),
    "string.surrogate": (
        "/order whose position is a lone surrogate",
        '{"order": {...}, "lines": [{"position": "\\ud800"}]}',
        lambda: validate("order", {"order": _PO, "lines": [{"position": "\ud800"}]}),
    ),
    "type.date": (
        "/order with a day-first date",
        '{"order": {...}, "lines": [{"position": "1", "deliverySchedule": '
        '[{"date": "05-01-2026", "quantity": 1}]}]}',
        lambda: validate("order", _line(deliverySchedule=[{"date": "05-01-2026", "quantity": 1}])),
    ),
    "type.datetime": (
        "/order with a date-time in another format",
        '{"order": {"purchaseOrderNumber": "PO-1", "erpIssueDateTime": "2026-01-05 10:00"}}',
        lambda: validate("order", {"order": {**_PO, "erpIssueDateTime": "2026-01-05 10:00"}}),
    ),
    "type.instant": (
        "an order read model stamped without a zone",
        '{"buyerOrder": {...}, "lastUpdatedAt": "2025-04-23 10:01"}',
        lambda: validate_order({"buyerOrder": _PO, "lastUpdatedAt": "2025-04-23 10:01"}),
    ),
    "required": (
        "/order without a purchase order number",
        '{"order": {}}',
        lambda: validate("order", {"order": {}}),
    ),
    "identifier.whitespace": (
        "/order whose purchase order number holds a space",
        '{"order": {"purchaseOrderNumber": "PO 1"}}',
        lambda: validate("order", {"order": {"purchaseOrderNumber": "PO 1"}}),
    ),
    "enum.unknown": (
        "a state with an unknown process status",
        '{"buyerOrder": {...}, "lines": [{"buyerLine": {"position": "1"}, '
        '"status": {"processStatus": "Paused", "logisticsStatus": "Open"}}]}',
        lambda: validate_order(
            {
                "buyerOrder": _PO,
                "lines": [
                    {
                        "buyerLine": {"position": "1"},
                        "status": {"processStatus": "Paused", "logisticsStatus": "Open"},
                    }
                ],
            }
        ),
    ),
    "collection.too-long": (
        "/order with 501 lines",
        '{"order": {...}, "lines": [{"position": "0"}, ..., {"position": "500"}]}',
        lambda: validate(
            "order", {"order": _PO, "lines": [{"position": str(n)} for n in range(501)]}
        ),
    ),
    "collection.empty": (
        "/order-response without lines",
        '{"order": {"buyerAccountNumber": "B-1", "purchaseOrderNumber": "PO-1"}, "lines": []}',
        lambda: validate("order-response", {"order": _RESPONDING, "lines": []}),
    ),
    "indicators.conflict": (
        "/order-response accepting and rejecting a line at once",
        '{"order": {...}, "lines": [{"purchaseOrderLinePosition": "1", '
        '"indicators": {"accepted": true, "rejected": true}}]}',
        lambda: validate(
            "order-response",
            {
                "order": _RESPONDING,
                "lines": [
                    {
                        "purchaseOrderLinePosition": "1",
                        "indicators": {"accepted": True, "rejected": True},
                    }
                ],
            },
        ),
    ),
    "position.duplicate": (
        "/order naming line 1 twice",
        '{"order": {...}, "lines": [{"position": "1"}, {"position": "1"}]}',
        lambda: validate("order", {"order": _PO, "lines": [{"position": "1"}, {"position": "1"}]}),
    ),
    "quantity.negative": (
        "/order with a negative quantity",
        '{"order": {...}, "lines": [{"position": "1", "deliverySchedule": '
        '[{"date": "2026-01-05", "quantity": -1}]}]}',
        lambda: validate("order", _line(deliverySchedule=[{"date": "2026-01-05", "quantity": -1}])),
    ),
    "item-details.weight-unit": (
        "/order with a net weight without its unit",
        '{"order": {...}, "lines": [{"position": "1", "itemDetails": {"netWeight": 2}}]}',
        lambda: validate("order", _line(itemDetails={"netWeight": 2})),
    ),
    "status.inconsistent": (
        "a state with an InProgress line without its in-progress status (a warning: the state is "
        "still valid)",
        '{"buyerOrder": {...}, "lines": [{"buyerLine": {"position": "1"}, '
        '"status": {"processStatus": "InProgress", "logisticsStatus": "Open"}}]}',
        lambda: validate_order(
            {
                "buyerOrder": _PO,
                "lines": [
                    {
                        "buyerLine": {"position": "1"},
                        "status": {"processStatus": "InProgress", "logisticsStatus": "Open"},
                    }
                ],
            }
        ),
    ),
    "route.unknown": (
        "a route this library does not know",
        "route order/teleport",
        lambda: validate("order/teleport", {}),
    ),
    "state.mismatch": (
        "/order for PO-2 applied to the state of PO-1",
        '{"order": {"purchaseOrderNumber": "PO-2"}}',
        lambda: _applied(_STATE, "order", {"order": {"purchaseOrderNumber": "PO-2"}}),
    ),
    "single-delivery.unsupported": (
        "/order/indicators for an order sent through order/single-delivery",
        '{"order": {"purchaseOrderNumber": "PO-1", "indicators": {"cancelled": true}}}',
        lambda: _applied(
            {"buyerOrder": {**_PO, "singleDeliveryPerOrderLine": True}},
            "order/indicators",
            {"order": {**_PO, "indicators": {"cancelled": True}}},
        ),
    ),
    "single-delivery.original-position": (
        "order/single-delivery with a split line of a line that neither the order nor the "
        "message has",
        '{"order": {...}, "lines": [{"position": "2", "originalPosition": "9"}]}',
        lambda: _applied(
            _STATE,
            "order/single-delivery",
            {"order": _PO, "lines": [{"position": "2", "originalPosition": "9"}]},
        ),
    ),
    "field.unknown": (
        "/order/indicators with a misspelled indicator, validated with strict=True",
        '{"order": {"purchaseOrderNumber": "PO-1", "indicators": {"canceled": true}}}',
        lambda: validate(
            "order/indicators", {"order": {**_PO, "indicators": {"canceled": True}}}, strict=True
        ),
    ),
    "message.read-model": (
        "an order read model sent as the body of /order",
        '{"buyerOrder": {"purchaseOrderNumber": "PO-1"}, "lines": [...]}',
        lambda: _protocol({"command": "apply", "route": "order", "message": _STATE}),
    ),
    "input.unreadable": (
        "apply with a message file that does not exist",
        "tradecloud-domain apply order missing.json",
        lambda: _cli_problems(["apply", "order", "/nonexistent/missing.json", "--format", "json"]),
    ),
}


def errors_page() -> str:
    """The Markdown of ``docs/errors.md``: every rule code with a real example of it."""
    parts = [
        "# Errors",
        "<!-- Generated by `tradecloud-domain docs errors` from tradecloud_domain/errors.py and "
        "the examples in tradecloud_domain/docgen.py. Do not edit: run `make docs`. -->",
        "Invalid input is refused with `InvalidInput` (a `ValueError`), the CLI's exit status 2, "
        "or, from `validate`, a list. Each problem has a JSON `path`, a rule `code` from the "
        "table below, and a `message`. All problems of an input are reported together; a rule "
        "that compares several values (such as an order's aggregate constraints) is checked once "
        "the values it compares are valid themselves. Unknown fields are never a problem "
        "(api/compatibility.md).",
        _table(["code", "meaning"], ([f"`{code}`", text] for code, text in RULE_CODES.items())),
        "## Examples",
        "Each example below is run by the test suite; the problem shown is what it produced.",
    ]
    for code, (title, shown, check) in ERROR_EXAMPLES.items():
        problem = next(p for p in check() if p.code == code)
        language = "json" if shown.startswith("{") and code != "json.syntax" else "text"
        parts.append(
            f"### `{code}`\n\n{title}:\n\n```{language}\n{shown}\n```\n\n"
            f"→ `{problem.path or '(document)'}`: {problem.message}"
        )
    return "\n\n".join(parts) + "\n"


# ------------------------------------------------------------------------------------------------
# docs/cli.md (from the argument parser) and docs/api.md (from the docstrings).
# ------------------------------------------------------------------------------------------------


def cli_page() -> str:
    """The Markdown of ``docs/cli.md``: the CLI's own help, command by command."""
    from .cli import build_parsers  # noqa: PLC0415 - the CLI imports this module

    parser, commands = build_parsers()
    parts = [
        "# Command line",
        "<!-- Generated by `tradecloud-domain docs cli` from the argument parser in "
        "tradecloud_domain/cli.py. Do not edit: run `make docs`. -->",
        "The same program is installed as `tradecloud-domain` and runs as "
        "`python -m tradecloud_domain`. Below is its own `--help`, for the program and for each "
        "command.",
        f"```text\n{parser.format_help().rstrip()}\n```",
    ]
    for name, command in commands.items():
        parts.append(f"## `{name}`\n\n```text\n{command.format_help().rstrip()}\n```")
    return "\n\n".join(parts) + "\n"


def _signature(obj: object) -> str:
    try:
        signature = str(inspect.signature(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return signature.replace("'", "")  # annotations are strings here; show them as written


def _members(cls: type) -> list[str]:
    """The documented properties and methods a class adds (fields are in its signature)."""
    found = []
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        target = member.func if isinstance(member, functools.cached_property) else member
        if isinstance(member, property | functools.cached_property):
            found.append(f"- `{name}`: {(inspect.getdoc(target) or '').splitlines()[0]}")
        elif inspect.isfunction(member) or isinstance(member, staticmethod):
            doc = (inspect.getdoc(member) or "").splitlines()
            found.append(f"- `{name}{_signature(member)}`: {doc[0] if doc else ''}")
    return found


def api_page() -> str:
    """The Markdown of ``docs/api.md``: every public name, its signature and its docstring."""
    import tradecloud_domain as package  # noqa: PLC0415 - the package imports this module

    parts = [
        "# Python API",
        "<!-- Generated by `tradecloud-domain docs api` from the docstrings of the names "
        "`tradecloud_domain` exports. Do not edit: run `make docs`. -->",
        inspect.getdoc(package) or "",
    ]
    groups: dict[str, list[str]] = {}
    for name in sorted(package.__all__, key=str.lower):
        obj = getattr(package, name)
        module = getattr(obj, "__module__", "") or ""
        if module.rpartition(".")[2] in messages.LATER_MODULES:  # defined when first used
            module = messages.__name__
        if isinstance(obj, types.UnionType):
            alias = " | ".join(f"`{member.__name__}`" for member in obj.__args__)
            groups.setdefault("tradecloud_domain (types)", []).append(
                f"### `{name}`\n\nAny of {alias}."
            )
            continue
        if isinstance(obj, Mapping):
            groups.setdefault("tradecloud_domain (tables)", []).append(
                f"### `{name}`\n\nA read-only table of {len(obj)} entries."
            )
            continue
        if isinstance(obj, type) and issubclass(obj, enum.Enum):
            values = ", ".join(f"`{member.value}`" for member in obj)
            body = f"{inspect.getdoc(obj) or ''}\n\nValues: {values}."
            heading = f"### `{name}`"
        elif isinstance(obj, type):
            heading = f"### `{name}{_signature(obj)}`"
            body = "\n\n".join(
                part for part in (inspect.getdoc(obj), "\n".join(_members(obj))) if part
            )
        else:
            heading = f"### `{name}{_signature(obj)}`"
            body = inspect.getdoc(obj) or ""
        groups.setdefault(module, []).append(f"{heading}\n\n{body}".rstrip())
    for module, entries in sorted(groups.items()):
        parts.append(f"## `{module}`")
        parts.extend(entries)
    return "\n\n".join(parts) + "\n"


def _single_delivery_page() -> str:
    from .docgen_single_delivery import single_delivery_page  # noqa: PLC0415 - it imports this module

    return single_delivery_page()


#: Every generated page: its file name under ``docs/`` and the function that renders it.
def schemas_page() -> str:
    """The Markdown of ``docs/schemas.md``: every committed JSON Schema, included from
    ``schemas/`` (written by ``make schemas``), so the page and the files cannot differ."""
    from . import schema  # noqa: PLC0415 - the generator is imported where it is used

    parts = [
        "# JSON Schemas",
        "",
        "<!-- Generated by `make docs` from tradecloud_domain/schema.py; do not edit. -->",
        "",
        "A JSON Schema (draft 2020-12) for the body of every route and for the order read model "
        "(the state), generated from the library's entities and validators (`tradecloud-domain "
        "schema ROUTE|state`; the files are in `schemas/`). A schema refuses what `validate` "
        "refuses wherever JSON Schema can say it; what it cannot say is listed in decision D57.",
        "",
    ]
    for target in schema.TARGETS:
        name = schema.file_name(target)
        title = "The order read model (`state`)" if target == schema.STATE else f"`/{target}`"
        parts += [
            f"## {title}",
            "",
            f'??? note "{name}"',
            "",
            "    ```json",
            f'    --8<-- "schemas/{name}"',
            "    ```",
            "",
        ]
    return "\n".join(parts)


def _json_type(kind: object) -> tuple[str, type | None]:
    """How a field's type reads in JSON, and the attrs class to describe inside it."""
    import datetime  # noqa: PLC0415 - only the docs build needs these
    import typing  # noqa: PLC0415
    from decimal import Decimal  # noqa: PLC0415

    import attrs  # noqa: PLC0415

    from .readmodel import Code, EventDates, Instant  # noqa: PLC0415

    args = [a for a in typing.get_args(kind) if a is not type(None)]
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        return _json_type(args[0])
    if typing.get_origin(kind) is tuple:
        inner, nested = _json_type(args[0])
        return f"array of {inner}", nested
    if kind is EventDates:
        return "object: event name → date-time with zone", None
    if isinstance(kind, type) and attrs.has(kind):
        return "object", kind
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in kind), None
    names: dict[object, str] = {
        str: "string",
        bool: "boolean",
        int: "integer",
        Decimal: "decimal",
        datetime.date: "date `yyyy-MM-dd`",
        datetime.datetime: "local date-time `yyyy-MM-ddThh:mm:ss`",
        Instant: "date-time with zone, `2025-04-23T10:01:53.812Z`",
        Code: "code: a string without whitespace",
    }
    return names.get(kind, str(kind)), None


def _field_rows(cls: type, prefix: str) -> Iterable[tuple[str, str]]:
    import typing  # noqa: PLC0415

    import attrs  # noqa: PLC0415

    from ._names import json_name  # noqa: PLC0415

    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        described, nested = _json_type(hints[field.name])
        if field.metadata.get("flatten") and nested is not None:
            yield from _field_rows(nested, prefix)  # its fields sit on the owner itself
            continue
        path = f"{prefix}{json_name(field.name)}"
        array = described.startswith("array of")
        yield path, described
        if nested is not None:
            yield from _field_rows(nested, f"{path}[]." if array else f"{path}.")


def read_model_page() -> str:
    """The Markdown of ``docs/read-model.md``: every field of the order read model this library
    keeps, and the fields it computes."""
    from .entities import Line, Order  # noqa: PLC0415
    from .views import VIEWS  # noqa: PLC0415

    order_fields = [
        row
        for row in _field_rows(Order, "")
        if not row[0].startswith("lines")  # the lines get their own table
    ]
    line_fields = list(_field_rows(Line, "lines[]."))
    parts = [
        "# The order read model",
        "<!-- Generated by `tradecloud-domain docs read-model` from the entities and "
        "tradecloud_domain/views.py. Do not edit: run `make docs`. -->",
        "The order as Tradecloud returns it, by webhook (`orderEvent`) and by polling "
        f"({page_link('order/buyer/receive/README.md')}, "
        f"{page_link('order/supplier/receive/README.md')}). `parse_order` reads every field "
        "below and `dump_order` writes it back unchanged; unknown fields are ignored "
        "(decision D70). A webhook body names the order's `id` `orderId`; both are read.",
        "## Order",
        "| JSON path | Type |\n|---|---|\n"
        + "\n".join(f"| `{path}` | {kind} |" for path, kind in order_fields)
        + "\n| `status.processStatus`, `status.logisticsStatus` | computed: the aggregation of "
        "the lines' statuses (decisions D2, D13) |",
        "## Lines",
        "| JSON path | Type |\n|---|---|\n"
        + "\n".join(f"| `{path}` | {kind} |" for path, kind in line_fields),
        "## Computed line fields",
        "Derived from the line on every dump and never read from a state (decision D72); each "
        "is a function of `tradecloud_domain.views`.",
        "| JSON path | Function | What it is |\n|---|---|---|\n"
        + "\n".join(
            f"| `lines[].{name}` | `{view.__name__}` | "
            f"{' '.join((inspect.getdoc(view) or '').split())} |"
            for name, view in VIEWS.items()
        ),
    ]
    return "\n\n".join(parts) + "\n"


PAGES: Final[dict[str, Callable[[], str]]] = {
    "rules": rules_page,
    "errors": errors_page,
    "cli": cli_page,
    "api": api_page,
    "single-delivery": _single_delivery_page,
    "schemas": schemas_page,
    "read-model": read_model_page,
}
