"""Charts drawn by the server as inline SVG (no script, no inline style: the strict CSP allows
presentation attributes such as fill=, and the classes are styled in app.css). Every chart
carries a <title> and a <desc> and the page shows the same figures in a table."""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 40


def bar_chart(points: list[tuple[str, int]], *, uid: str, title: str, desc: str, maximum: int,
              unit: str = "") -> Markup:
    """Vertical bars, one per point (label, value), on a 0…maximum axis with 4 grid lines
    (the maximum rounded up to a multiple of 4, so each line stands on a whole number).
    `uid` makes the ids of the title and description unique in the page."""
    maximum = max(maximum, max((v for _l, v in points), default=0), 1)
    maximum = -(-maximum // 4) * 4
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{uid}-t">{escape(title)}</title>',
             f'<desc id="{uid}-d">{escape(desc)}</desc>']
    for i in range(5):
        value = round(maximum * i / 4)
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                     f'y2="{y:.1f}" stroke="#d1d5db" stroke-width="1"/>')
        parts.append(f'<text class="chart-axis" x="{LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end" font-size="12" fill="#374151">'
                     f'{value}{escape(unit)}</text>')
    if points:
        step = plot_w / len(points)
        bar_w = min(48.0, step * 0.7)
        every = max(1, -(-len(points) // 12))  # at most 12 labels under the axis
        for i, (label, value) in enumerate(points):
            h = plot_h * value / maximum
            x = LEFT + step * i + (step - bar_w) / 2
            y = TOP + plot_h - h
            parts.append(f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                         f'height="{h:.1f}" fill="#15803d"><title>{escape(label)}: {value}'
                         f'{escape(unit)}</title></rect>')
            if i % every == 0:
                parts.append(f'<text class="chart-axis" x="{x + bar_w / 2:.1f}" '
                             f'y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12" '
                             f'fill="#374151">{escape(label)}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" '
                 f'y2="{TOP + plot_h}" stroke="#374151" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
