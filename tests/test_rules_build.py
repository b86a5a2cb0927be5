"""How the rules module builds its tables: the helpers, each on its own, and the whole build run
again at test time (the tables are built once, when first used, so only a build run again checks
the code that builds them)."""

from __future__ import annotations

import itertools

import pytest
from transitions.extensions import HierarchicalMachine

from tradecloud_domain import InProgressStatus, LineStatus, LogisticsStatus, ProcessStatus
from tradecloud_domain import machine as m
from tradecloud_domain.machine import RefusalSpec, Rule, TransitionSpec, Trigger


def test_the_whole_build_gives_the_same_tables_when_run_again() -> None:
    assert (
        m._compile(m.PROCESS_MACHINE, m.PROCESS_REFUSALS, m.PROCESS_TRANSITIONS) == m.PROCESS_MOVES
    )
    assert (
        m._compile(m.LOGISTICS_MACHINE, m.LOGISTICS_REFUSALS, m.LOGISTICS_TRANSITIONS)
        == m.LOGISTICS_MOVES
    )
    statuses = tuple(
        status
        for process, logistics in itertools.product(
            m._leaves(m.PROCESS_MACHINE), m._leaves(m.LOGISTICS_MACHINE)
        )
        if (status := m._valid(process, logistics)) is not None
    )
    assert statuses == m.LINE_STATUSES
    for status, trigger in itertools.product(m.LINE_STATUSES, Trigger):
        assert m._combine(status, trigger) == m.STEPS.get((status, trigger)), (status, trigger)
    assert m._machine_transitions(m.PROCESS_TRANSITIONS) == list(
        m.PROCESS_DEFINITION["transitions"]
    )


def test_duplicate_rule_ids_are_refused() -> None:
    rule = Rule("x", "p.md", "t.")
    assert dict(m._rules(rule)) == {"x": rule}
    with pytest.raises(AssertionError, match=r"^duplicate rule id$"):
        m._rules(rule, Rule("x", "q.md", "u."))


def test_state_names() -> None:
    assert m.ip(InProgressStatus.OPEN_SUPPLIER_PROPOSAL) == "InProgress_OpenSupplierProposal"
    assert m._process_of("InProgress_OpenSupplierProposal") == (
        ProcessStatus.IN_PROGRESS,
        InProgressStatus.OPEN_SUPPLIER_PROPOSAL,
    )
    assert m._process_of("Confirmed") == (ProcessStatus.CONFIRMED, None)
    assert m.all_process_states_but(ProcessStatus.ISSUED) == (
        "InProgress",
        "Confirmed",
        "Rejected",
        "Completed",
        "Cancelled",
    )
    assert m._all_but("Confirmed") == ("Issued", "InProgress", "Rejected", "Completed", "Cancelled")
    kept = m._all_but(m.PROPOSAL, m.SUPPLIER_REOPEN)
    assert "InProgress" not in kept and m.PROPOSAL not in kept and m.SUPPLIER_REOPEN not in kept
    assert m.ip(InProgressStatus.REISSUED_REJECTED_LINE) in kept
    assert len(kept) == 5 + len(InProgressStatus) - 2


def test_valid_line_statuses() -> None:
    assert m._valid("InProgress", "Open") is None
    assert m._valid("Cancelled", "Open") is None
    assert m._valid("Issued", "Cancelled") is None
    assert m._valid("Cancelled", "Cancelled") == LineStatus(
        ProcessStatus.CANCELLED, LogisticsStatus.CANCELLED
    )
    assert m._valid("InProgress_ReissuedRejectedLine", "Shipped") == LineStatus(
        ProcessStatus.IN_PROGRESS, LogisticsStatus.SHIPPED, InProgressStatus.REISSUED_REJECTED_LINE
    )


def toy(transitions: list[TransitionSpec]) -> HierarchicalMachine:
    return HierarchicalMachine(
        model=None,
        states=["A", {"name": "B", "children": ["x", "y"]}],
        transitions=m._machine_transitions(transitions),
        initial="A",
        auto_transitions=False,
    )


