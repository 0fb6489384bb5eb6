"""Building .xlsx files part by part, for files no spreadsheet program would write: damaged ones
(a corpus made from a good roster in ~25 ways), hostile ones (hundreds of thousands of junk rows,
a cell of millions of characters) and several-sheet workbooks with hidden sheets.

A good roster comes from tests.excel_files.write_roster (openpyxl); these helpers then replace,
remove or corrupt its zip parts, or stream a generated sheet in place of its own.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from tests.excel_files import person_row, write_roster

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
Part = bytes | Iterable[bytes] | None  # None removes the part


def good_roster(path: Path, people: int = 3) -> Path:
    """A small, valid roster as Excel writes it: text in the shared strings, styles with a date style."""
    rows = [person_row(n, name, date(1960 + n, 3, 12), n * 2 + 1, "1985-07-01", "1986-07-01")
            for n, name in enumerate(("王建国", "李秀兰", "张喆", "赵堃", "刘桂芳")[:people], start=1)]
    plain = write_roster(path.with_suffix(".inline.xlsx"), rows)
    shared_strings_version(plain, path)
    plain.unlink()
    return path


_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t>(.*?)</t></is></c>')


def shared_strings_version(source: Path, target: Path) -> Path:
    """openpyxl 3.1 writes text inline; Excel and WPS put it in xl/sharedStrings.xml. Move it there."""
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        strings.append(match.group(3))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2), len(strings) - 1)

    sheet = _INLINE.sub(shared, read_part(source, SHEET))
    table = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{len(strings)}">'.encode()
             + b"".join(b"<si><t>%s</t></si>" % s for s in strings) + b"</sst>")
    types = read_part(source, "[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = read_part(source, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return rewrite(source, target, {SHEET: sheet, STRINGS: table, "[Content_Types].xml": types,
                                    "xl/_rels/workbook.xml.rels": rels})


def rewrite(source: Path, target: Path, parts: dict[str, Part]) -> Path:
    """Copy the zip `source` to `target`, replacing (or with None removing) the named parts; a part
    given as an iterable of bytes is streamed, so huge generated sheets never sit in memory."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        names = old.namelist() + [n for n in parts if n not in old.namelist()]
        for name in names:
            content = parts[name] if name in parts else old.read(name)
            if content is None:
                continue
            if isinstance(content, bytes):
                new.writestr(name, content)
                continue
            with new.open(name, "w", force_zip64=True) as out:
                for chunk in content:
                    out.write(chunk)
    return target


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as book:
        return book.read(name)


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(row: int, column: int, value: object) -> str:
    ref = f"{column_letter(column)}{row}"
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(row: int, values: Iterable[object]) -> str:
    cells = "".join(cell_xml(row, column, v) for column, v in enumerate(values, start=1))
    return f'<row r="{row}">{cells}</row>'


def sheet_xml(rows: Iterable[tuple[int, Iterable[object]]], *, dimension: str | None = None,
              tail: str = "") -> Iterator[bytes]:
    """A worksheet streamed row by row: (row number, values) with inline strings and numbers."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    yield (head + "<sheetData>").encode()
    batch: list[str] = []
    for number, values in rows:
        batch.append(row_xml(number, values))
        if len(batch) >= 2000:
            yield "".join(batch).encode()
            batch = []
    yield ("".join(batch) + "</sheetData>" + tail + "</worksheet>").encode()


def roster_rows(people: int = 3, start: int = 1) -> list[tuple[int, list[object]]]:
    """Header and people as (row number, values), dates as text, for generated sheets."""
    from tests.excel_files import HEADERS

    rows: list[tuple[int, list[object]]] = [(start, list(HEADERS))]
    for n in range(1, people + 1):
        values = person_row(n, "王李张赵刘"[n % 5] + "建国秀兰喆"[n % 5], date(1960 + n, 3, 12), n * 2 + 1,
                            "1985-07-01", "1986-07-01")
        values[5] = values[5].date().isoformat()
        rows.append((start + n, values))
    return rows


def hostile_roster(source: Path, target: Path, rows: Iterable[tuple[int, Iterable[object]]], **sheet) -> Path:
    """The good roster's package with a generated first sheet."""
    return rewrite(source, target, {SHEET: sheet_xml(rows, **sheet)})


