"""Draws the app icon (resources/icons/app.png and app.ico). Run once after changing the design:

    uv run python resources/icons/make_icon.py

A red rounded square with a gold five-pointed star over an open ledger: shapes only, no font.
"""

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402  (Pillow comes with ReportLab)
from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen, QPolygonF  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZE = 256


def star(cx: float, cy: float, outer: float) -> QPolygonF:
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return QPolygonF(points)


def draw() -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    background = QPainterPath()
    background.addRoundedRect(QRectF(8, 8, SIZE - 16, SIZE - 16), 44, 44)
    painter.fillPath(background, QColor("#C8102E"))
    gold = QColor("#FFD54A")
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gold))
    painter.drawPolygon(star(SIZE / 2, 92, 58))
    # An open ledger: two pages meeting at a spine.
    painter.setBrush(QBrush(QColor("#FFFFFF")))
    left = QPolygonF([QPointF(44, 168), QPointF(124, 156), QPointF(124, 214), QPointF(44, 222)])
    right = QPolygonF([QPointF(132, 156), QPointF(212, 168), QPointF(212, 222), QPointF(132, 214)])
    painter.drawPolygon(left)
    painter.drawPolygon(right)
    painter.setPen(QPen(QColor("#C8102E"), 5))
    for offset in (176, 192):
        painter.drawLine(QPointF(58, offset), QPointF(112, offset - 7))
        painter.drawLine(QPointF(144, offset - 7), QPointF(198, offset))
    painter.end()
    return image


def main() -> None:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs the application object
    image = draw()
    png = HERE / "app.png"
    image.save(str(png))
    Image.open(png).save(HERE / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128),
                                                    (256, 256)])
    print(f"wrote {png} and app.ico")


if __name__ == "__main__":
    main()
