"""Application shell and shared Qt pieces (docs/architecture.md)."""
