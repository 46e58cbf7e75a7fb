"""Server-side SVG charts in colour, readable in black and white and by a screen reader.

The colours are the Okabe-Ito palette (told apart with every common colour-vision
deficiency), darkened where needed so that each has a contrast of at least 3:1 with
the white page (WCAG 1.4.11); every bar also has a dark outline. Series differ by
colour *and* pattern (solid, hatched, dotted) and every bar carries its value as
text, so colour is never the only carrier; each chart has a ``<title>``, a ``<desc>``
and a plain-text ``description`` that the page shows as its text alternative. No
JavaScript, no library: the same markup goes into the HTML page and the PDF.
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from koers.core.formatting import MONTH_NAMES, MONTHS
from koers.core.formatting import number_text as number  # the one number format
from koers.reports.wording import enumeration

WIDTH = 640
FONT = 'font-family="DejaVu Sans, sans-serif" font-size="12"'
PATTERNS = ("solid", "hatch", "dots")
# Okabe-Ito blue, vermillion, bluish green, reddish purple; contrast on white ≥ 3:1.
BLUE, VERMILLION, GREEN, PURPLE = "#0072B2", "#C75000", "#007A5A", "#A8537F"
PALETTE = (BLUE, VERMILLION, GREEN, PURPLE)
OUTLINE = "#1A1A1A"


@dataclass(frozen=True)
class Chart:
    code: str
    title: str
    svg: SafeString
    description: str


def pattern_defs(prefix: str) -> str:
    """The hatched pattern in the palette's second colour, the dotted one in its third."""
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{VERMILLION}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="1.5"/></pattern>'
        f'<pattern id="{prefix}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{GREEN}"/><circle cx="3" cy="3" r="1.3" fill="#fff"/>'
        "</pattern></defs>"
    )


def fill(prefix: str, pattern: str) -> str:
    return BLUE if pattern == "solid" else f"url(#{prefix}-{pattern})"


def svg_document(prefix: str, title: str, description: str, height: int, body: str) -> SafeString:
    return mark_safe(  # noqa: S308  every text in ``body`` and here is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{prefix}-title {prefix}-desc" {FONT}>'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
        f"{pattern_defs(prefix)}{body}</svg>"
    )


def horizontal_bars(
    code: str, title: str, items: list[tuple[str, int]], colour: str = BLUE
) -> Chart | None:
    """One bar per item, in the order given, in one solid colour of the palette; the value
    is written after each bar (zeros are left out)."""
    items = [(label, value) for label, value in items if value]
    if not items:
        return None
    # room for the longest label (about 7 units a character at font-size 12), within reason
    longest = max(len(label) for label, _ in items)
    label_width, bar_height, gap = min(380, max(120, 7 * longest + 12)), 18, 6
    largest = max(value for _, value in items)
    scale = (WIDTH - label_width - 60) / largest
    body = []
    for row, (label, value) in enumerate(items):
        y = 10 + row * (bar_height + gap)
        width = max(1.0, value * scale)
        body.append(
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{bar_height}" '
            f'fill="{colour}" stroke="{OUTLINE}"/>'
            f'<text x="{label_width + width + 6:.1f}" y="{y + 13}">{number(value)}</text>'
        )
    description = f"{title}: " + enumeration(f"{label} {number(value)}" for label, value in items)
    height = 20 + len(items) * (bar_height + gap)
    return Chart(
        code, title, svg_document(code, title, description, height, "".join(body)), description
    )


def grouped_bars(
    code: str, title: str, categories: list[str], series: list[tuple[str, list[int]]]
) -> Chart | None:
    """Bars per category, one per series (told apart by pattern and a legend)."""
    if not any(any(values) for _, values in series):
        return None
    top, chart_height, left = 40, 180, 40
    largest = max(max(values) for _, values in series) or 1
    group_width = (WIDTH - left - 10) / len(categories)
    bar_width = min(48.0, (group_width - 20) / len(series))
    body = [
        f'<line x1="{left}" y1="{top + chart_height}" x2="{WIDTH - 10}" '
        f'y2="{top + chart_height}" stroke="{OUTLINE}"/>'
    ]
    for index, (name, _) in enumerate(series):
        x = left + index * 170
        pattern = PATTERNS[index % len(PATTERNS)]
        body.append(
            f'<rect x="{x}" y="8" width="14" height="14" fill="{fill(code, pattern)}" '
            f'stroke="{OUTLINE}"/><text x="{x + 20}" y="20">{escape(name)}</text>'
        )
    for c_index, category in enumerate(categories):
        x0 = left + c_index * group_width + 10
        for s_index, (_, values) in enumerate(series):
            value = values[c_index]
            height = value / largest * chart_height
            x = x0 + s_index * bar_width
            y = top + chart_height - height
            pattern = PATTERNS[s_index % len(PATTERNS)]
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width - 4:.1f}" '
                f'height="{height:.1f}" fill="{fill(code, pattern)}" stroke="{OUTLINE}"/>'
                f'<text x="{x + (bar_width - 4) / 2:.1f}" y="{y - 4:.1f}" '
                f'text-anchor="middle">{number(value)}</text>'
            )
        body.append(
            f'<text x="{x0 + len(series) * bar_width / 2:.1f}" y="{top + chart_height + 18}" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    description = f"{title}: " + "; ".join(
        f"{category}: "
        + enumeration(f"{name.lower()} {number(values[i])}" for name, values in series)
        for i, category in enumerate(categories)
    )
    svg = svg_document(code, title, description, top + chart_height + 30, "".join(body))
    return Chart(code, title, svg, description)


