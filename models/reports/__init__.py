"""PDF reports built with ReportLab platypus (DESIGN.md §7). No Qt here."""
