"""Excel (.xlsx, openpyxl): import the roster a branch already has, templates, exports (DESIGN.md §8)."""
