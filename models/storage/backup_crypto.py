"""The encrypted backup format (备份到… with a password): AES-256-GCM in chunks, key from scrypt.

    b"BKBAK1\\n"                magic
    4 bytes, big-endian        length of the header
    header                     JSON (UTF-8): kdf "scrypt", n, r, p, salt (hex, 16 bytes),
                               nonce_prefix (hex, 8 bytes), chunk (plaintext bytes per chunk,
                               1 MiB), size (bytes of the plain database), check (hex, see below)
    chunks                     ceil(size / chunk) of them (one, empty, for size 0): each the
                               AES-GCM ciphertext of `chunk` plaintext bytes (the last one the
                               rest) followed by its 16-byte tag

Chunk i is encrypted with nonce = nonce_prefix + i (4 bytes, big-endian) and associated data =
magic + length + header + i (4 bytes) + last-chunk flag (1 byte): editing the header, dropping,
reordering or cutting chunks, or appending anything all fail the tags. scrypt gives 64 bytes: the
first 32 are the AES key, `check` is HMAC-SHA256 of the other 32 — so a wrong password is told apart
from an altered file before any chunk is touched. A file never sits in memory whole (500 MB backups).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from collections.abc import Callable
from pathlib import Path

# cryptography is imported where a backup is sealed or opened: not by every start of the window (0.1 s)

MAGIC = b"BKBAK1\n"
CHUNK = 1024 * 1024
TAG = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MAX_HEADER = 64 * 1024


class CryptoRefused(Exception):
    """The file cannot be decrypted: `wrong_password` tells a wrong password from a damaged/altered file."""

    def __init__(self, why: str, *, wrong_password: bool = False) -> None:
        super().__init__(why)
        self.why, self.wrong_password = why, wrong_password


def is_encrypted(path: Path) -> bool:
    """Whether the file starts like an encrypted backup."""
    try:
        with open(path, "rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _derive(password: str, header: dict) -> tuple[bytes, str]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=bytes.fromhex(header["salt"]), length=64, n=int(header["n"]), r=int(header["r"]),
                 p=int(header["p"]))
    material = kdf.derive(password.encode("utf-8"))
    check = hmac.new(material[32:], b"BKBAK1 password check", hashlib.sha256).hexdigest()
    return material[:32], check


def _aad(header_bytes: bytes, index: int, last: bool) -> bytes:
    return header_bytes + struct.pack(">IB", index, 1 if last else 0)


def _chunk_count(size: int, chunk: int) -> int:
    return max(1, -(-size // chunk))


def encrypt_file(source: Path, target: Path, password: str, *, chunk: int = CHUNK,
                 tick: Callable[[], None] | None = None) -> None:
    """Write `source` encrypted with `password` to `target` (a new file, fsynced)."""
    size = os.path.getsize(source)
    salt, prefix = os.urandom(16), os.urandom(8)
    header = {"format": 1, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex(),
              "nonce_prefix": prefix.hex(), "chunk": chunk, "size": size}
    key, header["check"] = _derive(password, header)
    body = json.dumps(header, sort_keys=True).encode("utf-8")
    header_bytes = MAGIC + struct.pack(">I", len(body)) + body
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aes = AESGCM(key)
    count = _chunk_count(size, chunk)
    with open(source, "rb") as plain, open(target, "wb") as out:
        out.write(header_bytes)
        for index in range(count):
            data = plain.read(chunk)
            last = index == count - 1
            out.write(aes.encrypt(prefix + struct.pack(">I", index), data, _aad(header_bytes, index, last)))
            if tick is not None:
                tick()
        out.flush()
        os.fsync(out.fileno())


def read_header(path: Path) -> tuple[dict, bytes, int]:
    """The header, the bytes authenticated with every chunk, and where the chunks start."""
    with open(path, "rb") as file:
        start = file.read(len(MAGIC) + 4)
        if len(start) < len(MAGIC) + 4 or start[:len(MAGIC)] != MAGIC:
            raise CryptoRefused("不是加密的支部管家备份文件")
        (length,) = struct.unpack(">I", start[len(MAGIC):])
        if not 0 < length <= MAX_HEADER:
            raise CryptoRefused("文件头已损坏")
        body = file.read(length)
    try:
        header = json.loads(body.decode("utf-8"))
        for key, kind in (("n", int), ("r", int), ("p", int), ("chunk", int), ("size", int), ("salt", str),
                          ("nonce_prefix", str), ("check", str)):
            if not isinstance(header.get(key), kind):
                raise ValueError(key)
        if len(bytes.fromhex(header["nonce_prefix"])) != 8 or header["chunk"] <= 0 or header["size"] < 0:
            raise ValueError("nonce_prefix")
        if header["n"] > 2**20 or header["r"] > 32 or header["p"] > 16:  # no key derivation that never ends
            raise ValueError("kdf")
    except (UnicodeDecodeError, ValueError, TypeError) as exc:
        raise CryptoRefused("文件头已损坏") from exc
    return header, start + body, len(start) + length


def decrypt_file(source: Path, target: Path, password: str) -> None:
    """Decrypt `source` into `target` (a new file, fsynced). Raises CryptoRefused — the wrong password,
    or a file that was cut short, altered or damaged; `target` is then removed."""
    header, header_bytes, offset = read_header(source)
    key, check = _derive(password, header)
    if not hmac.compare_digest(check, header["check"]):
        raise CryptoRefused("密码不正确", wrong_password=True)
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aes, prefix, chunk, size = AESGCM(key), bytes.fromhex(header["nonce_prefix"]), header["chunk"], header["size"]
    count = _chunk_count(size, chunk)
    try:
        with open(source, "rb") as sealed, open(target, "wb") as out:
            sealed.seek(offset)
            left = size
            for index in range(count):
                want = min(chunk, left)
                data = sealed.read(want + TAG)
                if len(data) != want + TAG:
                    raise CryptoRefused("文件不完整（可能没有复制完）")
                last = index == count - 1
                try:
                    out.write(aes.decrypt(prefix + struct.pack(">I", index), data, _aad(header_bytes, index, last)))
                except InvalidTag:
                    raise CryptoRefused("文件内容被改动过或已损坏") from None
                left -= want
            if sealed.read(1):
                raise CryptoRefused("文件末尾有多余的内容，文件被改动过")
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(target).unlink(missing_ok=True)
        raise
