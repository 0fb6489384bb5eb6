"""Password and recovery-code hashing: Argon2id (argon2-cffi), a random salt inside every hash.

Only hashes are stored. A recovery code is 16 characters from an alphabet without the look-alikes
0/O, 1/I/L, shown as XXXX-XXXX-XXXX-XXXX; what is typed is compared after upper-casing and
dropping spaces and dashes, so "abcd efgh-…" works as well.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# RFC 9106's low-memory profile (argon2-cffi's default): Argon2id, t=3, 64 MiB, 4 lanes, 16-byte salt.
_HASHER = PasswordHasher()

RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
RECOVERY_GROUPS, RECOVERY_GROUP_SIZE = 4, 4


def hash_password(password: str) -> str:
    """The encoded Argon2id hash of `password` (its own random salt inside)."""
    return _HASHER.hash(password)


def verify_password(encoded: str, password: str) -> bool:
    """Whether `password` matches the stored hash; False (never an exception) for a wrong one or a
    hash that is empty or unreadable."""
    if not encoded:
        return False
    try:
        return _HASHER.verify(encoded, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError, ValueError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether a hash was made with weaker parameters than today's (re-hash on the next sign-in)."""
    try:
        return _HASHER.check_needs_rehash(encoded)
    except (InvalidHashError, ValueError):
        return True


def new_recovery_code() -> str:
    """A fresh random recovery code, XXXX-XXXX-XXXX-XXXX (about 79 bits)."""
    groups = ("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_SIZE))
              for _ in range(RECOVERY_GROUPS))
    return "-".join(groups)


def normalize_recovery_code(typed: str) -> str:
    """The code as compared: upper case, without spaces or dashes (full-width ones too)."""
    text = typed.upper()
    for mark in (" ", "\u3000", "\t", "-", "－", "—", "_"):
        text = text.replace(mark, "")
    return text


def hash_recovery_code(code: str) -> str:
    return hash_password(normalize_recovery_code(code))


def verify_recovery_code(encoded: str, typed: str) -> bool:
    return verify_password(encoded, normalize_recovery_code(typed))
