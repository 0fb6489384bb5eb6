"""PDF reports built with ReportLab platypus (docs/architecture.md). No Qt here."""
