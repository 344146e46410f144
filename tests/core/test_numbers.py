"""Numbers as people read them (bangfu.core.numbers), the functions behind the template filters."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from bangfu.core.numbers import amount, percent, scale_for, scaled, yuan


def test_yuan_drops_zero_decimals_and_keeps_cents():
    assert yuan(4000) == "4,000"
    assert yuan(Decimal("4000.00")) == "4,000"
    assert yuan(Decimal("1234.5")) == "1,234.50"
    assert yuan(7365.0) == "7,365"
    assert yuan(None) == yuan("") == "—"


def test_amount_in_wan_and_yi():
    with translation.override("zh-hans"):
        assert amount(3_900_000) == "390万"
        assert amount(123_456) == "12.35万"
        assert amount(120_000_000) == "1.2亿"
        assert amount(9_999) == "9,999"
        assert amount(Decimal("-250000")) == "-25万"
    with translation.override("en"):
        assert amount(3_900_000) == "3.9 million"
        assert amount(123_456) == "123.46 thousand"


def test_percent_has_one_decimal():
    assert percent(0.1234) == "12.3%"
    assert percent(0.02) == "2.0%"
    assert percent(None) == "—"


def test_chart_scale():
    assert scale_for([5_000, 20_000])[0] == 10_000
    assert scale_for([3e8])[0] == 100_000_000
    assert scale_for([])[0] == 1
    assert scaled([25_000, None], 10_000) == [2.5, None]


def test_one_filter_in_every_library():
    translation.activate("zh-hans")
    page = Template("{% load web %}{{ a|yuan }} {{ b|amount }} {{ c|percent }}").render(
        Context({"a": 4000, "b": 123456, "c": 0.05})
    )
    assert page == "4,000 12.35万 5.0%"
    programme = Template("{% load programme %}{{ a|yuan }} {{ b|amount }}").render(
        Context({"a": 1.5, "b": 1e8})
    )
    assert programme == "1.50 1亿"
    translation.deactivate()
