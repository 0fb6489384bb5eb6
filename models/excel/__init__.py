"""Excel (.xlsx, openpyxl): import the roster a branch already has, templates, exports (README: 从Excel导入)."""
