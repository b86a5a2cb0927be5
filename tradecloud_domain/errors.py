"""Problems with input, and the one exception type that carries them.

Every refusal of input names where (a JSON path such as ``lines[3].deliverySchedule[0].quantity``),
which rule (a stable code from :data:`RULE_CODES`) and why (a sentence). Callers catch
:class:`InvalidInput`; it subclasses :class:`ValueError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

__all__ = ["RULE_CODES", "Invalid", "InvalidGroup", "InvalidInput", "Problem"]

#: Every rule code a :class:`Problem` can carry, with what it means. Tests check that no other
#: code is ever produced, and ``docs/errors.md`` is generated from this table.
RULE_CODES: Final[dict[str, str]] = {
    "json.syntax": "The text is not valid JSON.",
    "json.too-deep": "The JSON nests deeper than the library accepts.",
    "type.object": "A JSON object was expected.",
    "type.array": "A JSON array was expected.",
    "type.string": "A JSON string was expected.",
    "type.boolean": "A JSON boolean (true or false) was expected.",
    "type.integer": "A whole number was expected.",
    "type.decimal": "A finite decimal number was expected (NaN, infinities and booleans are not).",
    "type.date": "A date in the form yyyy-MM-dd was expected.",
    "type.datetime": "A local date-time in the form yyyy-MM-ddThh:mm:ss was expected.",
    "type.instant": "A date-time with zone, such as 2025-04-23T10:01:53.812Z, was expected.",
    "required": "A required field is missing or null.",
    "identifier.whitespace": "Identifiers must not be empty nor contain whitespace.",
    "enum.unknown": "The value is not one of the values this field allows.",
    "collection.too-long": "The collection holds more items than Tradecloud allows.",
    "collection.empty": "The collection must hold at least one item.",
    "indicators.conflict": "A line cannot be accepted and rejected at once.",
    "position.duplicate": "Positions must be unique within their collection.",
    "quantity.negative": "Quantities must not be negative.",
    "item-details.weight-unit": "A net weight needs its unit of measure.",
    "status.inconsistent": "The line's statuses contradict each other.",
    "route.unknown": "The route is not one this library knows.",
    "state.mismatch": "The message is about another order than the state given.",
}


@attrs.frozen
class Problem:
    """One thing wrong with an input: where, which rule, and a sentence for people."""

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        where = self.path or "(document)"
        return f"{where}: {self.message} [{self.code}]"


class Invalid(ValueError):
    """Raised inside the model for one broken rule; the codec adds the path.

    ``at`` is a path relative to the object that raised it (for example ``lines[2].position``
    when an order finds a duplicate position), so the problem points at the exact value.
    """

    def __init__(self, code: str, message: str, at: str = "") -> None:
        if code not in RULE_CODES:
            raise AssertionError(f"unregistered rule code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.at = at


class InvalidGroup(ValueError):
    """Several broken rules found in one value at once (for example two duplicate positions)."""

    def __init__(self, errors: Iterable[Invalid]) -> None:
        self.errors: tuple[Invalid, ...] = tuple(errors)
        super().__init__("; ".join(error.message for error in self.errors))

    @staticmethod
    def raise_if_any(errors: list[Invalid]) -> None:
        """Raise nothing, the one error, or a group of them."""
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InvalidGroup(errors)


class InvalidInput(ValueError):
    """The input breaks one or more rules; :attr:`problems` lists all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise AssertionError("InvalidInput needs at least one problem")
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''}:\n{lines}")
