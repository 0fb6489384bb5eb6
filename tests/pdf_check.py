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


A4_PORTRAIT = (595, 842)
A4_LANDSCAPE = (842, 595)
