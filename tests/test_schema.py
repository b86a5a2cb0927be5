"""The JSON Schemas: fresh, valid for every vector, and refusing what ``validate`` refuses."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tradecloud_domain import from_json, to_json, validate, validate_order
from tradecloud_domain.errors import Problem
from tradecloud_domain.schema import (
    DATETIME,
    STATE,
    TARGETS,
    SchemaGap,
    _Builder,
    file_name,
    schema,
    schemas,
)

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "schemas"
VECTORS = sorted(p for p in (ROOT / "vectors").glob("*.json") if p.name != "index.json")
CASES = [json.loads(p.read_text(encoding="utf-8")) for p in VECTORS]


@cache
def validator(target: str) -> Draft202012Validator:
    shaped = json.loads((FOLDER / file_name(target)).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(shaped)
    return Draft202012Validator(shaped, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_committed_schemas_are_fresh() -> None:
    generated = schemas()
    committed = sorted(p.name for p in FOLDER.glob("*.json"))
    assert committed == sorted(generated), "schemas/ is stale: run `make schemas`"
    for name, shaped in generated.items():
        text = (FOLDER / name).read_text(encoding="utf-8")
        assert text == to_json(shaped) + "\n", f"schemas/{name} is stale: run `make schemas`"


@pytest.mark.parametrize("target", TARGETS)
def test_each_schema_is_a_valid_draft_2020_12_schema(target: str) -> None:
    Draft202012Validator.check_schema(schema(target))
    assert schema(target)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_every_vector_validates_against_its_schemas(path: Path) -> None:
    """The message against its route's schema; the state and the order produced against the
    read model's (the library is strict in what it produces)."""
    vector = json.loads(path.read_text(encoding="utf-8"))
    for target, document in (
        (vector["route"], vector["message"]),
        (STATE, vector["state"]),
        (STATE, vector["expected"].get("order")),
    ):
        if document is not None:
            errors = [e.message for e in validator(target).iter_errors(document)]
            assert errors == [], (target, errors)


# ------------------------------------------------------------------------------------------------
# The schema's verdict against validate's, on inputs broken on purpose.
# ------------------------------------------------------------------------------------------------

_DATETIME = re.compile(DATETIME)


def _beyond_schema(problem: Problem) -> bool:
    """The problems a JSON Schema cannot state (decision D57)."""
    if problem.code == "position.duplicate":
        return True  # unique positions among objects
    if problem.code == "type.datetime":  # a well-formed date-time naming a day that does not exist
        quoted = re.search(r"'([^']*)'$", problem.message)
        return quoted is not None and _DATETIME.match(quoted.group(1)) is not None
    return False


def verdicts(target: str, document: Any) -> tuple[bool, tuple[Problem, ...]]:
    """The schema's verdict (on the JSON as any program reads it) and validate's problems."""
    text = json.dumps(document, default=str)
    plain = json.loads(text)
    data = from_json(text)
    problems = validate_order(data) if target == STATE else validate(target, data)
    return validator(target).is_valid(plain), tuple(p for p in problems if p.fatal)


def assert_agree(target: str, document: Any) -> None:
    accepted, problems = verdicts(target, document)
    if accepted:
        assert all(map(_beyond_schema, problems)), (target, problems)
    else:
        assert problems, f"the {target} schema refuses what validate accepts: {document}"


def _line(**fields: Any) -> dict[str, Any]:
    return {"position": "0001", **fields}


def _order(*lines: dict[str, Any], **header: Any) -> dict[str, Any]:
    return {"order": {"purchaseOrderNumber": "PO-1", **header}, "lines": list(lines)}


def _state_line(**status: Any) -> dict[str, Any]:
    return {
        "buyerOrder": {"purchaseOrderNumber": "PO-1"},
        "lines": [{"buyerLine": {"position": "1"}, "status": status}],
    }


