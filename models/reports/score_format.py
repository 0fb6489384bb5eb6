"""How the scoring reports write numbers and bands (shared by the ranking, the detail and the stars)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from models.core.codes import ScoreCategory, label

CATEGORIES: tuple[ScoreCategory, ...] = (ScoreCategory.BASIC, ScoreCategory.BONUS, ScoreCategory.DEDUCTION)


def points(value: float | int | None, signed: bool = False) -> str:
    """87.5, 90 (not 90.0), -3; a year's mean keeps one decimal. `signed` writes +2 for a gain."""
    if value is None:
        return ""
    value = round(float(value), 1)
    if value == 0:
        value = 0.0  # no "-0"
    text = f"{value:.1f}".removesuffix(".0")
    return f"+{text}" if signed and value > 0 else text


def subtotals(by_category: Mapping[str, float]) -> list[str]:
    """基础分, 加分, 扣分 in that order (0 where the person has none)."""
    return [points(by_category.get(category.value, 0)) for category in CATEGORIES]


def category_headers() -> list[str]:
    return [label(category) for category in CATEGORIES]


def band_legend(bands: Sequence, unit: str = "分") -> str:
    """90分及以上：优先发展；80分（含）至90分（不含）：重点培养；80分以下：一般培养 — highest first."""
    parts, upper = [], None
    for band in bands:
        low = points(band.low)
        if upper is None:
            span = f"{low}{unit}及以上"
        elif band.low <= 0:
            span = f"{points(upper)}{unit}以下"
        else:
            span = f"{low}{unit}（含）至{points(upper)}{unit}（不含）"
        consequence = getattr(band, "consequence", "")
        extra = f"（{consequence}）" if consequence and consequence != band.name else ""
        parts.append(f"{span}：{band.name}{extra}")
        upper = band.low
    return "；".join(parts)
