"""Reading back the PDFs we make: pages, sizes, fonts and text (with pypdf, no mocks)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass
class PdfFacts:
    pages: int
    sizes: list[tuple[float, float]]
    text: str
    fonts: dict[str, bool]  # base font name -> embedded


def _font_embedded(font) -> tuple[str, bool]:
    font = font.get_object()
    name = str(font.get("/BaseFont", "?"))
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return name, any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def read_pdf(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data))
    fonts: dict[str, bool] = {}
    sizes, texts = [], []
    for page in reader.pages:
        sizes.append((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
        texts.append(page.extract_text() or "")
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            name, embedded = _font_embedded(font)
            fonts[name] = embedded
    return PdfFacts(pages=len(reader.pages), sizes=sizes, text="\n".join(texts), fonts=fonts)


def page_texts(data: bytes) -> list[str]:
    """The text of each page, in page order (what a heading at a page's foot is checked by)."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def image_sizes(data: bytes) -> list[list[tuple[int, int]]]:
    """The pixel size of every image on each page (what a printer that writes PDF was sent)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources") or {}
        objects = [o.get_object() for o in (resources.get("/XObject") or {}).values()]
        pages.append([(int(o["/Width"]), int(o["/Height"])) for o in objects if o.get("/Subtype") == "/Image"])
    return pages


A4_PORTRAIT = (595, 842)
A4_LANDSCAPE = (842, 595)
