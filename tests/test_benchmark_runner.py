"""The benchmark runner (tests/benchmarks/run.py) works end to end on a tiny township: every figure is
measured beside its baseline, the table is printed and the JSON written. No timing is asserted here;
the figures are for `uv run python tests/benchmarks/run.py` on demand (README: 性能)."""

import json

from tests.benchmarks import run

FIGURES = {"start_small", "start_township", "search", "ledger", "memory", "ranking", "pdf_roster", "excel_export",
           "excel_import", "backup"}


def test_the_runner_measures_every_figure_on_a_tiny_township(tmp_path, capsys):
    out = tmp_path / "figures.json"
    assert run.main(["--people", "120", "--repeat", "1", "--data", str(tmp_path / "data"), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    saved = json.loads(out.read_text(encoding="utf-8"))
    names = {f["name"] for f in saved["figures"]}
    assert FIGURES <= names
    assert any(name.startswith("tab_first:") for name in names) and any(n.startswith("tab_again:") for n in names)
    for figure in saved["figures"]:
        assert figure["ours"] and all(value > 0 for value in figure["ours"]), figure
        if figure["ratio_limit"] is not None:
            assert figure["baseline"] and figure["ratio"] > 0, figure
        assert figure["label"] in printed
    assert saved["machine"]["cores"] and saved["people"] == 120
    assert "| figure |" in printed and f"samples written to {out}" in printed
