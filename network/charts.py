"""Server-rendered SVG charts: the geometry is computed here, templates/network/includes draw it.

No JavaScript: each chart is an <svg role="img"> with a <title>, and the template follows it with a
table of the same data for screen readers and for anyone who wants the exact figures.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

# Narrow enough that the text stays legible when a phone shrinks the chart to its width.
WIDTH = 480
BAR_ROW = 52
BAR_HEIGHT = 20
VALUE_ROOM = 80
LINE_HEIGHT = 260
LINE_MARGIN = {"top": 20, "right": 24, "bottom": 40, "left": 64}
MAX_AXIS_LABELS = 7


def display(value):
    return "–" if value is None else number_format(value, force_grouping=True)


@dataclass
class Bar:
    label: str
    value: int
    display: str
    label_y: int
    bar_y: int
    width: float
    value_x: float


@dataclass
class BarChart:
    chart_id: str
    title: str
    bars: list
    width: int = WIDTH
    height: int = 0


def bar_chart(chart_id, title, rows):
    """Horizontal bars, one row each: `rows` are (label, value) pairs, a value may be None, or
    (label, value, text) when the bar shows a text instead of its number ("moins de 10")."""
    peak = max((value or 0 for _, value, *_text in rows), default=0) or 1
    bars = []
    for index, (label, value, *text) in enumerate(rows):
        top = index * BAR_ROW
        width = (WIDTH - VALUE_ROOM) * (value or 0) / peak
        bars.append(
            Bar(
                label=label,
                value=value,
                display=text[0] if text else display(value),
                label_y=top + 18,
                bar_y=top + 26,
                width=round(width, 1),
                value_x=round(width + 6, 1),
            )
        )
    return BarChart(chart_id=chart_id, title=title, bars=bars, height=len(rows) * BAR_ROW + 4)


@dataclass
class Point:
    label: str
    value: int
    display: str
    x: float
    y: float
    has_axis_label: bool


@dataclass
class Tick:
    display: str
    y: float


@dataclass
class LineChart:
    chart_id: str
    title: str
    points: list
    ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = LINE_HEIGHT
    margin: dict = field(default_factory=lambda: LINE_MARGIN)

    @property
    def polyline(self):
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def axis_y(self):
        return self.height - self.margin["bottom"]

    @property
    def axis_right(self):
        return self.width - self.margin["right"]

    @property
    def label_y(self):
        return self.axis_y + 26


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`, for a readable top of the axis."""
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def line_chart(chart_id, title, rows, tick_count=4):
    """A line through (label, value) pairs in order; missing values are left out of the line."""
    rows = [(label, value) for label, value in rows if value is not None]
    top = nice_ceiling(max((value for _, value in rows), default=0) or 1)
    left, right = LINE_MARGIN["left"], WIDTH - LINE_MARGIN["right"]
    plot_top, plot_bottom = LINE_MARGIN["top"], LINE_HEIGHT - LINE_MARGIN["bottom"]
    step = (right - left) / max(len(rows) - 1, 1)
    label_every = -(-len(rows) // MAX_AXIS_LABELS)

    def y_of(value):
        return round(plot_bottom - (plot_bottom - plot_top) * value / top, 1)

    points = [
        Point(
            label=str(label),
            value=value,
            display=display(value),
            x=round(left + index * step, 1),
            y=y_of(value),
            # Every other year (or fewer) once they would overlap; the last one always.
            has_axis_label=index % label_every == 0 or index == len(rows) - 1,
        )
        for index, (label, value) in enumerate(rows)
    ]
    ticks = [
        Tick(display=display(round(top * index / tick_count)), y=y_of(top * index / tick_count))
        for index in range(tick_count + 1)
    ]
    return LineChart(chart_id=chart_id, title=title, points=points, ticks=ticks)
