"""Plan against actual (sentra/schedule.py): the curve's maths, the flag and the staleness rule.

Pure functions on known data: no database.
"""

import datetime
from fractions import Fraction

import pytest

from sentra.schedule import (
    LARGE,
    SMALL,
    Schedule,
    ScheduleFlag,
    first_decrease,
    is_behind,
    is_stale,
    one_per_day,
    planned_at,
)

JAN_1 = datetime.date(2026, 1, 1)


def day(offset):
    return JAN_1 + datetime.timedelta(days=offset)


# A 100-day contract: 0 % on day 0, 20 % on day 50, 100 % on day 100.
PLAN = [(day(0), 0), (day(50), 20), (day(100), 100)]


def schedule(**overrides):
    values = {
        "planned": PLAN,
        "recorded": [],
        "progress": 0,
        "last_update": None,
        "finished": False,
        "signboard_end": None,
        "today": day(60),
        "behind_by": 10,
    }
    values.update(overrides)
    if values["recorded"] and "last_update" not in overrides:
        values["last_update"], values["progress"] = values["recorded"][-1]
    return Schedule(**values)


# --- Interpolation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, Fraction(0)),
        (25, Fraction(10)),  # half way to the 20 % point
        (50, Fraction(20)),  # a point of the plan itself
        (51, Fraction(108, 5)),  # 20 + 80 * 1/50 = 21.6
        (75, Fraction(60)),
        (100, Fraction(100)),
        (365, Fraction(100)),  # after the last point the plan stays where it ended
    ],
)
def test_the_planned_percent_is_read_off_straight_lines_between_points(offset, expected):
    assert planned_at(PLAN, day(offset)) == expected


def test_before_its_first_point_or_without_points_the_plan_says_nothing():
    assert planned_at(PLAN, day(-1)) is None
    assert planned_at([], day(10)) is None


def test_a_flat_stretch_of_the_plan_stays_flat():
    plan = [(day(0), 30), (day(30), 30), (day(60), 90)]
    assert planned_at(plan, day(15)) == 30
    assert planned_at(plan, day(45)) == 60


def test_the_first_point_lower_than_the_one_before_it_is_found_whatever_the_order():
    assert first_decrease([(day(10), 40), (day(0), 0), (day(20), 35)]) == (day(20), 35)
    assert first_decrease([(day(0), 0), (day(10), 10), (day(20), 10)]) is None
    assert first_decrease([]) is None


def test_observations_of_one_day_count_once_the_newest_first_in_wins():
    newest_first = [(day(9), 45), (day(9), 30), (day(3), 10)]
    assert one_per_day(newest_first) == [(day(3), 10), (day(9), 45)]


# --- Thresholds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "progress", "behind"),
    [
        (Fraction(50), 40, False),  # exactly 10 points under: not behind
        (Fraction(50), 39, True),  # 11 points under
        (Fraction(401, 8), 40, False),  # 50.125 % is shown as 50 %: 10 points, as printed
        (Fraction(41, 2), 10, True),  # 20.5 % is shown as 21 %: 11 points under
        (Fraction(39, 2), 10, False),  # 19.5 % is shown as 20 %: exactly 10 under
        (Fraction(50), 70, False),  # ahead
        (None, 0, False),  # no plan yet on that day
    ],
)
def test_behind_means_more_than_the_threshold_under_the_plan(expected, progress, behind):
    assert is_behind(expected=expected, progress=progress, behind_by=10) is behind


def test_the_flag_agrees_with_the_figures_printed_beside_it():
    """Planned 0 to 41 % over 20 days; 10 % recorded on day 10, when the plan says 20.5 %."""
    start = datetime.date(2026, 1, 1)
    schedule = Schedule(
        planned=[(start, 0), (start + datetime.timedelta(days=20), 41)],
        recorded=[(start + datetime.timedelta(days=10), 10)],
        progress=10,
        last_update=start + datetime.timedelta(days=10),
        finished=False,
        signboard_end=None,
        today=start + datetime.timedelta(days=12),
        behind_by=10,
    )
    assert (schedule.expected_rounded, schedule.points_behind) == (21, 11)
    assert schedule.flag == ScheduleFlag.BEHIND


@pytest.mark.parametrize(("age", "stale"), [(0, False), (60, False), (61, True), (400, True)])
def test_a_figure_is_stale_only_when_older_than_the_threshold(age, stale):
    assert is_stale(last_update=day(0), today=day(age), after_days=60) is stale


def test_a_centre_without_any_figure_is_not_stale():
    assert not is_stale(last_update=None, today=day(100), after_days=60)


# --- The flag ----------------------------------------------------------------------


def test_a_finished_centre_is_done_even_past_its_planned_end():
    assert schedule(finished=True, today=day(400)).flag == ScheduleFlag.DONE


def test_past_the_planned_end_and_not_finished_is_late_even_without_a_curve():
    assert schedule(planned=[], signboard_end=day(50), today=day(51)).flag == ScheduleFlag.LATE
    assert schedule(planned=[], signboard_end=day(50), today=day(50)).flag == ScheduleFlag.NO_PLAN


def test_without_a_signboard_date_the_plan_ends_where_its_curve_reaches_100():
    assert schedule().planned_end == day(100)
    assert schedule(today=day(101), recorded=[(day(100), 99)]).flag == ScheduleFlag.LATE
    assert schedule(planned=[(day(0), 0), (day(30), 80)]).planned_end is None


def test_the_signboard_date_is_the_planned_end_when_there_is_one():
    assert schedule(signboard_end=day(120)).planned_end == day(120)
    assert schedule(signboard_end=day(120), today=day(110)).flag != ScheduleFlag.LATE


