"""Documentation generated from the rules module, never written by hand.

:func:`rules_page` renders ``docs/rules.md``: each machine as a Mermaid diagram (drawn by
:mod:`transitions`' Mermaid backend from the machine itself) and as tables read from the same
specification rows the machine was built from, then every other rule. A test compares the
committed page with this output, so the page cannot go stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from transitions import Machine

from .machine import (
    INDICATORS,
    LOGISTICS_MACHINE,
    LOGISTICS_MOVES,
    LOGISTICS_REFUSALS,
    LOGISTICS_TRANSITIONS,
    PRECEDENCE,
    PROCESS_MACHINE,
    PROCESS_MOVES,
    PROCESS_REFUSALS,
    PROCESS_TRANSITIONS,
    RULES,
    RefusalSpec,
    TransitionSpec,
    Trigger,
)

__all__ = ["DOCS_REPOSITORY", "page_link", "rules_page"]

DOCS_REPOSITORY: Final = "https://github.com/tradecloud/tradecloud-docs-api-v2/blob/master/"


def page_link(page: str) -> str:
    """A Markdown link to a rule's source page (Tradecloud's docs, or this project's docs/)."""
    if page.startswith("docs/"):
        return f"[{page.removeprefix('docs/')}]({page.removeprefix('docs/')})"
    return f"[{page}]({DOCS_REPOSITORY}{page})"


def _mermaid(machine: Machine) -> str:
    """The machine's diagram, drawn by transitions, without the 'current state' styling."""

    class _Model:
        pass

    model = _Model()
    machine.add_model(model)
    try:
        source: str = model.get_graph().draw(None)  # type: ignore[attr-defined]
    finally:
        machine.remove_model(model)
    # Drop transitions' front matter (its title lacks the "title:" key Mermaid expects) and the
    # styling that marks the model's current state: a rules page has no current state.
    body = source.split("stateDiagram-v2", 1)[1]
    keep = [
        line
        for line in body.splitlines()
        if line.strip() and not line.strip().startswith(("classDef ", "Class "))
    ]
    return "```mermaid\nstateDiagram-v2\n" + "\n".join(keep) + "\n```"


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
    machine: Machine,
    transitions: Sequence[TransitionSpec],
    refusals: Sequence[RefusalSpec],
    moves: dict[tuple[str, Trigger], object],
) -> str:
    states = list(dict.fromkeys(state for state, _ in moves))
    return "\n\n".join(
        [
            f"## {title}",
            _mermaid(machine),
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


def rules_page() -> str:
    """The Markdown of ``docs/rules.md``."""
    used = {s.rule for s in (*PROCESS_TRANSITIONS, *LOGISTICS_TRANSITIONS)} | {
        r.rule for r in (*PROCESS_REFUSALS, *LOGISTICS_REFUSALS)
    }
    other = [rule for rule in RULES.values() if rule.id not in used]
    parts = [
        "# Rules",
        "<!-- Generated by `tradecloud-domain rules` from tradecloud_domain/machine.py. "
        "Do not edit: run `make docs`. -->",
        "Every status change this library makes is decided by a rule on this page. Each rule "
        "names the Tradecloud documentation page it comes from; where those pages are silent or "
        "contradict each other, the rule points at the [decisions register](decisions.md).",
        _section(
            "Line process status",
            PROCESS_MACHINE,
            PROCESS_TRANSITIONS,
            PROCESS_REFUSALS,
            dict(PROCESS_MOVES),
        ),
        _section(
            "Line logistics status",
            LOGISTICS_MACHINE,
            LOGISTICS_TRANSITIONS,
            LOGISTICS_REFUSALS,
            dict(LOGISTICS_MOVES),
        ),
        _indicators(),
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
