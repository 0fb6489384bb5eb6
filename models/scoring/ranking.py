"""Rankings of a quarter or a year: ties share a rank (1, 2, 2, 4), then name pinyin order; bands
with their consequences for activists, star ratings for members; 一票否决 listed last."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

from sqlalchemy.orm import Session

from models.core.codes import Audience
from models.scoring.audience import check_audience
from models.scoring.periods import QUARTER, Period, parse_period, year_period
from models.scoring.postings import PostingRow, is_posted
from models.scoring.quarter_table import quarter_rows
from models.scoring.scores import Participant, PersonScore, ScoreTable
from models.settings.values import Band, ScoringSettings, get_settings

__all__ = ["RankingRow", "StarRow", "band_for", "is_posted", "PostingRow", "ranking", "stars", "VETO_BAND"]

VETO_BAND = "一票否决"
VETO_CONSEQUENCE = "本期不参加排名和评定，由支委会研究处理"


# Named tuples like PersonScore: a township ranking has 100,000 rows.
class RankingRow(NamedTuple):
    rank: int | None  # None: 一票否决, not ranked
    person_id: int
    name: str
    group_name: str
    by_category: Mapping[str, float]  # read-only: rows with the same sums share one
    total: float
    band: str
    consequence: str
    vetoed: bool
    flag: str  # "" or the 支委会 warning after two periods below the line
    stage: str = ""
    sort_key: str = ""
    pending: int = 0  # entries not yet approved (not counted)


class StarRow(NamedTuple):
    person_id: int
    name: str
    group_name: str
    total: float
    stars: str  # 五星 … 一星, or 一票否决
    rank: int | None = None
    vetoed: bool = False
    by_category: dict[str, float] = {}
    quarters: dict[str, float] = {}


def band_for(total: float, bands: Sequence[Band]) -> Band:
    """The first band (from the top) whose line the total reaches."""
    for band in bands:
        if total >= band.low:
            return band
    return bands[-1]


class _Bands:
    """band_for with a memory: totals repeat (quarter totals are whole numbers), rows are many."""

    def __init__(self, bands: Sequence[Band]) -> None:
        self.bands, self.known = bands, {}

    def __call__(self, total: float) -> Band:
        band = self.known.get(total)
        if band is None:
            band = self.known[total] = band_for(total, self.bands)
        return band


def flag_text(settings: ScoringSettings) -> str:
    return f"连续两期低于{settings.warning_below:g}分，请支委会研究延长培养或取消资格"


def _ordered(table: ScoreTable, period: Period) -> list[tuple[int | None, Participant, PersonScore]]:
    """(rank, person, score) of everyone in the last period of the table who had not left by its end:
    by total, ties sharing a rank, then by pinyin; vetoed people last, unranked, by pinyin."""
    scores = table.scores(len(table.periods) - 1)
    scored, vetoed, end = [], [], period.end
    for person in table.people:
        score = scores.get(person.id)
        if score is None or (person.archived_on is not None and person.archived_on <= end):
            continue
        (vetoed if score.vetoed else scored).append((person, score))
    scored.sort(key=lambda pair: (-pair[1].total, pair[0].sort_key, pair[0].id))
    result: list[tuple[int | None, Participant, PersonScore]] = []
    rank, previous = 0, None
    for position, (person, score) in enumerate(scored, start=1):
        if score.total != previous:
            rank, previous = position, score.total
        result.append((rank, person, score))
    vetoed.sort(key=lambda pair: (pair[0].sort_key, pair[0].id))
    return result + [(None, person, score) for person, score in vetoed]


def _flagged(table: ScoreTable, ordered: list, settings: ScoringSettings) -> set[int]:
    """Ids of those below the line in this period and in the previous one (the table's first)."""
    line = settings.warning_below
    below = [(person, score) for _, person, score in ordered if not score.vetoed and score.total < line]
    if not below:
        return set()
    before = table.scores(0)
    return {person.id for person, _ in below if (earlier := before.get(person.id)) is not None and earlier.total < line}


def _quarter_ranking(session: Session, period: Period, audience: str, settings: ScoringSettings) -> list[RankingRow]:
    """A quarter's ranking straight from one query's tuples (quarter_table.py): ties share a rank,
    vetoed people come last without one; activists below the line twice running are flagged."""
    bands = _Bands(settings.activist_bands if audience == Audience.ACTIVISTS else settings.star_bands)
    line, flag, activists = settings.warning_below, flag_text(settings), audience == Audience.ACTIVISTS
    rows, rank, previous = [], 0, None
    # Rows with the same three sums share one (read-only) mapping: a township's 100,000 rows have a few
    # thousand different ones, and making a dict per row was a fifth of the loop.
    shared: dict[tuple, Mapping[str, float]] = {}
    for position, (pid, name, key, group, stage, basic, bonus, deduction, veto, pending, total,
                   before) in enumerate(quarter_rows(session, period, audience).all(), start=1):
        total = float(total)
        categories = shared.get((basic, bonus, deduction))
        if categories is None:
            categories = shared[basic, bonus, deduction] = MappingProxyType(
                {"basic": basic or 0, "bonus": bonus or 0, "deduction": deduction or 0})
        if veto:
            rows.append(RankingRow(None, pid, name, group or "", categories, total, VETO_BAND, VETO_CONSEQUENCE,
                                   True, "", stage, key, pending or 0))
            continue
        if total != previous:
            rank, previous = position, total
        band = bands(total)
        flagged = activists and total < line and before is not None and before < line
        rows.append(RankingRow(rank, pid, name, group or "", categories, total, band.name, band.consequence,
                               False, flag if flagged else "", stage, key, pending or 0))
    return rows


def _year_ranking(session: Session, period: Period, audience: str, settings: ScoringSettings,
                  today: date | None) -> list[RankingRow]:
    """A year's ranking from a ScoreTable of the year (and, for activists, the year before: the flag)."""
    activists = audience == Audience.ACTIVISTS
    table = ScoreTable(session, [period.previous(), period] if activists else [period], audience, today=today)
    ordered = _ordered(table, period)
    flagged = _flagged(table, ordered, settings) if activists else set()
    bands = _Bands(settings.activist_bands if activists else settings.star_bands)
    flag = flag_text(settings)
    rows = []
    for rank, person, score in ordered:
        band = bands(score.total)
        rows.append(RankingRow(rank, person.id, person.name, person.group_name, score.by_category, score.total,
                               VETO_BAND if score.vetoed else band.name,
                               VETO_CONSEQUENCE if score.vetoed else band.consequence, score.vetoed,
                               flag if person.id in flagged else "", person.stage, person.sort_key, score.pending))
    return rows


def ranking(session: Session, period_code: str, audience: str, today: date | None = None) -> list[RankingRow]:
    """The ranking of a quarter (2026Q3) or a year (2026) for activists or members."""
    audience = check_audience(audience)
    period = parse_period(period_code)
    settings = get_settings(session).scoring
    if period.kind == QUARTER:
        return _quarter_ranking(session, period, audience, settings)
    return _year_ranking(session, period, audience, settings, today)


def stars(session: Session, year: int | str, today: date | None = None) -> list[StarRow]:
    """Members' star ratings (五星 … 一星) by bands of the year's score, best first."""
    period = year_period(year) if isinstance(year, int) else parse_period(year)
    settings = get_settings(session).scoring
    table = ScoreTable(session, [period], Audience.MEMBERS, today=today)
    rows = []
    for rank, person, score in _ordered(table, period):
        name = VETO_BAND if score.vetoed else band_for(score.total, settings.star_bands).name
        rows.append(StarRow(person.id, person.name, person.group_name, score.total, name, rank, score.vetoed,
                            score.by_category, score.quarters))
    return rows
