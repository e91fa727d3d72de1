"""Business cards from a photo, read offline: OCR (rapidocr_onnxruntime, whose PP-OCR models
ship inside its wheel: nothing is downloaded) → text lines → the contact's fields
(intents.cards) → the customer it belongs to, when the org has it.

    read_card(image) -> CardReading          # blocking: seconds of CPU
    await read_card_async(image)             # the same, off the event loop

The engine is built once per process (about a second) and reused. Detection works on the
image scaled so its longer side is at most 960 px (a phone photo of a card needs no more), on
one thread, which keeps a card under 3 s on a small shared machine.
"""

from __future__ import annotations

import asyncio
import io
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, or_, select

from intents.cards import CardFields, CardLine, pick_fields
from storage.models import Customer

DET_MAX_SIDE = 960
READ_MAX_SIDE = 1024  # a phone photo is read at most this size (1.6 s against 3.4 s at 1600 px, same fields)
MIN_SCORE = 0.5  # OCR lines read with less confidence are left out
# one thread: measured 1.6 s a card against 3.3 s with every core on a loaded 2-core machine, and
# the bot keeps a core for its other messages
THREADS = 1


class CardError(Exception):
    """The file is not an image the reader can open."""


@dataclass
class CardReading:
    """What a photo says: its lines, the fields picked from them and how long reading took."""

    lines: list[CardLine]
    fields: CardFields
    seconds: float

    @property
    def is_card(self) -> bool:
        return self.fields.is_card


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(det_limit_type="max", det_limit_side_len=DET_MAX_SIDE, intra_op_num_threads=THREADS,
                    inter_op_num_threads=THREADS)


def _image(source: bytes | Path):
    """The image as an RGB numpy array (a phone JPEG or PNG)."""
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as img:
            img.draft("RGB", (READ_MAX_SIDE, READ_MAX_SIDE))  # a JPEG decodes straight to a smaller size
            img = ImageOps.exif_transpose(img).convert("RGB")  # a phone photo's own rotation
            img.thumbnail((READ_MAX_SIDE, READ_MAX_SIDE))
            return np.asarray(img)[:, :, ::-1].copy()  # RGB → BGR, as OpenCV reads files
    except (UnidentifiedImageError, OSError) as e:
        raise CardError(f"not an image: {e}") from None


def ocr_lines(source: bytes | Path) -> list[CardLine]:
    """The text lines of a picture, top to bottom, each with its height in pixels."""
    found, _ = _engine()(_image(source))
    lines = []
    for box, text, score in found or []:
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        ys = [p[1] for p in box]
        lines.append((min(ys), CardLine(text=str(text).strip(), height=float(max(ys) - min(ys)))))
    return [line for _, line in sorted(lines, key=lambda t: t[0])]


def read_card(source: bytes | Path) -> CardReading:
    """Read a card photo (JPEG/PNG bytes or a path); `is_card` False when it is not one."""
    start = time.perf_counter()
    lines = ocr_lines(source)
    return CardReading(lines=lines, fields=pick_fields(lines), seconds=time.perf_counter() - start)


async def read_card_async(source: bytes | Path) -> CardReading:
    """read_card in a worker thread, so a chat network's event loop keeps serving."""
    return await asyncio.to_thread(read_card, source)


def match_customer(engine: Engine, company: str | None) -> tuple[str | None, list[str]]:
    """The customer a card's company names: (its id, []) when exactly one stored name or alias
    fits, (None, candidate ids) when several do, (None, []) for a new customer."""
    if not company:
        return None, []
    with engine.connect() as conn:
        exact = list(conn.execute(select(Customer.id).where(Customer.name == company)).scalars())
        if len(exact) == 1:
            return exact[0], []
        rows = conn.execute(select(Customer.id, Customer.name, Customer.aliases)
                            .where(or_(Customer.name.like(f"%{company}%"), Customer.aliases != ""))).all()
    fits = [cid for cid, name, aliases in rows
            if company in name or name in company
            or any(a and (a in company) for a in (aliases or "").split("|"))]
    return (fits[0], []) if len(fits) == 1 else (None, sorted(fits))