def housed_against_quota(
    code: str, year: int, housed: list[int], backlog: list[int | None]
) -> Chart | None:
    """Persons housed per month (blue bars) and the backlog on the quota at each month's end
    (dashed vermillion line; it rises when a half-year's quota falls due and falls with every
    placement)."""
    if not any(housed):
        return None
    title = gettext("Gehuisvest per maand in %(year)s en de achterstand op de taakstelling") % {
        "year": year
    }
    names = [str(MONTH_NAMES[month]) for month in range(1, 13)]
    housed_legend = escape(gettext("gehuisvest in de maand"))
    backlog_legend = escape(gettext("achterstand op de taakstelling (onder 0: voorsprong)"))
    known = [value for value in backlog if value is not None]
    low, high = min([0, *known]), max([*housed, *known, 1])
    top, chart_height, left = 62, 200, 40
    step = (WIDTH - left - 10) / 12

    def y_of(value: float) -> float:
        return top + (high - value) / (high - low) * chart_height

    body = [
        f'<line x1="{left}" y1="{y_of(0):.1f}" x2="{WIDTH - 10}" y2="{y_of(0):.1f}" '
        f'stroke="{OUTLINE}"/>',
        f'<rect x="{left}" y="6" width="14" height="14" fill="{BLUE}" stroke="{OUTLINE}"/>'
        f'<text x="{left + 20}" y="18">{housed_legend}</text>',
    ]
    for month, value in enumerate(housed):
        x = left + month * step + 4
        body.append(
            f'<rect x="{x:.1f}" y="{y_of(value):.1f}" width="{step - 8:.1f}" '
            f'height="{y_of(0) - y_of(value):.1f}" fill="{BLUE}" stroke="{OUTLINE}"/>'
            f'<text x="{x + (step - 8) / 2:.1f}" y="{y_of(value) - 4:.1f}" '
            f'text-anchor="middle">{number(value)}</text>'
            f'<text x="{x + (step - 8) / 2:.1f}" y="{top + chart_height + 16}" '
            f'text-anchor="middle">{escape(MONTHS[month + 1]().rstrip("."))}</text>'
        )
    parts = [f"{names[month]} {number(value)}" for month, value in enumerate(housed)]
    description = gettext("%(title)s. Gehuisvest: %(months)s.") % {
        "title": title,
        "months": enumeration(parts),
    }
    if known:
        points = [
            (left + month * step + step / 2, y_of(value))
            for month, value in enumerate(backlog)
            if value is not None
        ]
        body.append(
            f'<line x1="{left}" y1="31" x2="{left + 14}" y2="31" stroke="{VERMILLION}" '
            f'stroke-width="2" stroke-dasharray="6 4"/><text x="{left + 20}" y="36">'
            f"{backlog_legend}</text>"
            f'<polyline fill="none" stroke="{VERMILLION}" stroke-width="2.5" '
            'stroke-dasharray="6 4" '
            f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}"/>'
        )
        for month in (5, 11):
            if backlog[month] is not None:
                x = left + month * step + step / 2
                body.append(
                    f'<text x="{x:.1f}" y="{y_of(backlog[month]) - 8:.1f}" text-anchor="end" '
                    f'font-weight="bold">{number(backlog[month])}</text>'
                )
        description += " " + gettext("Achterstand aan het eind van de maand: %(months)s.") % {
            "months": enumeration(
                f"{names[month]} {number(value)}"
                for month, value in enumerate(backlog)
                if value is not None
            )
        }
    svg = svg_document(code, title, description, top + chart_height + 26, "".join(body))
    return Chart(code, title, svg, description)
