"""A minimal, fast XLSX (Office Open XML) writer: sheets of rows of text, numbers and times.

openpyxl and XlsxWriter spend 5-10 microseconds a cell; a study's notes sheet has ~150,000 cells,
which put the export over its one-second budget (bench/analysis.py). This writes the few parts a
workbook needs (ECMA-376: content types, relationships, workbook, styles, a part per sheet) with
inline strings, straight into a deflated zip. Text is always text: nothing becomes a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from math import isfinite
from xml.sax.saxutils import escape, quoteattr

CellValue = str | int | float | datetime | None
STYLE_PLAIN, STYLE_BOLD, STYLE_DATETIME = 0, 1, 2
EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)
MAX_TEXT = 32_767
# Characters XML 1.0 cannot carry (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """A, B, ... Z, AA, ... for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Sheet:
    """One worksheet: rows appended in order, each with one style for its text and numbers."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._rows: list[str] = []
        self._columns: list[str] = []

    def _column(self, index: int) -> str:
        while len(self._columns) <= index:
            self._columns.append(column_letter(len(self._columns)))
        return self._columns[index]

    def append(self, values: Sequence[CellValue], bold: bool = False) -> None:
        """Add a row; None leaves a cell empty, numbers are numeric cells (NaN and infinities,
        which a cell cannot hold, are written as text), datetimes are stored as times in UTC."""
        r = len(self._rows) + 1
        style = STYLE_BOLD if bold else STYLE_PLAIN
        cells = []
        for i, value in enumerate(values):
            if value is None:
                continue
            ref = f"{self._column(i)}{r}"
            if isinstance(value, datetime):
                days = (value.astimezone(UTC) - EXCEL_EPOCH).total_seconds() / 86_400
                cells.append(f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{days!r}</v></c>')
            elif isinstance(value, int | float) and not isinstance(value, bool) and isfinite(value):
                cells.append(f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>')
            else:
                text = escape(_ILLEGAL.sub("", str(value))[:MAX_TEXT])
                cells.append(
                    f'<c r="{ref}" s="{style}" t="inlineStr">'
                    f'<is><t xml:space="preserve">{text}</t></is></c>'
                )
        self._rows.append(f'<row r="{r}">{"".join(cells)}</row>')

    def extend(self, rows: Iterable[Sequence[CellValue]]) -> None:
        for row in rows:
            self.append(row)

    def xml(self) -> str:
        rows = "".join(self._rows)
        return f'{_HEAD}<worksheet xmlns="{_NS}"><sheetData>{rows}</sheetData></worksheet>'


class Workbook:
    """Sheets in the order they were added; `save()` gives the .xlsx file's bytes."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def add_sheet(self, name: str) -> Sheet:
        sheet = Sheet(name)
        self.sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        n = len(self.sheets)
        types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        sheets = "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self.sheets, start=1)
        )
        sheet_rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        parts = {
            "[Content_Types].xml": (
                f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
                f"{types}</Types>"
            ),
            "_rels/.rels": (
                f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}">'
                f"<sheets>{sheets}</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_HEAD}<Relationships xmlns="{_PKG}">{sheet_rels}<Relationship Id="rId{n + 1}" '
                f'Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": STYLES,
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, text in parts.items():
                archive.writestr(name, text)
            for i, sheet in enumerate(self.sheets, start=1):
                archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml())
        return buffer.getvalue()
