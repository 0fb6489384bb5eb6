"""Core of 支部管家: entities, store, domain rules. Imports no Qt (docs/architecture.md)."""

__version__ = "0.1.0"
APP_NAME = "支部管家"
APP_NAME_EN = "BranchKeeper"
