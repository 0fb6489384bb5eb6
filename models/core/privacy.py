"""Masking personal numbers for anything that leaves the internal record (docs/domain-rules.md)."""

from __future__ import annotations


def mask_citizen_id(number: str) -> str:
    """410102********1234 — the public form of an ID."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """138****5678 — the public form of a phone number."""
    digits = [i for i, c in enumerate(phone) if c.isdigit()]
    if len(digits) < 7:
        return "*" * len(phone)
    hidden = set(digits[-8:-4]) if len(digits) >= 8 else set(digits[-7:-4])
    return "".join("*" if i in hidden else c for i, c in enumerate(phone))
