"""Application shell and shared Qt pieces (DESIGN.md §3)."""
