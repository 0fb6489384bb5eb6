"""User accounts, roles, signing in and locking (docs/data-safety.md)."""
