"""The compiled rules agree with the transitions machines they come from, and are complete."""

from __future__ import annotations

import itertools

import pytest
from transitions import MachineError

from tradecloud_domain import InProgressStatus, LineStatus, LogisticsStatus, ProcessStatus
from tradecloud_domain.machine import (
    LINE_STATUSES,
    LOGISTICS_MACHINE,
    LOGISTICS_MOVES,
    PROCESS_MACHINE,
    PROCESS_MOVES,
    RULES,
    STEPS,
    Trigger,
    process_state,
    step,
)


class Model:
    """A throwaway model, attached to a machine only for the duration of one check."""

    state: str


def run_machine(machine: object, state: str, trigger: Trigger) -> str | None:
    """Drive THE machine itself from ``state`` with ``trigger``; ``None`` when it refuses."""
    model = Model()
    machine.add_model(model, initial=state)  # type: ignore[attr-defined]
    try:
        try:
            model.trigger(trigger.value)  # type: ignore[attr-defined]
        except MachineError:
            return None
        return model.state
    finally:
        machine.remove_model(model)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("machine", "moves"),
    [(PROCESS_MACHINE, PROCESS_MOVES), (LOGISTICS_MACHINE, LOGISTICS_MOVES)],
    ids=["process", "logistics"],
)
def test_compiled_table_agrees_with_the_machine(machine: object, moves: dict) -> None:  # type: ignore[type-arg]
    checked = 0
    for (state, trigger), move in moves.items():
        assert run_machine(machine, state, trigger) == move.dest, (state, trigger)
        checked += 1
    assert checked == len(moves) > 0


def test_every_process_state_has_one_answer_for_every_trigger() -> None:
    leaves = {state for state, _ in PROCESS_MOVES}
    expected = {process_state(s) for s in ProcessStatus if s is not ProcessStatus.IN_PROGRESS}
    expected |= {process_state(ProcessStatus.IN_PROGRESS, i) for i in InProgressStatus}
    # InProgress itself: a line Tradecloud sends without its inProgressStatus (decision D14).
    expected.add(ProcessStatus.IN_PROGRESS.value)
    assert leaves == expected
    triggers = [Trigger(name) for name in PROCESS_MACHINE.events]
    assert set(triggers) == set(Trigger) - {Trigger.SHIP, Trigger.DELIVER}
    for state, trigger in itertools.product(leaves, triggers):
        assert (state, trigger) in PROCESS_MOVES


def test_every_logistics_state_has_one_answer_for_every_trigger() -> None:
    triggers = [Trigger(name) for name in LOGISTICS_MACHINE.events]
    for state, trigger in itertools.product(LogisticsStatus, triggers):
        assert (state.value, trigger) in LOGISTICS_MOVES


def test_machine_is_built_once_and_shared() -> None:
    """No per-line machines: the module's machines carry no models of their own."""
    assert PROCESS_MACHINE.models == []
    assert LOGISTICS_MACHINE.models == []


def test_line_statuses_are_exactly_the_consistent_ones() -> None:
    """Any combination of known values can be held (a state is read, D14); the consistent ones
    are LINE_STATUSES, the others say what is unusual about them."""
    unusual = 0
    for process, logistics, in_progress in itertools.product(
        ProcessStatus, LogisticsStatus, [None, *InProgressStatus]
    ):
        consistent = (process is ProcessStatus.IN_PROGRESS) == (in_progress is not None) and (
            process is ProcessStatus.CANCELLED
        ) == (logistics is LogisticsStatus.CANCELLED)
        status = LineStatus(process, logistics, in_progress)
        assert (status in LINE_STATUSES) == consistent
        assert (status.contradictions() == ()) == consistent
        unusual += not consistent
    assert unusual == 6 * 6 * 12 - len(LINE_STATUSES)


def test_every_combination_has_a_step_and_what_moves_is_consistent() -> None:
    """The rules read every combination of known values; a status they move a line to is
    consistent, whatever it started from (D14)."""
    for process, logistics, in_progress in itertools.product(
        ProcessStatus, LogisticsStatus, [None, *InProgressStatus]
    ):
        status = LineStatus(process, logistics, in_progress)
        for trigger in Trigger:
            result = step(status, trigger)
            assert result.rule.id in RULES
            if not result.allowed:
                assert result.after == status
            elif result.after.process_status is not process:
                assert result.after.contradictions() == (), (status, trigger)


def test_in_progress_without_its_sub_status() -> None:
    """A line InProgress without inProgressStatus: rules for every InProgress line apply; the
    answers that need to know which request is open refuse (rule in-progress.unknown)."""
    bare = LineStatus(ProcessStatus.IN_PROGRESS, LogisticsStatus.OPEN)
    assert step(bare, Trigger.CANCEL).after.process_status is ProcessStatus.CANCELLED
    assert step(bare, Trigger.UPDATE).after == bare
    assert step(bare, Trigger.RESPOND_ACCEPT).after.process_status is ProcessStatus.CONFIRMED
    for trigger in (Trigger.APPROVE_PROPOSAL, Trigger.REJECT_SUPPLIER_REOPEN, Trigger.AUTO_CONFIRM):
        result = step(bare, trigger)
        assert (result.allowed, result.rule.id) == (False, "in-progress.unknown")


def test_steps_cover_every_line_status_and_trigger() -> None:
    assert len(STEPS) == len(LINE_STATUSES) * len(Trigger)
    for status, trigger in itertools.product(LINE_STATUSES, Trigger):
        result = step(status, trigger)
        assert result.rule.id in RULES
        if not result.allowed:
            assert result.after == status


def test_cancel_moves_logistics_to_cancelled_from_any_open_logistics_status() -> None:
    for logistics in LogisticsStatus:
        if logistics is LogisticsStatus.CANCELLED:
            continue
        result = step(LineStatus(ProcessStatus.CONFIRMED, logistics), Trigger.CANCEL)
        assert result.after == LineStatus(ProcessStatus.CANCELLED, LogisticsStatus.CANCELLED)


def test_every_rule_names_a_page_and_a_sentence() -> None:
    for rule in RULES.values():
        assert rule.page.endswith(".md"), rule
        assert rule.text.endswith((".", ")")), rule
