"""The shared number formatting (issue 13, point 4), with values worked out by hand."""

from __future__ import annotations

import math

import pytest

from workbench.model import units


@pytest.mark.parametrize(("value", "text"), [
    (0, "0 min"),
    (20 / 60, "20 s"),        # 20 s of async lag as an RPO in minutes (was "0.333333 min")
    (0.333333, "20 s"),       # 19.99998 s rounds to 20
    (1.5, "1 min 30 s"),
    (2, "2 min"),
    (45, "45 min"),
    (59.999, "1 h"),          # 3599.94 s rounds to an hour, not "60 min"
    (60, "1 h"),
    (90, "1 h 30 min"),
    (24 * 60, "24 h"),        # days only from 48 h on
    (3 * 24 * 60 + 61, "3 d 1 h"),  # 73 h 1 min: rounded to the hour
    (10_080, "7 d"),
    (None, "unbounded"),
    (math.inf, "unbounded"),
])
def test_minutes(value, text):
    assert units.minutes(value) == text


def test_durations_in_seconds_and_what_none_means():
    assert units.seconds(0) == "0 s"
    assert units.seconds(20) == "20 s"
    assert units.seconds(0.5) == "0.5 s"
    assert units.seconds(0.01) == "< 0.1 s"
    assert units.seconds(59.6) == "1 min"       # 60 s rounded
    assert units.seconds(3600 + 30 * 60) == "1 h 30 min"
    assert units.minutes(None, none="lost") == "lost"


@pytest.mark.parametrize(("value", "text"), [
    (12_000_000, "12 M"),
    (1_200_000, "1.2 M"),
    (3_780_000, "3.78 M"),
    (57_114_000, "57.1 M"),   # 57.114 to three significant digits
    (99_792_000, "99.8 M"),
    (50_000_000, "50 M"),     # the ALI ceiling (was "5e+07")
    (1.2e7, "12 M"),          # the shared ceiling (was "1.2e+07")
    (1_500_000_000, "1,500 M"),
    (999_999, "1 M"),         # 999.999 k rounds to 1,000 k: written as 1 M
    (850_000, "850 k"),
    (131_250, "131 k"),
    (12_345, "12.3 k"),
    (9_999.7, "10 k"),        # rounds to 10,000: the thousands form
    (9_500, "9,500"),
    (80, "80"),
    (2.5, "2.5"),
    (0.9, "0.9"),
    (0.333333, "0.333"),
    (0, "0"),
    (-1_200_000, "-1.2 M"),
])
def test_quantity(value, text):
    assert units.quantity(value) == text


def test_quantity_with_a_unit_counts_and_plain_numbers():
    assert units.quantity(14e6, "GRefs/s") == "14 M GRefs/s"
    assert units.count(38_400) == "38,400"
    assert units.count(977.6) == "978"
    assert units.number(97_222) == "97,222"
    assert units.number(1.35) == "1.35"
    assert units.number(0.000123) == "0.000123"
    assert units.number(99.95) == "99.95"    # a stated figure keeps its digits
    assert units.number(12.75) == "12.75"
    assert units.number(2e7) == "20,000,000"


def test_percentages():
    assert units.percent(66.6667) == "66.7 %"
    assert units.percent(-0.01) == "0.0 %"
    assert units.percent(29.5, 0) == "30 %"
    assert units.percent(math.inf) == "no capacity"


@pytest.mark.parametrize(("pct", "text"), [
    (99.9899, "99.9899 %"),   # 0.0101 % down: two significant digits of it
    (99.999975, "99.999975 %"),
    (99.99, "99.99 %"),       # 99.9900 without its zeros (was "99.990000 %")
    (99.9599, "99.9599 %"),
    (99.95, "99.95 %"),
    (100 - 1e-10, "99.9999999999 %"),  # never rounded up to 100
    (100.0, "100 %"),
    (50.0, "50 %"),
    (0.0, "0 %"),             # was "0.000000 %"
])
def test_availability(pct, text):
    assert units.availability(pct) == text


@pytest.mark.parametrize(("pct", "text"), [
    (100.0, "100 %"),
    (99.96, "99.9 %"),        # short of peak: never rounded up to 100 %
    (28.57, "29 %"),         # 4 M of 14 M, as the findings round it
    (98.6, "99 %"),
    (0.5, "< 1 %"),
    (0.0, "cannot serve peak"),
])
def test_served_share(pct, text):
    assert units.served_share(pct) == text


@pytest.mark.parametrize(("value", "unit", "text"), [
    (60, "minutes, at most a week", "1 h"),
    (45, "minutes, at most a week", "45 min"),
    (30, "seconds, at most a day", "30 s"),
    (5e7, "GRefs/s", "50 M GRefs/s"),
    (600, "GRefs/s per user", "600 GRefs/s per user"),
    (4, "x the single-host rating", "x 4"),
    (0.9, "a derating factor", "x 0.9"),
    (250, "km, at most half the Earth's circumference", "250 km"),
    (150, "kbit/s per user", "150 kbit/s per user"),
])
def test_figure_in_its_unit(value, unit, text):
    assert units.figure(value, unit) == text


@pytest.mark.parametrize("value", [1e-9, 1e-5, 0.1, 1.0, 123.456, 1e5, 1.2e7, 5e7, 7e6, 1e9,
                                   1e10, 9.87654321e8])
def test_never_an_exponent(value):
    for text in (units.quantity(value), units.number(value), units.minutes(value),
                 units.seconds(value), units.percent(value), units.served_share(value)):
        assert "e+" not in text and "e-" not in text, text
