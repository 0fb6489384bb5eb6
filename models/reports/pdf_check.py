"""A quick look inside our own PDFs (no PDF library at run time): are all fonts embedded?"""

from __future__ import annotations

import re

_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*(?:stream|endobj)", re.S)


def font_problems(pdf: bytes) -> list[str]:
    """Names of fonts that are not embedded (empty when every font is), plus structural doubts."""
    objects = {int(number): body for number, body in _OBJECT.findall(pdf)}
    fonts = [body for body in objects.values() if re.search(rb"/Type\s*/Font\b", body)
             and not re.search(rb"/Subtype\s*/Type0", body)]
    if not fonts:
        return ["PDF中没有找到字体"]
    problems = []
    for body in fonts:
        name = re.search(rb"/BaseFont\s*/([^\s/>]+)", body)
        label = name.group(1).decode("latin-1") if name else "?"
        descriptor = re.search(rb"/FontDescriptor\s+(\d+)\s+0\s+R", body)
        if descriptor is None:
            problems.append(label)
            continue
        target = objects.get(int(descriptor.group(1)), b"")
        if not re.search(rb"/FontFile[23]?\s+\d+\s+0\s+R", target):
            problems.append(label)
    return problems
