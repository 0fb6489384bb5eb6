"""The trials (pytest marker `slow`, outside the normal suite): `uv run pytest -m slow tests/trials -q`.

Each trial reports its figures — runs, outcomes, failures — on a line of its own whether or not
pytest captures output (`figures` fixture), and records them as test properties (JUnit XML).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def figures(request, capsys, record_property):
    """figures(**counts): print one summary line for this trial and record each count."""

    def report(**values: object) -> str:
        line = f"[trial] {request.node.name}: " + ", ".join(f"{k}={v}" for k, v in values.items())
        with capsys.disabled():
            print("\n" + line, flush=True)
        for key, value in values.items():
            record_property(key, value)
        return line

    return report
