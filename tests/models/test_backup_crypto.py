"""Encrypted 备份到… (issue test 7): a wrong password is refused, a flipped byte anywhere, a cut-off
file, an edited header or swapped chunks are refused, and the right password restores it."""

import json
import sqlite3
import struct
from pathlib import Path

import pytest

from models.storage import backup_crypto
from models.storage.backups import (
    BadBackup,
    PasswordNeeded,
    WrongPassword,
    describe_backup,
    export_backup,
    restore_backup,
)
from models.storage.store import Store

PASSWORD = "村里的密码123"


def _db_with_rows(path: Path, rows: int = 200) -> Path:
    store = Store(path)
    store.close()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE filler (x TEXT)")
    connection.executemany("INSERT INTO filler VALUES (?)", [("行" * 200,) for _ in range(rows)])
    connection.commit()
    connection.close()
    return path


@pytest.fixture
def sealed(tmp_path) -> tuple[Path, Path]:
    db = _db_with_rows(tmp_path / "branch.db")
    stick = tmp_path / "stick"
    stick.mkdir()
    return db, export_backup(db, stick / "支部.db", PASSWORD)


def _restore_refused(path: Path, tmp_path: Path, password: str | None, error: type) -> str:
    target = tmp_path / "restored.db"
    with pytest.raises(error) as refused:
        restore_backup(path, target, password)
    assert not target.exists() and not list(tmp_path.glob(".*restoring*"))
    return str(refused.value)


def test_the_file_is_encrypted_and_the_right_password_restores_it(sealed, tmp_path):
    db, copy = sealed
    assert copy.suffix == ".bkbak" and copy.read_bytes().startswith(b"BKBAK1\n")
    assert "行".encode() * 10 not in copy.read_bytes()  # nothing in clear
    info = describe_backup(copy)
    assert info.encrypted and info.people is None
    assert describe_backup(copy, PASSWORD).people == 0
    restored = restore_backup(copy, tmp_path / "new" / "branch.db", PASSWORD)
    connection = sqlite3.connect(restored.db)
    assert connection.execute("SELECT count(*) FROM filler").fetchone()[0] == 200
    connection.close()


def test_no_or_a_wrong_password_is_refused(sealed, tmp_path):
    _db, copy = sealed
    assert "加密" in _restore_refused(copy, tmp_path, None, PasswordNeeded)
    assert "密码不正确" in _restore_refused(copy, tmp_path, "wrong-password", WrongPassword)
    with pytest.raises(WrongPassword):
        describe_backup(copy, "wrong-password")


def test_a_flipped_byte_anywhere_is_refused(sealed, tmp_path):
    _db, copy = sealed
    data = copy.read_bytes()
    _header, _aad, start = backup_crypto.read_header(copy)
    places = [len(backup_crypto.MAGIC) + 1, start - 3, start, start + 1000, len(data) // 2, len(data) - 1]
    for place in places:
        bad = tmp_path / f"bad-{place}.bkbak"
        changed = bytearray(data)
        changed[place] ^= 0x01
        bad.write_bytes(bytes(changed))
        with pytest.raises((BadBackup, WrongPassword)):
            restore_backup(bad, tmp_path / "restored.db", PASSWORD)
        assert not (tmp_path / "restored.db").exists()


def test_a_cut_off_file_or_extra_bytes_are_refused(sealed, tmp_path):
    _db, copy = sealed
    data = copy.read_bytes()
    for name, content in (("short", data[:-1]), ("half", data[: len(data) // 2]), ("long", data + b"\0"),
                          ("header-only", data[:40])):
        bad = tmp_path / f"{name}.bkbak"
        bad.write_bytes(content)
        assert "不是可以使用的支部管家备份" in _restore_refused(bad, tmp_path, PASSWORD, BadBackup)


def test_an_edited_header_is_refused(sealed, tmp_path):
    _db, copy = sealed
    header, header_bytes, start = backup_crypto.read_header(copy)
    body = copy.read_bytes()[start:]
    for field, value in (("size", header["size"] - backup_crypto.CHUNK), ("chunk", 4096), ("format", 2)):
        edited = dict(header, **{field: value})
        text = json.dumps(edited, sort_keys=True).encode()
        bad = tmp_path / f"edited-{field}.bkbak"
        bad.write_bytes(backup_crypto.MAGIC + struct.pack(">I", len(text)) + text + body)
        _restore_refused(bad, tmp_path, PASSWORD, BadBackup)


def test_swapped_chunks_are_refused(tmp_path):
    plain = tmp_path / "plain.bin"
    plain.write_bytes(bytes(range(256)) * 64)  # 16 KiB
    sealed = tmp_path / "s.bkbak"
    backup_crypto.encrypt_file(plain, sealed, PASSWORD, chunk=4096)
    _header, _aad, start = backup_crypto.read_header(sealed)
    data = sealed.read_bytes()
    size = 4096 + backup_crypto.TAG
    chunks = [data[start + i * size:start + (i + 1) * size] for i in range(4)]
    swapped = tmp_path / "swapped.bkbak"
    swapped.write_bytes(data[:start] + chunks[1] + chunks[0] + chunks[2] + chunks[3])
    dropped = tmp_path / "dropped.bkbak"  # the last chunk cut off: the one before is not flagged last
    dropped.write_bytes(data[:start] + b"".join(chunks[:3]))
    for bad in (swapped, dropped):
        with pytest.raises(backup_crypto.CryptoRefused):
            backup_crypto.decrypt_file(bad, tmp_path / "out.bin", PASSWORD)
        assert not (tmp_path / "out.bin").exists()
    backup_crypto.decrypt_file(sealed, tmp_path / "out.bin", PASSWORD)
    assert (tmp_path / "out.bin").read_bytes() == plain.read_bytes()


def test_an_empty_and_an_exact_multiple_round_trip(tmp_path):
    for size in (0, 4096, 4097):
        plain = tmp_path / f"p{size}"
        plain.write_bytes(b"x" * size)
        backup_crypto.encrypt_file(plain, tmp_path / f"s{size}", "pw1234", chunk=4096)
        backup_crypto.decrypt_file(tmp_path / f"s{size}", tmp_path / f"o{size}", "pw1234")
        assert (tmp_path / f"o{size}").read_bytes() == plain.read_bytes()
