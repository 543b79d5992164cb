"""The Teams app's two icons, drawn here so the package needs no image files: a white speech bubble with
lines of text, on Kildesvar's blue for the colour icon (192 x 192) and alone on transparency for the
outline icon (32 x 32, which Teams requires to be white on a transparent background).
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

BLUE = (29, 58, 95, 255)
WHITE = (255, 255, 255, 255)
COLOR_SIZE = 192
OUTLINE_SIZE = 32
_SCALE = 4  # drawn at four times the size and scaled down, for smooth edges


def color_icon() -> bytes:
    """192 x 192: the bubble in the middle 96 x 96 (Teams' guideline), on a full blue square."""
    size = COLOR_SIZE * _SCALE
    image = Image.new("RGBA", (size, size), BLUE)
    draw = ImageDraw.Draw(image)
    _bubble(draw, left=48 * _SCALE, top=52 * _SCALE, width=96 * _SCALE, fill=WHITE, ink=BLUE, outline=None)
    return _png(image, COLOR_SIZE)


def outline_icon() -> bytes:
    """32 x 32: the bubble's outline and lines in white, nothing else."""
    size = OUTLINE_SIZE * _SCALE
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    _bubble(draw, left=3 * _SCALE, top=5 * _SCALE, width=26 * _SCALE, fill=None, ink=WHITE, outline=2 * _SCALE)
    return _png(image, OUTLINE_SIZE)


def _bubble(
    draw: ImageDraw.ImageDraw,
    left: int,
    top: int,
    width: int,
    fill: tuple[int, ...] | None,
    ink: tuple[int, ...],
    outline: int | None,
) -> None:
    """A rounded bubble `width` wide (and 0.7 of that high) with a tail at the lower left and three lines."""
    height = int(width * 0.7)
    radius = width // 6
    edge = ink if outline else fill
    draw.rounded_rectangle((left, top, left + width, top + height), radius, fill=fill, outline=edge, width=outline or 0)
    tail_x = left + width // 5
    tail = [(tail_x, top + height - 1), (tail_x, top + height + width // 4), (tail_x + width // 4, top + height - 1)]
    draw.polygon(tail, fill=fill or ink)
    line = max(outline or width // 12, 1)
    for row, length in enumerate((0.62, 0.62, 0.4)):
        y = top + height * (row + 1) // 4 - line // 2
        x = left + width // 5
        draw.rounded_rectangle((x, y, x + int(width * length), y + line), line // 2, fill=ink)


def _png(image: Image.Image, size: int) -> bytes:
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()
