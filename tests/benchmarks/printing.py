"""Benchmark (on demand): printing the previewed 党员花名册 to a PDF printer — time and bytes sent.

    uv run python tests/benchmarks/printing.py [--people 60] [--dpi 1200]

The preview prints page images (QtPdf renders, QPrinter sends). A printer that writes a PDF file
stands in for a real one; the size of that file is what was sent. `--dpi` is the printer's
resolution (QPrinter.HighResolution gives 1200 on the PDF printer; office lasers say 600).
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtPrintSupport import QPrinter  # noqa: E402

from models.demo import fill_demo  # noqa: E402
from models.reports.roster import RosterOptions, build_roster  # noqa: E402
from models.storage.store import Store  # noqa: E402
from models.workspace import Workspace, local_actor  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.pdf_preview import PdfPreview, print_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--dpi", type=int, default=0, help="printer resolution (default: QPrinter's own)")
    args = parser.parse_args()
    make_application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = Store(folder / "bench.db")
        Workspace(store, local_actor()).run(fill_demo, args.people)
        with store.read() as session:
            data = build_roster(session, RosterOptions(), date.today())
        store.close()
        preview = PdfPreview()
        preview.set_pdf(data, "roster.pdf")
        printer = preview.make_printer()
        if args.dpi:
            printer.setResolution(args.dpi)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(folder / "printed.pdf"))
        start = time.perf_counter()
        sent = print_document(preview.document, printer)
        seconds = time.perf_counter() - start
        size = (folder / "printed.pdf").stat().st_size
    print(f"{sent} pages at printer resolution {printer.resolution()} dpi: {seconds:.2f} s, "
          f"{size / 1e6:.1f} MB sent")


if __name__ == "__main__":
    main()