def test_without_a_curve_a_centre_under_construction_has_no_plan_published():
    assert schedule(planned=[], recorded=[(day(10), 40)]).flag == ScheduleFlag.NO_PLAN


def test_the_figure_is_judged_against_the_plan_on_the_day_it_was_observed():
    # Day 75: the plan says 60 %. Recorded 50 % (10 under) is on track, 49 % is behind.
    assert schedule(recorded=[(day(75), 50)], today=day(90)).flag == ScheduleFlag.ON_TRACK
    assert schedule(recorded=[(day(75), 49)], today=day(90)).flag == ScheduleFlag.BEHIND


def test_the_reference_day_is_today_when_nothing_is_recorded():
    # Today, day 60: the plan says 36 %; nothing is built.
    judged = schedule(today=day(60))
    assert judged.reference_day == day(60)
    assert judged.expected == 36
    assert judged.flag == ScheduleFlag.BEHIND
    # Day 30: the plan says 12 %, so 0 % is not more than 10 points under.
    assert schedule(today=day(30)).flag == ScheduleFlag.BEHIND
    assert schedule(today=day(25)).flag == ScheduleFlag.ON_TRACK


def test_before_the_plan_starts_nobody_is_behind_it():
    judged = schedule(planned=[(day(10), 5), (day(40), 100)], today=day(5))
    assert judged.expected is None
    assert judged.flag == ScheduleFlag.ON_TRACK


def test_how_far_behind_is_counted_in_whole_points():
    assert schedule(recorded=[(day(75), 44)]).points_behind == 16
    assert schedule(recorded=[(day(75), 70)]).points_behind == 0


def test_flags_read_most_worrying_first():
    assert ScheduleFlag.by_concern()[:2] == [ScheduleFlag.LATE, ScheduleFlag.BEHIND]
    assert set(ScheduleFlag.by_concern()) == set(ScheduleFlag)


# --- The table and the drawing -----------------------------------------------------


def test_the_table_has_every_planned_and_recorded_day_with_the_plan_on_it():
    rows = schedule(recorded=[(day(25), 8), (day(50), 21)]).rows()
    assert [(row.day, row.planned, row.recorded) for row in rows] == [
        (day(0), 0, None),
        (day(25), 10, 8),
        (day(50), 20, 21),
        (day(100), 100, None),
    ]
    assert [row.is_planned_point for row in rows] == [True, False, True, True]
    odd = schedule(recorded=[(day(51), 20)]).rows()[2]
    assert (odd.planned_rounded, odd.is_planned_point) == (22, False)


def test_the_chart_places_known_points_in_its_box():
    """A 100-day plan and today at day 100: the x axis spans exactly the plan."""
    chart = schedule(recorded=[(day(50), 20), (day(75), 50)], today=day(100)).chart(LARGE)
    # The plot box: x from 40 to 390, y from 10 (100 %) to 194 (0 %).
    assert (chart.left, chart.right, chart.top, chart.bottom) == ("40", "390", "10", "194")
    assert chart.planned_points == "40,194 215,157.2 390,10"
    # Steps: 20 % holds from day 50 until day 75, then the figure rises to 50 %.
    assert chart.recorded_points == "215,157.2 302.5,157.2 302.5,102"
    assert [(dot.x, dot.y, dot.percent) for dot in chart.dots] == [
        ("215", "157.2", 20),
        ("302.5", "102", 50),
    ]
    assert chart.today_x == "390"
    assert [y for y, _percent in chart.y_ticks] == ["194", "102", "10"]


def test_coordinates_are_text_with_a_decimal_point_whatever_the_language():
    """Templates localise numbers (an Indonesian decimal comma): coordinates arrive as text."""
    chart = schedule(recorded=[(day(33), 17)]).chart(SMALL)
    (dot,) = chart.dots
    assert (dot.x, dot.y) == ("40.3", "31.2")
    assert chart.planned_points == "2,37 60,30.2 118,3"


def test_one_recorded_figure_is_a_dot_and_no_line():
    chart = schedule(planned=[], recorded=[(day(10), 40)], today=day(10)).chart()
    assert chart.recorded_points == ""
    assert len(chart.dots) == 1
    assert chart.planned_points == ""


def test_nothing_to_draw_without_a_plan_or_a_figure():
    assert schedule(planned=[]).chart() is None


def test_a_lone_figure_without_a_plan_is_not_worth_a_drawing():
    assert not schedule(planned=[], recorded=[(day(10), 40)]).worth_drawing
    assert schedule(planned=[], recorded=[(day(10), 40), (day(40), 60)]).worth_drawing
    assert schedule().worth_drawing


def test_a_finished_project_is_drawn_without_the_years_since():
    done = schedule(recorded=[(day(100), 100)], finished=True, today=day(900))
    assert done.span() == (day(0), day(100))
    assert done.chart().today_x is None


def test_the_time_axis_is_labelled_by_quarter_or_by_year():
    short = schedule(today=day(100)).chart()
    assert [(tick.day, tick.whole_year) for tick in short.x_ticks] == [
        (datetime.date(2026, 1, 1), False),
        (datetime.date(2026, 4, 1), False),
    ]
    long = schedule(recorded=[(day(10), 5)], today=day(800)).chart()
    assert [(tick.day, tick.whole_year) for tick in long.x_ticks] == [
        (datetime.date(2026, 1, 1), True),
        (datetime.date(2027, 1, 1), True),
        (datetime.date(2028, 1, 1), True),
    ]
