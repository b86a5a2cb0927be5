"""Hypothesis strategies for the tests: any possible order, any cancel/complete message."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from tradecloud_domain import (
    BuyerLine,
    BuyerOrder,
    ConfirmedLine,
    DeliveryLine,
    IndicatorLine,
    IndicatorsHeader,
    Line,
    LineIndicators,
    MessageLine,
    MessageOrder,
    Order,
    OrderIndicators,
    OrderIndicatorsMessage,
    OrderMessage,
    Prices,
)
from tradecloud_domain.entities import Money, Price
from tradecloud_domain.machine import LINE_STATUSES

PO = "PO-1"
positions = st.text(alphabet="0123456789ABC", min_size=1, max_size=4)
flags = st.sampled_from([None, True, False])

quantities = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
dates = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2028, 12, 31))


@st.composite
def schedules(draw: st.DrawFn) -> tuple[DeliveryLine, ...]:
    n = draw(st.integers(0, 3))
    return tuple(
        DeliveryLine(date=draw(dates), quantity=draw(quantities), position=str(i + 1))
        for i in range(n)
    )


prices = st.one_of(
    st.none(),
    st.builds(
        lambda v: Prices(net_price=Price(price_in_transaction_currency=Money(v, "EUR"))),
        st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
    ),
)


@st.composite
def lines(draw: st.DrawFn, position: str) -> Line:
    status = draw(st.sampled_from(LINE_STATUSES))
    buyer = BuyerLine(position=position, delivery_schedule=draw(schedules()), prices=draw(prices))
    confirmed = draw(
        st.one_of(
            st.none(),
            st.just(ConfirmedLine.of(buyer.delivery_schedule, buyer.prices)),
            st.builds(ConfirmedLine.of, schedules(), prices),
        )
    )
    return Line(buyer, status, confirmed)


@st.composite
def orders(draw: st.DrawFn, max_lines: int = 8) -> Order:
    chosen = draw(st.lists(positions, max_size=max_lines, unique=True))
    return Order(BuyerOrder(PO), tuple(draw(lines(p)) for p in chosen))


line_indicators = st.builds(LineIndicators, cancelled=flags, completed=flags)


@st.composite
def indicators_messages(draw: st.DrawFn, order: Order) -> OrderIndicatorsMessage:
    """/order/indicators for ``order``: some of its positions, sometimes one it does not have."""
    known = [line.position for line in order.lines]
    chosen = draw(st.lists(st.sampled_from(known), unique=True)) if known else []
    if draw(st.booleans()):
        chosen.append("ZZ" + draw(positions))
    header = IndicatorsHeader(PO, OrderIndicators(cancelled=draw(flags), completed=draw(flags)))
    return OrderIndicatorsMessage(
        header, tuple(IndicatorLine(p, draw(line_indicators)) for p in dict.fromkeys(chosen))
    )


@st.composite
def order_messages(draw: st.DrawFn, order: Order | None) -> OrderMessage:
    """/order for ``order``: some of its positions (values sent or not) and some new ones."""
    known = [line.position for line in order.lines] if order else []
    chosen = draw(st.lists(st.sampled_from(known), unique=True)) if known else []
    chosen += ["N" + p for p in draw(st.lists(positions, max_size=3, unique=True))]
    sent = []
    for position in chosen:
        with_values = draw(st.booleans())
        sent.append(
            MessageLine(
                position=position,
                delivery_schedule=draw(schedules()) if with_values else None,
                prices=draw(prices) if with_values else None,
                indicators=draw(line_indicators),
            )
        )
    header = MessageOrder(
        PO,
        indicators=OrderIndicators(
            cancelled=draw(flags),
            completed=draw(flags),
            cancel_line_when_missing=draw(flags),
        ),
    )
    return OrderMessage(header, tuple(sent))


__all__ = ["PO", "indicators_messages", "order_messages", "orders"]
