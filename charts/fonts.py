"""The CJK font every chart uses: Noto Sans CJK SC shipped by the `mplfonts` package.

Registered with matplotlib's font manager at import, so Chinese renders on a fresh machine
with no system fonts; the Agg backend needs no display.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.font_manager as fm  # noqa: E402
import mplfonts  # noqa: E402

CJK_FONT_FILE = Path(mplfonts.__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.otf"


def _register() -> str:
    if not CJK_FONT_FILE.exists():
        raise RuntimeError(f"CJK font missing: {CJK_FONT_FILE} (reinstall mplfonts)")
    fm.fontManager.addfont(str(CJK_FONT_FILE))
    return fm.FontProperties(fname=str(CJK_FONT_FILE)).get_name()


CJK_FAMILY = _register()
# Noto Sans CJK covers Latin, digits, ¥ and both Chinese scripts; DejaVu is the fallback
FONT_FAMILIES = [CJK_FAMILY, "DejaVu Sans"]