def junk_rows(start: int, count: int, kind: str) -> Iterator[tuple[int, list[object]]]:
    """`count` rows from `start`: "styled" (formatted but empty, as a whole-column format leaves
    them), "text" (a word in five columns, as random junk typed or pasted), "far" (one cell at
    column XFD in each row)."""
    for number in range(start, start + count):
        if kind == "text":
            yield number, [f"废{number % 97}", "x", "?", number % 13, "junk"]
        elif kind == "far":
            yield number, [None] * 16383 + ["远"]
        else:
            yield number, []


def styled_empty_sheet(rows: Iterable[tuple[int, Iterable[object]]], blank_from: int, blank_rows: int,
                       after: Iterable[tuple[int, Iterable[object]]] = ()) -> Iterator[bytes]:
    """Rows, then `blank_rows` formatted empty rows (<row><c s="1"/></row>) as a format applied to
    whole columns leaves them, then the rows `after`."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
    yield head.encode() + "".join(row_xml(n, v) for n, v in rows).encode()
    for first in range(blank_from, blank_from + blank_rows, 5000):
        last = min(first + 5000, blank_from + blank_rows)
        yield "".join(f'<row r="{n}"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>'
                      for n in range(first, last)).encode()
    yield ("".join(row_xml(n, v) for n, v in after) + "</sheetData></worksheet>").encode()


def big_text_chunks(length: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    while length > 0:
        size = min(chunk, length)
        yield b"x" * size
        length -= size


def big_cell_sheet(length: int, *, shared: bool) -> dict[str, Part]:
    """Parts for a two-person roster with a 备注 column whose first cell holds `length` characters,
    in the shared strings (as Excel and WPS write text) or inline in the sheet."""
    rows = roster_rows(2)
    rows[0][1].append("备注")
    marker = "@@big@@"
    rows[1][1].extend([None] * (len(rows[0][1]) - len(rows[1][1]) - 1) + [marker])
    placeholder = f'<is><t>{marker}</t></is>'.encode()

    def strings() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}"><si><t>'.encode()
        yield from big_text_chunks(length)
        yield b"</t></si></sst>"

    def sheet() -> Iterator[bytes]:
        for part in sheet_xml(rows):
            if placeholder not in part:
                yield part
                continue
            before, after = part.split(placeholder)
            if shared:
                yield _as_shared(before) + b"<v>0</v>" + after
            else:
                yield before + b"<is><t>"
                yield from big_text_chunks(length)
                yield b"</t></is>" + after
    return {SHEET: sheet(), STRINGS: strings()} if shared else {SHEET: sheet()}


def _as_shared(before: bytes) -> bytes:
    """Turn the opening tag of the last cell in `before` from an inline string into a shared one."""
    at = before.rindex(b't="inlineStr">')
    return before[:at] + b't="s">' + before[at + len(b't="inlineStr">'):]


def _flip(data: bytes, at: float, count: int = 64) -> bytes:
    middle = int(len(data) * at)
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + count]) + data[middle + count:]


def _local_entry_offset(data: bytes, name: str) -> int:
    return data.index(name.encode()) + len(name)


def damaged_corpus(good: Path, folder: Path) -> dict[str, Path]:
    """About twenty-five damaged versions of the good roster `good`, each a real file in `folder`:
    what disks, downloads, e-mail, other programs and hostile senders do to an .xlsx."""
    data = good.read_bytes()
    sheet = read_part(good, SHEET)
    files: dict[str, Callable[[Path], None]] = {
        "empty": lambda p: p.write_bytes(b""),
        "truncated_half": lambda p: p.write_bytes(data[: len(data) // 2]),
        "truncated_tail": lambda p: p.write_bytes(data[:-30]),
        "first_100_bytes": lambda p: p.write_bytes(data[:100]),
        "flipped_bytes": lambda p: p.write_bytes(_flip(data, 0.5)),
        "flipped_sheet_data": lambda p: p.write_bytes(_flip_part(data, SHEET)),
        "no_workbook_xml": lambda p: rewrite(good, p, {"xl/workbook.xml": None}),
        "no_sheet_part": lambda p: rewrite(good, p, {SHEET: None}),
        "sheet_xml_cut": lambda p: rewrite(good, p, {SHEET: sheet[: len(sheet) // 2]}),
        "sheet_xml_garbage": lambda p: rewrite(good, p, {SHEET: b"<worksheet><sheetData><row><c>&bogus;</row>"}),
        "sheet_not_xml": lambda p: rewrite(good, p, {SHEET: b"\x00\x01\x02 binary"}),
        "strings_broken": lambda p: rewrite(good, p, {STRINGS: b"<sst><si><t>unclosed</si>"}),
        "strings_missing": lambda p: rewrite(good, p, {STRINGS: None}),
        "strings_index_out_of_range": lambda p: rewrite(good, p, {SHEET: sheet.replace(b"<v>0</v>", b"<v>99999</v>", 1)}),
        "styles_broken": lambda p: rewrite(good, p, {"xl/styles.xml": b"<styleSheet><numFmts count='x'><bad"}),
        "styles_wrong_values": lambda p: rewrite(good, p, {"xl/styles.xml": _bad_styles()}),
        "content_types_garbage": lambda p: rewrite(good, p, {"[Content_Types].xml": b"not xml at all"}),
        "content_types_missing": lambda p: rewrite(good, p, {"[Content_Types].xml": None}),
        "content_types_wrong": lambda p: rewrite(good, p, {"[Content_Types].xml": _word_content_types()}),
        "workbook_rels_missing": lambda p: rewrite(good, p, {"xl/_rels/workbook.xml.rels": None}),
        "huge_dimension_far_cell": lambda p: rewrite(good, p, {SHEET: _far_cell(sheet)}),
        "entity_bomb": lambda p: rewrite(good, p, {SHEET: _entity_bomb()}),
        "csv_renamed": lambda p: p.write_text("姓名,身份证号\n王建国,110105194912310029\n", encoding="gbk"),
        "html_renamed": lambda p: p.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>"),
        "password_ole": lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000),
        "word_document": lambda p: _word_document(p),
        "xlsb_renamed": lambda p: _binary_workbook(p),
        "encrypted_zip_entry": lambda p: p.write_bytes(_encrypted_flag(data)),
        "bad_row_number": lambda p: rewrite(good, p, {SHEET: sheet.replace(b'<row r="2"', b'<row r="zwei"', 1)}),
    }
    made = {}
    for name, make in files.items():
        path = folder / f"{name}.xlsx"
        make(path)
        made[name] = path
    return made


def _flip_part(data: bytes, name: str) -> bytes:
    """Corrupt the compressed bytes of one part (the zip's directory stays intact)."""
    start = _local_entry_offset(data, name)
    return data[:start + 20] + bytes(b ^ 0xFF for b in data[start + 20:start + 60]) + data[start + 60:]


def _bad_styles() -> bytes:
    return (f'<styleSheet xmlns="{MAIN_NS}"><numFmts count="1"><numFmt numFmtId="abc" formatCode="yyyy"/>'
            '</numFmts><cellXfs count="1"><xf numFmtId="x" fontId="-3"/></cellXfs></styleSheet>').encode()


def _word_content_types() -> bytes:
    return (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.document.main+xml"/></Types>')


def _far_cell(sheet: bytes) -> bytes:
    """The dimension claims the whole grid and one cell sits in the last row and column."""
    head, _, rest = sheet.partition(b"<sheetData>")
    head = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', head)
    return head + b"<sheetData>" + rest.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>end</t></is></c></row></sheetData>')


def _entity_bomb() -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{n} "&a{n - 1};&a{n - 1};&a{n - 1};&a{n - 1};">'
                                               for n in range(1, 12))
    return (f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="{MAIN_NS}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&a11;</t></is></c></row></sheetData></worksheet>').encode()


def _word_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", _word_content_types())
        book.writestr("word/document.xml", b"<document/>")


def _binary_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", _word_content_types())
        book.writestr("xl/workbook.bin", b"\x83\x01\x00")


def _encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit of every entry, as a zip tool's password option does."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = out.find(signature)
        while position != -1:
            out[position + offset] |= 0x01
            position = out.find(signature, position + 4)
    return bytes(out)
