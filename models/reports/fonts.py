"""Chinese fonts for reports: the system's TrueType CJK fonts, else the bundled one; per-character
fallback for rare name characters; a record of characters no font could draw."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from models.core.paths import bundled_font_path
from models.reports.declaration import ReportError


@dataclass(frozen=True)
class FontFile:
    name: str  # the name registered with ReportLab
    path: Path
    subfont: int = 0


def _windows_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _candidates(files: list[tuple[str, str, int]]) -> list[FontFile]:
    """Existing files among (name, file name or absolute path, subfont index)."""
    found = []
    for name, file_name, subfont in files:
        paths = [Path(file_name)] if os.path.isabs(file_name) else [d / file_name for d in _windows_dirs()]
        found += [FontFile(name, p, subfont) for p in paths if p.is_file()]
    return found


BUNDLED = FontFile("WenQuanYiMicroHei", bundled_font_path(), 0)
_LINUX = "/usr/share/fonts/truetype"
_WIN_TITLE = [("SimHei", "simhei.ttf", 0), ("MicrosoftYaHei", "msyh.ttc", 0)]
_WIN_BODY = [("FangSong", "simfang.ttf", 0), ("SimSun", "simsun.ttc", 0), ("MicrosoftYaHei", "msyh.ttc", 0)]
_LINUX_ANY = [("WenQuanYiMicroHeiSys", f"{_LINUX}/wqy/wqy-microhei.ttc", 0),
              ("WenQuanYiZenHei", f"{_LINUX}/wqy/wqy-zenhei.ttc", 0),
              ("ARPLUMing", f"{_LINUX}/arphic/uming.ttc", 0)]
# Fonts tried, in order, for a character the main font lacks (Extension A/B name characters).
_FALLBACKS = [("SimSun", "simsun.ttc", 0), ("SimSunExtB", "simsunb.ttf", 0), ("MicrosoftYaHei", "msyh.ttc", 0),
              ("SimHei", "simhei.ttf", 0), ("MingLiUExtB", "mingliub.ttc", 0),
              ("HanaMinA", f"{_LINUX}/hanazono/HanaMinA.ttf", 0), ("HanaMinB", f"{_LINUX}/hanazono/HanaMinB.ttf", 0),
              ("DroidSansFallback", f"{_LINUX}/droid/DroidSansFallbackFull.ttf", 0),
              ("ARPLUMing", f"{_LINUX}/arphic/uming.ttc", 0), ("WenQuanYiZenHei", f"{_LINUX}/wqy/wqy-zenhei.ttc", 0)]

_loaded: dict[str, TTFont | None] = {}


def _utf16_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with characters beyond the BMP written as UTF-16 surrogate pairs.

    ReportLab (pdfbase/ttfonts.py, makeToUnicodeCMap) writes each code's character as "<%04X>",
    so 𠈌 (U+2020C, CJK Extension B, drawn with a fallback font such as HanaMinB or SimSun-ExtB)
    becomes <2020C>: five hex digits, which readers take as U+2020 "†" — copied text and search
    then show the wrong name. The PDF format wants UTF-16BE: <D840DE0C>.
    """
    def utf16(match: re.Match[str]) -> str:
        return f"<{match[1]}> <{chr(int(match[2], 16)).encode('utf-16-be').hex().upper()}>"

    return re.sub(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", utf16, _reportlab_cmap(fontname, subset), flags=re.M)


# Installed for every document this program makes: TTFont.addObjects looks the function up in
# its module when a PDF is saved. (Wrapping twice, on a reload, is harmless: the output is fixed.)
_reportlab_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _utf16_to_unicode_cmap


def _load(font: FontFile) -> TTFont | None:
    """Register a font once; None when it cannot be embedded (CFF/OTF outlines, damaged)."""
    if font.name not in _loaded:
        try:
            ttf = TTFont(font.name, str(font.path), subfontIndex=font.subfont)
            pdfmetrics.registerFont(ttf)
            _loaded[font.name] = ttf
        except (TTFError, OSError, ValueError):
            _loaded[font.name] = None
    return _loaded[font.name]


def _first_loadable(options: list[FontFile]) -> TTFont:
    for option in options:
        font = _load(option)
        if font is not None:
            return font
    raise ReportError("找不到可以嵌入PDF的中文字体，程序文件可能不完整（缺少 resources/fonts）")


@dataclass
class FontKit:
    """The fonts one report uses, and the characters it could not print."""

    title: str
    body: str
    missing: set[str] = field(default_factory=set)
    _cmaps: dict[str, dict[int, int]] = field(default_factory=dict, repr=False)
    _fallback_for: dict[str, str | None] = field(default_factory=dict, repr=False)

    def _cmap(self, font_name: str) -> dict[int, int]:
        cmap = self._cmaps.get(font_name)
        if cmap is None:
            cmap = self._cmaps[font_name] = pdfmetrics.getFont(font_name).face.charToGlyph
        return cmap

    def has(self, font_name: str, char: str) -> bool:
        return ord(char) in self._cmap(font_name)

    def covers(self, text: str, font_name: str | None = None) -> bool:
        """True when `font_name` (the body font by default) has every character of `text`."""
        # map/all keep the loop in C: a large roster asks this for every one of its cells.
        return all(map(self._cmap(font_name or self.body).__contains__, map(ord, text)))

    def fallback(self, char: str) -> str | None:
        """A registered font that has `char`, trying the fallback list (loaded only when needed)."""
        if char not in self._fallback_for:
            self._fallback_for[char] = None
            for option in _fallback_options():
                font = _load(option)
                if font is not None and ord(char) in font.face.charToGlyph:
                    self._fallback_for[char] = option.name
                    break
        return self._fallback_for[char]

    def runs(self, text: str, font_name: str | None = None) -> list[tuple[str | None, str]]:
        """Split `text` into (font, chunk) runs: the given font where it has the characters, a
        fallback font where not, None for characters no font has (remembered in `missing`)."""
        font_name = font_name or self.body
        runs: list[tuple[str | None, str]] = []
        for char in text:
            if char.isspace() or self.has(font_name, char):
                font = font_name
            else:
                font = self.fallback(char)
                if font is None:
                    self.missing.add(char)
                    char = f"[U+{ord(char):04X}]"
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def markup(self, text: str, font_name: str | None = None) -> str:
        """Paragraph markup for `text`: XML-escaped, with runs the font lacks in a fallback font."""
        font_name = font_name or self.body
        parts = []
        for font, chunk in self.runs(text, font_name):
            chunk = escape(chunk).replace("\n", "<br/>")
            parts.append(chunk if font in (font_name, None) else f'<font face="{font}">{chunk}</font>')
        return "".join(parts)


def _fallback_options() -> list[FontFile]:
    return _candidates(_FALLBACKS)


def font_kit() -> FontKit:
    """Title and body fonts: Windows SimHei / FangSong or SimSun when present, else Linux CJK
    TrueType fonts, else the bundled WenQuanYi Micro Hei."""
    windows = sys.platform == "win32"
    title = _first_loadable((_candidates(_WIN_TITLE) if windows else []) + _candidates(_LINUX_ANY) + [BUNDLED])
    body = _first_loadable((_candidates(_WIN_BODY) if windows else []) + _candidates(_LINUX_ANY) + [BUNDLED])
    return FontKit(title=title.fontName, body=body.fontName)
