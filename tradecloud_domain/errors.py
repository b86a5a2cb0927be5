"""Problems with input, and the one exception type that carries them.

Every refusal of input names where (a JSON path such as ``lines[3].deliverySchedule[0].quantity``),
which rule (a stable code from :data:`RULE_CODES`) and why (a sentence). Callers catch
:class:`InvalidInput`; it subclasses :class:`ValueError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from ._values import frozen

__all__ = [
    "MAX_MESSAGE",
    "MAX_PROBLEMS",
    "MAX_SHOWN",
    "RULE_CODES",
    "SEVERITIES",
    "Invalid",
    "InvalidGroup",
    "InvalidInput",
    "Problem",
    "shorten",
    "shown",
]

#: At most this many problems are kept and reported; :attr:`InvalidInput.total` counts them all.
MAX_PROBLEMS: Final = 100
#: A value quoted in a problem's message is cut to about this many characters.
MAX_SHOWN: Final = 60
#: A problem's message is cut to about this many characters.
MAX_MESSAGE: Final = 300

#: Every rule code a :class:`Problem` can carry, with what it means. Tests check that no other
#: code is ever produced, and ``docs/errors.md`` is generated from this table.
RULE_CODES: Final[dict[str, str]] = {
    "json.syntax": "The text is not valid JSON.",
    "json.too-deep": "The JSON nests deeper than the library accepts.",
    "json.too-large": "The document is larger than the library reads (bytes of text, or values).",
    "json.duplicate-key": "A key appears more than once in one JSON object.",
    "type.object": "A JSON object was expected.",
    "type.array": "A JSON array was expected.",
    "type.string": "A JSON string was expected.",
    "type.boolean": "A JSON boolean (true or false) was expected.",
    "type.integer": "A whole number was expected.",
    "type.decimal": "A finite decimal number was expected (NaN, infinities and booleans are not).",
    "number.out-of-range": "The number has more digits, or a larger or smaller exponent, than the "
    "library reads.",
    "string.surrogate": "The string holds a lone UTF-16 surrogate, which is not Unicode text.",
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
    "status.inconsistent": (
        "The line's statuses are an unusual combination (a warning: the state is still read)."
    ),
    "route.unknown": "The route is not one this library knows.",
    "state.mismatch": "The message is about another order than the state given.",
    "single-delivery.unsupported": "Not supported for single delivery per order line.",
    "single-delivery.original-position": "A split line's originalPosition does not fit the order.",
    "field.unknown": "A field the route does not know; Tradecloud ignores it, so it is reported "
    "only in strict mode (`--strict`, `validate(..., strict=True)`).",
    "message.read-model": "The message is an order read model (a state), not a request body.",
    "input.unreadable": "A file or stream of the command line could not be read.",
}


_SURROGATES: Final = re.compile("[\ud800-\udfff]")


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` itself when short, else its start, an ellipsis and its length."""
    if len(text) <= limit:
        return text
    return f"{text[: max(limit - 25, 10)]}... ({len(text):,} characters)"


def shown(value: object) -> str:
    """``value`` as it reads in JSON (``"PO 1"``, ``12.5``, ``true``, ``null``), shortened, for a
    problem's message: never the Python spelling (``'PO 1'``, ``Decimal('12.5')``, ``True``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value[: MAX_SHOWN + 1], ensure_ascii=False)
        text = _SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        if len(value) > MAX_SHOWN:
            return f'{text[: MAX_SHOWN - 20]}..." ({len(value):,} characters)'
        return text
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_SHOWN:
            return f"a whole number of about {int(value.bit_length() * 0.30103):,} digits"
        return shorten(str(value))
    if isinstance(value, Decimal | float):
        return shorten(str(value))
    if isinstance(value, list | tuple):
        return f"an array of {len(value):,} items"
    if isinstance(value, dict):
        return f"an object of {len(value):,} keys"
    return shorten(type(value).__name__)


def _short_message(message: str) -> str:
    return shorten(message, MAX_MESSAGE)


#: How serious a problem is: an ``error`` refuses the input; a ``warning`` only says that the
#: input is unusual, and never makes it invalid.
SEVERITIES: Final = ("error", "warning")


@frozen
class Problem:
    """One thing wrong with an input: where, which rule, a sentence for people (cut to
    :data:`MAX_MESSAGE` characters, so that a huge value is never repeated whole), and how serious
    it is (``"error"`` unless said otherwise; a ``"warning"`` is listed but never fatal)."""

    path: str
    code: str
    message: str = attrs.field(converter=_short_message)
    severity: str = attrs.field(default="error", validator=attrs.validators.in_(SEVERITIES))

    @property
    def fatal(self) -> bool:
        """Whether this problem makes the input invalid (errors do, warnings never)."""
        return self.severity == "error"

    def __str__(self) -> str:
        where = self.path or "(document)"
        kind = "" if self.fatal else f"{self.severity}: "
        return f"{where}: {kind}{self.message} [{self.code}]"


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
    """The input breaks one or more rules.

    :attr:`problems` lists them, the first :data:`MAX_PROBLEMS` only; :attr:`total` counts the
    problems found (pass ``total`` when the problems given are already a cut). :attr:`complete`
    is false when checking stopped early, after more than :data:`MAX_PROBLEMS` were found: the
    input has at least :attr:`total` problems then.
    """

    def __init__(
        self, problems: Iterable[Problem], total: int | None = None, *, complete: bool = True
    ) -> None:
        kept: list[Problem] = []
        count = 0
        for problem in problems:
            count += 1
            if count <= MAX_PROBLEMS:
                kept.append(problem)
        if not kept:
            raise AssertionError("InvalidInput needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(kept)
        self.total: int = max(count, total or 0)
        self.complete: bool = complete
        super().__init__(self.summary() + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    def summary(self) -> str:
        """``"3 problems"``, ``"250 problems (the first 100 listed)"``, or ``"more than 100
        problems (the first 100 listed; checking stopped)"``."""
        listed = len(self.problems)
        if not self.complete:
            return f"more than {listed} problems (the first {listed} listed; checking stopped)"
        plural = "s" if self.total != 1 else ""
        if self.total > listed:
            return f"{self.total:,} problem{plural} (the first {listed} listed)"
        return f"{self.total} problem{plural}"
