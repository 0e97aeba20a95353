"""Shared helpers of the window tests: reading a served QR code back into modules."""
from __future__ import annotations

import re

_PATH = re.compile(r'<path class="qrline"[^>]* d="([^"]+)"')
_COMMAND = re.compile(r"([Mmh])(-?\d+(?:\.\d+)?)(?: (-?\d+(?:\.\d+)?))?")
_SIZE = re.compile(r'<svg width="(\d+)" height="(\d+)"')
_SCALE = re.compile(r'scale\((\d+)\)')


def svg_modules(html: str) -> list[list[bool]]:
    """The dark modules of the first segno QR code in ``html`` (its quiet zone included), read back from
    the horizontal strokes of its inline ``<svg>`` path."""
    width = int(_SIZE.search(html).group(1))
    size = width // int(_SCALE.search(html).group(1))
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in _COMMAND.findall(_PATH.search(html).group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a dark run of ``a`` modules on the row of y (strokes run through the row's middle)
            for column in range(int(x), int(x + float(a))):
                grid[int(y)][column] = True
            x += float(a)
    return grid


def decode_qr(grid: list[list[bool]], pixels: int = 4) -> str | None:
    """Decode the QR code drawn by ``grid`` with zxing-cpp, from a greyscale bitmap of it."""
    import zxingcpp

    size = len(grid)
    rows = bytearray()
    for line in grid:
        row = bytearray()
        for dark in line:
            row += (b"\x00" if dark else b"\xff") * pixels
        rows += bytes(row) * pixels
    image = memoryview(bytes(rows)).cast("B", (size * pixels, size * pixels))
    found = zxingcpp.read_barcode(image)
    return found.text if found is not None else None
