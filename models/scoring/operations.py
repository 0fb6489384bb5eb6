"""Every scoring operation, imported in one place (models/operations.py imports this module)."""

from models.scoring.catalogue import add_rule, edit_rule, set_rule_active
from models.scoring.entries import add_entries, adjust, approve_entries, post_period, void_entry

__all__ = ["add_entries", "add_rule", "adjust", "approve_entries", "edit_rule", "post_period", "set_rule_active",
           "void_entry"]
