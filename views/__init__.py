"""One module (or small package) per tab (docs/architecture.md)."""
