"""A report that exists only in tests, to show that the 报表 tab and the command line know reports
only through the registry: registering it is all it takes for both to offer it with its options."""

from __future__ import annotations

from models.reports import registry
from models.reports.declaration import OptionKind, Report, ReportOption
from models.reports.options import GROUP, MASKED

WITH_NOTES = ReportOption("with_notes", OptionKind.FLAG, "附上填表说明", "在表后附上填表说明", "--with-notes")


def build_fake(session, values, today, progress, cancel) -> bytes:
    """A one-page PDF through the real engine, naming the option values it was given."""
    from models.reports.document import PageSetup, build_pdf, new_styles

    styles = new_styles()
    given = "；".join(f"{key}={values[key]}" for key in sorted(values))
    story = [styles.para("测试报表", styles.title), styles.para(f"选项：{given}")]
    return build_pdf(PageSetup("测试支部", "测试报表", today, internal=False), story, styles.fonts, progress, cancel)


FAKE = Report(code="fake", title="测试报表", description="只在测试中出现的报表。", options=(GROUP, MASKED, WITH_NOTES),
              builder=build_fake, public=True)


def register_fake(monkeypatch) -> Report:
    """FAKE registered after the real reports until the test ends (a test module's fixture calls it)."""
    monkeypatch.setitem(registry.REPORTS, FAKE.code, FAKE)
    return FAKE