def test_compile_follows_the_machine_and_its_refusals() -> None:
    rules = {
        "go": Rule("go", "p.md", "go."),
        "stay": Rule("stay", "p.md", "stay."),
        "no": Rule("no", "p.md", "no."),
    }
    original = dict(m.RULES)
    specs = [
        TransitionSpec(Trigger.CANCEL, ("A",), "B_x", "go"),
        TransitionSpec(Trigger.CANCEL, ("B",), None, "stay"),
        TransitionSpec(Trigger.CANCEL, ("B_y",), "A", "go"),
    ]
    try:
        m.RULES = {**original, **rules}  # type: ignore[misc]
        table = m._compile(toy(specs), [], specs)
        assert m._leaves(toy(specs)) == ("A", "B_x", "B_y")
        assert {k: (v.dest, v.rule.id) for k, v in table.items()} == {
            ("A", Trigger.CANCEL): ("B_x", "go"),
            ("B_x", Trigger.CANCEL): ("B_x", "stay"),
            ("B_y", Trigger.CANCEL): ("A", "go"),
            # The parent itself (a state without its sub-state): its own transitions.
            ("B", Trigger.CANCEL): ("B", "stay"),
        }
        partial = specs[:1]
        with pytest.raises(AssertionError, match="exactly one transition or refusal"):
            m._compile(toy(partial), [], partial)
        refused = m._compile(toy(partial), [RefusalSpec(Trigger.CANCEL, ("B",), "no")], partial)
        assert refused[("B_y", Trigger.CANCEL)].dest is None
        assert refused[("B_y", Trigger.CANCEL)].rule.id == "no"
        assert refused[("B", Trigger.CANCEL)].rule.id == "no"
        unknown = m._compile(
            toy(partial), [RefusalSpec(Trigger.CANCEL, ("B_x", "B_y"), "no")], partial
        )
        assert unknown[("B", Trigger.CANCEL)].rule.id == "in-progress.unknown"
        with pytest.raises(AssertionError, match="exactly one transition or refusal"):
            m._compile(toy(specs), [RefusalSpec(Trigger.CANCEL, ("A",), "no")], specs)
    finally:
        m.RULES = original  # type: ignore[misc]


def test_combine_decides_process_first_and_logistics_along() -> None:
    shipped = LineStatus(ProcessStatus.CONFIRMED, LogisticsStatus.SHIPPED)
    cancelled = m._combine(shipped, Trigger.CANCEL)
    assert cancelled is not None
    assert (cancelled.allowed, cancelled.after, cancelled.rule.id) == (
        True,
        LineStatus(ProcessStatus.CANCELLED, LogisticsStatus.CANCELLED),
        "cancel",
    )
    assert (cancelled.changes, cancelled.closes_requests) == (True, False)
    proposal = LineStatus(
        ProcessStatus.IN_PROGRESS, LogisticsStatus.OPEN, InProgressStatus.OPEN_SUPPLIER_PROPOSAL
    )
    approved = m._combine(proposal, Trigger.APPROVE_PROPOSAL)
    assert (
        approved is not None
        and approved.closes_requests
        and approved.after.logistics_status is LogisticsStatus.OPEN
    )
    stays = m._combine(LineStatus(ProcessStatus.ISSUED, LogisticsStatus.OPEN), Trigger.UPDATE)
    assert stays is not None and (stays.allowed, stays.changes) == (True, False)
    ship = m._combine(
        LineStatus(ProcessStatus.COMPLETED, LogisticsStatus.READY_TO_SHIP), Trigger.SHIP
    )
    assert ship is not None and ship.after == LineStatus(
        ProcessStatus.COMPLETED, LogisticsStatus.SHIPPED
    )
    refused = m._combine(
        LineStatus(ProcessStatus.CANCELLED, LogisticsStatus.CANCELLED), Trigger.SHIP
    )
    assert refused is not None and (refused.allowed, refused.rule.id) == (False, "ship.refused")
    blocked = m._combine(LineStatus(ProcessStatus.COMPLETED, LogisticsStatus.OPEN), Trigger.CANCEL)
    assert blocked is not None and (blocked.allowed, blocked.rule.id) == (
        False,
        "cancel.refused.completed",
    )


def test_a_status_code_gives_back_its_status() -> None:
    """A step table compiles a missing step from the status code alone."""
    every = [
        LineStatus(process, logistics, in_progress)
        for process, logistics, in_progress in itertools.product(
            ProcessStatus, LogisticsStatus, (None, *InProgressStatus)
        )
    ]
    assert len({status.code for status in every}) == len(every)
    for status in every:
        assert LineStatus.of_code(status.code) == status
    for code in (-1, max(status.code for status in every) + 1):
        with pytest.raises(KeyError):
            LineStatus.of_code(code)
