"""One module (or small package) per tab (DESIGN.md §3)."""
