"""Media for the tests, made here (never downloaded): audio clips for the voice tests, made with
PyAV itself — a sine tone encoded as Telegram sends it (OGG/Opus, 48 kHz) and as WeCom does
(AMR-NB, 8 kHz); and business cards drawn as a phone would photograph them."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from charts.fonts import CJK_FONT_FILE


def tone(fmt: str, codec: str, rate: int, seconds: float, hz: float = 440.0, bit_rate: int | None = None) -> bytes:
    """`seconds` of a `hz` sine tone, mono, encoded with `codec` into container `fmt`."""
    import av

    buf = io.BytesIO()
    with av.open(buf, mode="w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        if bit_rate:
            stream.bit_rate = bit_rate
        frame_size = 960 if codec == "libopus" else 160
        total = int(seconds * rate)
        for start in range(0, total, frame_size):
            n = min(frame_size, total - start)
            t = (np.arange(start, start + n) / rate).astype(np.float64)
            samples = (0.4 * 32767 * np.sin(2 * math.pi * hz * t)).astype(np.int16).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buf.getvalue()


def ogg_opus(seconds: float, hz: float = 440.0) -> bytes:
    """A Telegram-style voice note: OGG container, Opus at 48 kHz."""
    return tone("ogg", "libopus", 48000, seconds, hz)


def amr_nb(seconds: float, hz: float = 440.0) -> bytes:
    """A WeCom-style voice message: AMR-NB (8 kHz, 12.2 kbit/s), starting '#!AMR'."""
    return tone("amr", "libopencore_amrnb", 8000, seconds, hz, bit_rate=12200)


def card_jpeg(lines: list[tuple[str, int]], size: tuple[int, int] = (900, 520), rotate: float = 0) -> bytes:
    """A business card as a phone photographs it: white, black type, one (text, points) a line
    (the name larger), optionally tilted by `rotate` degrees; JPEG bytes."""
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    y = 40
    for text, pts in lines:
        draw.text((50, y), text, fill="black", font=ImageFont.truetype(str(CJK_FONT_FILE), pts))
        y += pts + 22
    if rotate:
        img = img.rotate(rotate, expand=True, fillcolor="white")
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def card_photo(folder: Path, name: str, lines: list[tuple[str, int]]) -> str:
    """`card_jpeg(lines)` saved as `folder/name`; its path."""
    path = folder / name
    path.write_bytes(card_jpeg(lines))
    return str(path)