def _response(*lines: dict[str, Any]) -> dict[str, Any]:
    header = {"buyerAccountNumber": "B-1", "purchaseOrderNumber": "PO-1"}
    return {"order": header, "lines": list(lines)}


_DELIVERY = {"date": "2026-01-05", "quantity": 1}

#: (what, target, document, whether validate accepts it): each rule JSON Schema can state.
TABLE: list[tuple[str, str, Any, bool]] = [
    ("valid order", "order", _order(_line(deliverySchedule=[_DELIVERY])), True),
    ("order missing", "order", {"lines": []}, False),
    ("required null", "order", {"order": {"purchaseOrderNumber": None}}, False),
    ("number for a string", "order", _order(_line(position=1)), False),
    ("string for a boolean", "order", _order(indicators={"cancelled": "true"}), False),
    ("object for an array", "order", {"order": {"purchaseOrderNumber": "P"}, "lines": {}}, False),
    ("space in an identifier", "order", {"order": {"purchaseOrderNumber": "PO 1"}}, False),
    ("no-break space", "order", {"order": {"purchaseOrderNumber": "PO\u00a01"}}, False),
    ("empty identifier", "order", {"order": {"purchaseOrderNumber": ""}}, False),
    ("item number may be empty", "order", _order(_line(item={"number": ""})), True),
    ("item number with a tab", "order", _order(_line(item={"number": "A\tB"})), False),
    ("500 lines", "order", _order(*(_line(position=str(n)) for n in range(500))), True),
    ("501 lines", "order", _order(*(_line(position=str(n)) for n in range(501))), False),
    (
        "100 delivery lines",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "position": str(n)} for n in range(100)])),
        True,
    ),
    (
        "101 delivery lines",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "position": str(n)} for n in range(101)])),
        False,
    ),
    (
        "day-first date",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "date": "05-01-2026"}])),
        False,
    ),
    (
        "30 February",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "date": "2026-02-30"}])),
        False,
    ),
    (
        "negative quantity",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "quantity": -1}])),
        False,
    ),
    (
        "negative text quantity",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "quantity": "-0.5"}])),
        False,
    ),
    (
        "minus zero",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "quantity": "-0.0"}])),
        True,
    ),
    (
        "text quantity",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "quantity": "1e3"}])),
        True,
    ),
    (
        "NaN quantity",
        "order",
        _order(_line(deliverySchedule=[{**_DELIVERY, "quantity": "NaN"}])),
        False,
    ),
    ("date-time with a space", "order", _order(erpIssueDateTime="2026-01-05 10:00:00"), False),
    ("date-time with an offset", "order", _order(erpIssueDateTime="2026-01-05T10:00:00Z"), False),
    ("local date-time", "order", _order(erpIssueDateTime="2026-01-05T10:00:00"), True),
    (
        "fractional version",
        "order/revert-cancelled-lines",
        {"linePositions": ["1"], "version": 1.5},
        False,
    ),
    (
        "whole version as 2.0",
        "order/revert-cancelled-lines",
        {"linePositions": ["1"], "version": 2.0},
        True,
    ),
    ("repeated line position", "order/approve-proposal", {"linePositions": ["1", "1"]}, False),
    ("line position with a space", "order/approve-proposal", {"linePositions": ["1 2"]}, False),
    ("no line positions", "order/approve-proposal", {}, False),
    ("response without lines", "order-response", _response(), False),
    (
        "accepted and rejected",
        "order-response",
        _response(
            {"purchaseOrderLinePosition": "1", "indicators": {"accepted": True, "rejected": True}}
        ),
        False,
    ),
    (
        "accepted, not rejected",
        "order-response",
        _response(
            {"purchaseOrderLinePosition": "1", "indicators": {"accepted": True, "rejected": False}}
        ),
        True,
    ),
    ("unknown status", STATE, _state_line(processStatus="Paused", logisticsStatus="Open"), False),
    # Unusual status combinations are read, with a warning (decision D14): both accept them.
    ("InProgress without why", STATE, _state_line(processStatus="InProgress"), True),
    (
        "InProgress with why",
        STATE,
        _state_line(processStatus="InProgress", inProgressStatus="OpenSupplierProposal"),
        True,
    ),
    ("why without InProgress", STATE, _state_line(inProgressStatus="OpenSupplierProposal"), True),
    ("Cancelled but Open", STATE, _state_line(processStatus="Cancelled"), True),
    ("Issued but Cancelled", STATE, _state_line(logisticsStatus="Cancelled"), True),
    (
        "Cancelled twice",
        STATE,
        _state_line(processStatus="Cancelled", logisticsStatus="Cancelled"),
        True,
    ),
    ("no status at all", STATE, _state_line(), True),
    ("unknown fields", STATE, {**_state_line(), "supplierOrder": {"x": 1}}, True),
]


