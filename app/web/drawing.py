"""Pictures drawn by the server with Pillow: share cards and demo covers (no photos
taken from elsewhere). Text uses DejaVu Sans (Debian's fonts-dejavu-core), which has
every Vietnamese letter; without it the cards are drawn without text."""
from __future__ import annotations

import io
import textwrap
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SIZE = (1200, 630)


@lru_cache(maxsize=16)
def font(size: int, bold: bool = True):
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return None


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t: float):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def landscape(size, base: tuple[int, int, int], seed: int = 0) -> Image.Image:
    """A calm rice-field landscape in the given colour: sky, sun, field rows, a river."""
    w, h = size
    image = Image.new("RGB", size, mix(base, (255, 255, 255), 0.75))
    draw = ImageDraw.Draw(image)
    for y in range(h // 2):  # sky gradient
        draw.line([(0, y), (w, y)], fill=mix(mix(base, (255, 255, 255), 0.85),
                                              mix(base, (255, 255, 255), 0.55), y / (h / 2)))
    sun_x = int(w * (0.2 + 0.6 * ((seed * 37) % 100) / 100))
    draw.ellipse([sun_x - h // 10, h // 8, sun_x + h // 10, h // 8 + h // 5], fill=(253, 224, 71))
    horizon = int(h * 0.5)
    draw.polygon([(0, horizon), (w, horizon - h // 12), (w, h), (0, h)], fill=mix(base, (0, 0, 0), 0.1))
    for i in range(9):  # field rows converging to the horizon
        x = int(w * i / 8)
        draw.line([(w // 2 + (x - w // 2) // 6, horizon), (x + (seed % 3 - 1) * 40, h)],
                  fill=mix(base, (255, 255, 255), 0.35), width=max(2, w // 200))
    river = [(0, int(h * 0.82)), (w // 3, int(h * 0.76)), (2 * w // 3, int(h * 0.86)), (w, int(h * 0.8))]
    draw.line(river, fill=(147, 197, 253), width=max(6, h // 18), joint="curve")
    return image


@lru_cache(maxsize=64)
def card(title: str, subtitle: str, colour: str, *, band: str | None = None,
         footer: str = "", ink: str = "#ffffff") -> bytes:
    """A 1200×630 share card: a coloured band, a title and a subtitle.

    Memoised on what it draws, so a card is drawn once per item and version, whatever the
    URL's query string (crawlers and share buttons add their own)."""
    base = hex_rgb(colour)
    image = landscape(SIZE, base, seed=len(title))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], 300], fill=base)
    title_font, small = font(58), font(34, bold=False)
    if title_font is not None:
        y = 40
        if band:
            draw.text((60, y), band, font=small, fill=hex_rgb(ink))
            y += 56
        for line in textwrap.wrap(title, width=32)[:3]:
            draw.text((60, y), line, font=title_font, fill=hex_rgb(ink))
            y += 70
        draw.rectangle([0, SIZE[1] - 90, SIZE[0], SIZE[1]], fill=(28, 25, 23))
        draw.text((60, SIZE[1] - 70), subtitle, font=small, fill=(255, 255, 255))
        if footer:
            width = draw.textlength(footer, font=small)
            draw.text((SIZE[0] - 60 - width, SIZE[1] - 70), footer, font=small, fill=(187, 247, 208))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
