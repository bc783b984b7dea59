#!/usr/bin/env python3
"""Writes nuget/icon.png, the package icon (128x128 RGBA), from nothing but this script (std-only: zlib + struct).

A rounded square split by a white boundary line: .NET purple on the left, Rust orange (top) and Go cyan (bottom) on
the right, with an arrow crossing the boundary. Run it again after changing the drawing; the PNG is committed.
"""
import struct
import sys
import zlib
from pathlib import Path

SIZE = 128
PURPLE = (81, 43, 212)
RUST = (206, 66, 43)
GO = (0, 173, 216)
WHITE = (255, 255, 255)


def inside_rounded_square(x, y, radius=22):
    cx = min(max(x, radius), SIZE - 1 - radius)
    cy = min(max(y, radius), SIZE - 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius


def in_arrow(x, y):
    # shaft from x=26 to x=86 at y=64 (+-6), head from x=86 to x=104
    if 26 <= x <= 88 and abs(y - 64) <= 6:
        return True
    return 86 <= x <= 106 and abs(y - 64) <= (106 - x) * 1.0


def pixel(x, y):
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    if in_arrow(x, y):
        return WHITE + (255,)
    if 60 <= x <= 67:
        return WHITE + (255,)
    if x < 60:
        return PURPLE + (255,)
    return (RUST if y < 64 else GO) + (255,)


def png(width, height, rows):
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "nuget" / "icon.png"
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out.write_bytes(png(SIZE, SIZE, rows))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