@pytest.mark.parametrize(("what", "target", "document", "valid"), TABLE, ids=[t[0] for t in TABLE])
def test_schema_and_validate_agree_on_each_rule(
    what: str, target: str, document: Any, valid: bool
) -> None:
    accepted, problems = verdicts(target, document)
    assert (not problems) is valid, problems
    assert accepted is valid


# Values that break one rule or another when put anywhere in a message.
POOL: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    "",
    "x",
    "a b",
    "0001",
    "-0.5",
    "1e3",
    "NaN",
    "2026-01-05",
    "2026-02-30",
    "05-01-2026",
    "2026-01-05T10:00:00",
    "2026-01-05 10:00",
    "Cancelled",
    "InProgress",
    "Paused",
    [],
    {},
    ["x"],
    [{}],
]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, (*path, index))
    return found


@st.composite
def broken(draw: st.DrawFn) -> tuple[str, Any]:
    vector = draw(st.sampled_from(CASES))
    target, document = draw(
        st.sampled_from(
            [(vector["route"], vector["message"])]
            + ([(STATE, vector["state"])] if vector["state"] is not None else [])
        )
    )
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(_nodes(document)))
        if not path:
            continue
        *head, last = path
        parent = document
        for key in head:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "grow"]))
        if action == "delete":
            del parent[last]
        elif action == "grow" and isinstance(parent[last], list) and parent[last]:
            items = parent[last]
            parent[last] = [copy.deepcopy(items[n % len(items)]) for n in range(501)]
        else:
            # A copy: the second mutation may change what the first put in place, and the pool
            # must stay as it is for every other example (hypothesis replays draws over it).
            parent[last] = copy.deepcopy(draw(st.sampled_from(POOL)))
    return target, document


@settings(deadline=None)
@given(broken())
def test_schema_and_validate_agree_on_broken_vectors(case: tuple[str, Any]) -> None:
    assert_agree(*case)


# ------------------------------------------------------------------------------------------------
# The generator: no rule left out silently, and out of the package's import path.
# ------------------------------------------------------------------------------------------------


def _odd(_: object, __: attrs.Attribute[Any], value: object) -> None:
    """A validator the generator has no rendering for."""


@attrs.frozen
class _WithUnknownValidator:
    code: str = attrs.field(validator=_odd)


@attrs.frozen
class _WithUnknownInvariant:
    code: str

    def __attrs_post_init__(self) -> None:
        pass


@pytest.mark.parametrize("cls", [_WithUnknownValidator, _WithUnknownInvariant])
def test_a_rule_without_a_rendering_stops_the_generation(cls: type) -> None:
    with pytest.raises(SchemaGap):
        _Builder().object(cls)


def test_quantities_keep_their_digits_in_the_schema_verdict() -> None:
    assert verdicts(
        "order", _order(_line(deliverySchedule=[{**_DELIVERY, "quantity": Decimal("0.1")}]))
    )[0]


def test_importing_the_package_does_not_load_the_generator() -> None:
    code = "import sys, tradecloud_domain; print('tradecloud_domain.schema' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
