"""Plan against actual: a centre's planned progress curve, its recorded progress, and the flag.

Pure functions and small value objects, with no database access: `Sentra.schedule`
builds a `Schedule` from its prefetched rows, and the pages, the dashboard's filter
and its sort read the flag from there. This module is the one place that decides it.

The rules, as /progres/ explains them to residents:
- **done**: the centre has opened (or closed since), or its latest recorded physical
  progress is 100 %;
- **late**: not done, and today is after the planned end of construction;
- **no plan published**: no planned curve has been entered;
- **behind**: the latest recorded progress is more than `behind_by` percentage points
  (PROGRESS_BEHIND_BY_POINTS, 10) under the plan *on the date of that update* (today when
  nothing has been recorded). The figure is compared with what the plan expected when it
  was true; an old figure is marked separately as "not updated since" (`is_stale`), so a
  missing update does not pass for a delay, and a delay is never hidden by a missing one;
- **on track**: otherwise.

The planned end of construction is the signboard's date (`Sentra.construction_planned_end`);
without one, the first date at which the planned curve reaches 100 %.

Between two planned points the plan is a straight line; before the first point it says
nothing (and so nobody is behind it); after the last it stays at the last value.
"""

import datetime
import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleFlag(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind schedule")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
    NO_PLAN = "no_plan", _("No plan published")

    @classmethod
    def by_concern(cls):
        """The flags in the order a monitor reads them: the most worrying first."""
        return [cls.LATE, cls.BEHIND, cls.NO_PLAN, cls.ON_TRACK, cls.DONE]


def planned_at(planned, day):
    """The planned percent on `day`, as a Fraction, from (date, percent) points sorted by date.

    None when there is no plan or `day` is before its first point.
    """
    if not planned or day < planned[0][0]:
        return None
    for (start, low), (end, high) in pairwise(planned):
        if start <= day <= end:
            if day == end:
                return Fraction(high)
            return low + Fraction(high - low) * (day - start).days / (end - start).days
    return Fraction(planned[-1][1])


def whole_percent(value):
    """A percent as the pages and files show it: whole, halves rounded up (20.5 -> 21)."""
    return math.floor(value + Fraction(1, 2))


def is_behind(*, expected, progress, behind_by):
    """More than `behind_by` points under the plan; exactly `behind_by` under is not behind.

    Judged on the plan as shown (a whole percent), so that the flag never disagrees with
    the figures printed beside it.
    """
    return expected is not None and whole_percent(expected) - progress > behind_by


def is_stale(*, last_update, today, after_days):
    """A figure older than `after_days` days: exactly `after_days` old is still current."""
    return last_update is not None and (today - last_update).days > after_days


def first_decrease(points):
    """The first (date, percent) point lower than the one before it (by date), or None."""
    ordered = sorted(points, key=lambda point: point[0])
    for (_day, before), point in pairwise(ordered):
        if point[1] < before:
            return point
    return None


def one_per_day(recorded):
    """(date, percent) observations, oldest first, newest first in: the first seen of each day.

    `recorded` comes newest first (ProgressUpdate.objects.latest_first()), so the first
    entry of a day is the one that counts, as in SentraQuerySet.refresh_progress().
    """
    days = {}
    for day, percent in recorded:
        days.setdefault(day, percent)
    return sorted(days.items())


@dataclass(frozen=True)
class Row:
    """One line of the plan-against-actual table: a date, the plan on it, the figure recorded."""

    day: datetime.date
    planned: Fraction | None
    recorded: int | None
    is_planned_point: bool  # the plan states this day (else it is read off the line)

    @property
    def planned_rounded(self):
        return None if self.planned is None else whole_percent(self.planned)


def number(value):
    """A coordinate as SVG wants it, whatever the page's language: "12.5", never "12,5"."""
    return f"{round(value, 1):g}"


@dataclass(frozen=True)
class Tick:
    x: str
    day: datetime.date
    whole_year: bool  # label "2025" rather than "Jan 2025"


@dataclass(frozen=True)
class Dot:
    x: str
    y: str
    percent: int
    day: datetime.date


@dataclass(frozen=True)
class Chart:
    """An S-curve in an SVG viewBox of `width` x `height` user units.

    Every coordinate is already text (`number`): templates localise numbers, and an
    Indonesian decimal comma would break the drawing.
    """

    width: int
    height: int
    left: str
    top: str
    right: str
    bottom: str
    planned_points: str  # "x,y x,y ...", for <polyline points>
    recorded_points: str  # the recorded figure as steps: it holds until the next update
    dots: list  # [Dot], one per recorded day
    today_x: str | None
    x_ticks: list  # [Tick]
    y_ticks: list  # [(y, percent)]
    label_x: str  # where the percent labels end, left of the plot
    label_y: str  # the baseline of the date labels, under the plot


# The two sizes drawn: the centre page's chart and the dashboard's thumbnail.
LARGE = {"width": 400, "height": 220, "left": 40, "top": 10, "right": 10, "bottom": 26}
SMALL = {"width": 120, "height": 40, "left": 2, "top": 3, "right": 2, "bottom": 3}


@dataclass(frozen=True)
class Schedule:
    """A centre's plan and record, with what follows from them (see the module's docstring)."""

    planned: list  # [(date, percent)], oldest first
    recorded: list  # [(date, percent)], oldest first, one per day
    progress: int  # the centre's current figure (its latest recorded one)
    last_update: datetime.date | None
    finished: bool
    signboard_end: datetime.date | None
    today: datetime.date
    behind_by: int

    @property
    def has_plan(self):
        return bool(self.planned)

    @property
    def worth_drawing(self):
        """A plan, or at least two figures: one lone dot says less than the timeline does."""
        return bool(self.planned) or len(self.recorded) > 1

    @property
    def plan_starts(self):
        return self.planned[0][0] if self.planned else None

    @property
    def planned_end(self):
        if self.signboard_end:
            return self.signboard_end
        return next((day for day, percent in self.planned if percent >= 100), None)

    @property
    def reference_day(self):
        """The day the current figure is judged on: the day it was observed, or today."""
        return self.last_update or self.today

    @property
    def expected(self):
        """What the plan expected by the reference day (a Fraction), or None."""
        return planned_at(self.planned, self.reference_day)

    @property
    def expected_rounded(self):
        return None if self.expected is None else whole_percent(self.expected)

    @property
    def points_behind(self):
        """How far under the plan the current figure is, in whole points (0 if not under)."""
        if self.expected is None:
            return 0
        return max(0, whole_percent(self.expected) - self.progress)

    @property
    def flag(self):
        """The centre's flag: the one place it is decided."""
        if self.finished:
            return ScheduleFlag.DONE
        if self.planned_end and self.today > self.planned_end:
            return ScheduleFlag.LATE
        if not self.planned:
            return ScheduleFlag.NO_PLAN
        if is_behind(expected=self.expected, progress=self.progress, behind_by=self.behind_by):
            return ScheduleFlag.BEHIND
        return ScheduleFlag.ON_TRACK

    def rows(self):
        """The table beside the chart: every planned or recorded date, oldest first."""
        recorded = dict(self.recorded)
        stated = {day for day, _percent in self.planned}
        return [
            Row(day, planned_at(self.planned, day), recorded.get(day), day in stated)
            for day in sorted(stated | set(recorded))
        ]

    # Drawing ------------------------------------------------------------------

    def span(self):
        """(first, last) day drawn: every point, and today while construction goes on."""
        days = [day for day, _percent in self.planned] + [day for day, _percent in self.recorded]
        if not days:
            return None
        if not self.finished:
            days.append(self.today)
        first, last = min(days), max(days)
        if first == last:
            first, last = first - datetime.timedelta(days=15), last + datetime.timedelta(days=15)
        return first, last

    def chart(self, size=None):
        """The S-curve's coordinates at `size` (LARGE or SMALL), or None with nothing to draw."""
        size = size or LARGE
        span = self.span()
        if span is None:
            return None
        first, last = span
        left, top = size["left"], size["top"]
        plot_width = size["width"] - size["left"] - size["right"]
        plot_height = size["height"] - size["top"] - size["bottom"]
        days = (last - first).days

        def x(day):
            return left + plot_width * (day - first).days / days

        def y(percent):
            return top + plot_height * (100 - percent) / 100

        def points(pairs):
            return " ".join(f"{number(px)},{number(py)}" for px, py in pairs)

        steps = []
        for index, (day, percent) in enumerate(self.recorded):
            steps.append((x(day), y(percent)))
            if index + 1 < len(self.recorded):
                steps.append((x(self.recorded[index + 1][0]), y(percent)))
        return Chart(
            width=size["width"],
            height=size["height"],
            left=number(left),
            top=number(top),
            right=number(left + plot_width),
            bottom=number(top + plot_height),
            planned_points=points((x(day), y(percent)) for day, percent in self.planned),
            recorded_points=points(steps) if len(self.recorded) > 1 else "",
            dots=[
                Dot(number(x(day)), number(y(percent)), percent, day)
                for day, percent in self.recorded
            ],
            today_x=number(x(self.today)) if first <= self.today <= last else None,
            x_ticks=[
                Tick(number(x(day)), day, whole_year) for day, whole_year in _ticks(first, last)
            ],
            y_ticks=[(number(y(percent)), percent) for percent in (0, 50, 100)],
            label_x=number(left - 4),
            label_y=number(top + plot_height + 16),
        )

    @property
    def large_chart(self):
        return self.chart(LARGE)

    @property
    def small_chart(self):
        return self.chart(SMALL)


def _ticks(first, last):
    """Dates to label on the time axis: quarters over a short span, years over a long one."""
    if (last - first).days <= 500:
        months = (1, 4, 7, 10)
        whole_year = False
    else:
        months = (1,)
        whole_year = True
    ticks = []
    day = datetime.date(first.year, 1, 1)
    while day <= last:
        if day >= first and day.month in months:
            ticks.append((day, whole_year))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if len(ticks) > 6:  # a long span: every other year
        ticks = ticks[::2]
    if not ticks:
        ticks = [(first, False), (last, False)]
    return ticks
