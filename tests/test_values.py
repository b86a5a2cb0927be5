"""The model's values behave as attrs' own frozen classes: ``tradecloud_domain._values.frozen``
shares ``__eq__``, ``__hash__`` and ``__repr__`` instead of compiling them per class."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradecloud_domain import LineStatus, Money, Problem, ProcessStatus, _values
from tradecloud_domain._values import frozen


@frozen
class Shared:
    name: str
    amount: Decimal | None = None
    note: str = attrs.field(default="", eq=False)
    secret: str = attrs.field(default="", repr=False)


@attrs.frozen
class Written:
    """The same fields, with the methods attrs writes."""

    name: str
    amount: Decimal | None = None
    note: str = attrs.field(default="", eq=False)
    secret: str = attrs.field(default="", repr=False)


class SharedChild(Shared):
    __slots__ = ()


@frozen
class Single:
    value: int


@frozen
class Empty:
    pass


FIELDS = st.tuples(
    st.sampled_from(["a", "b"]),
    st.none() | st.sampled_from([Decimal("1"), Decimal("1.0"), Decimal("2")]),
    st.sampled_from(["", "x"]),
    st.sampled_from(["", "y"]),
)


@given(FIELDS, FIELDS)
def test_equality_and_hash_agree_with_attrs(one: tuple, other: tuple) -> None:  # type: ignore[type-arg]
    shared, written = (Shared(*one), Shared(*other)), (Written(*one), Written(*other))
    assert (shared[0] == shared[1]) == (written[0] == written[1])
    assert (shared[0] != shared[1]) == (written[0] != written[1])
    if shared[0] == shared[1]:
        assert hash(shared[0]) == hash(shared[1])


@given(FIELDS)
def test_repr_is_attrs_repr(fields: tuple) -> None:  # type: ignore[type-arg]
    assert repr(Shared(*fields)) == repr(Written(*fields)).replace("Written(", "Shared(")


def test_equality_needs_the_very_same_class() -> None:
    assert Shared("a") != SharedChild("a")
    assert Shared("a").__eq__(Written("a")) is NotImplemented
    same_fields: object = ("a", None, "", "")
    assert Shared("a") != same_fields
    assert (
        repr(SharedChild("a", Decimal("1")))
        == "SharedChild(name='a', amount=Decimal('1'), note='')"
    )


def test_one_field_and_no_field() -> None:
    assert Single(1) == Single(1) and Single(1) != Single(2)
    assert hash(Single(1)) == hash(Single(1))
    assert repr(Single(1)) == "Single(value=1)"
    assert Empty() == Empty() and hash(Empty()) == hash(Empty())
    assert repr(Empty()) == "Empty()"


def test_values_stay_frozen_and_slotted() -> None:
    value = Shared("a")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        value.name = "b"  # type: ignore[misc]
    assert not hasattr(value, "__dict__")


def test_the_library_values_use_them() -> None:
    """The model's classes get the shared methods; a class that asks attrs for more (here a
    cached hash) keeps attrs' own."""
    for method in (Money.__eq__, Money.__hash__, Problem.__repr__):
        assert not method.__code__.co_filename.startswith("<attrs generated")
        assert method.__qualname__.split(".")[0] in ("Money", "Problem")
    assert LineStatus.__hash__.__code__.co_filename.startswith("<attrs generated")
    assert hash(LineStatus(ProcessStatus.CONFIRMED)) == hash(LineStatus(ProcessStatus.CONFIRMED))


def test_equality_and_hash_are_compiled_when_first_used() -> None:
    @frozen
    class Fresh:
        one: int
        two: str = "x"

    stand_ins = Fresh.__eq__, Fresh.__hash__
    assert {m.__code__.co_filename for m in stand_ins} == {_values.__file__}
    assert Fresh(1) == Fresh(1) and Fresh(1) != Fresh(1, "y")
    assert hash(Fresh(1)) == hash(Fresh(1))
    assert Fresh.__eq__ is not stand_ins[0] and Fresh.__hash__ is not stand_ins[1]
    assert Fresh.__eq__.__code__.co_filename.endswith("Fresh.__eq__>")
    assert Fresh.__hash__.__code__.co_filename.endswith("Fresh.__hash__>")
    assert Fresh(1) == Fresh(1) and hash(Fresh(2)) == hash(Fresh(2))


def test_a_field_compared_by_a_function_is_refused() -> None:
    with pytest.raises(TypeError, match="eq or repr by a function"):

        @frozen
        class Lowered:
            name: str = attrs.field(eq=str.lower)
