"""Steps of `self-test` that guard the frozen bundle, each shown to fail when its part is missing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _accelerator_step(block: bool) -> subprocess.CompletedProcess:
    """Run the self-test's accelerator step in a fresh interpreter, `_rl_accel` hidden if `block`."""
    code = ("import sys\n"
            f"if {block}: sys.modules['_rl_accel'] = None  # as in a bundle that left it out\n"
            "from ui.self_test import _run_step\n"
            "from ui.self_test_environment import rl_accel\n"
            "sys.exit(0 if _run_step('ReportLab加速模块', rl_accel) else 3)\n")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          encoding="utf-8")


def test_self_test_checks_that_reportlabs_accelerator_loads():
    passed = _accelerator_step(block=False)
    assert passed.returncode == 0 and "[通过 PASS] ReportLab加速模块" in passed.stdout, passed.stdout + passed.stderr
    assert "_rl_accel" in passed.stdout


def test_self_test_fails_without_the_accelerator():
    """installer.spec once named `rl_accel` for the module `_rl_accel`: the bundle ran ReportLab in
    pure Python and nothing said so."""
    failed = _accelerator_step(block=True)
    assert failed.returncode == 3 and "[失败 FAIL] ReportLab加速模块" in failed.stdout, failed.stdout + failed.stderr


def _chinese_output_step(reconfigure: bool) -> subprocess.CompletedProcess:
    """The self-test's Chinese-output step in a fresh interpreter whose streams are cp1252, as the
    frozen Windows program's were on an English Windows console; `reconfigure`: after main.py's fix."""
    code = ("import sys\n"
            "from main import use_utf8_output\n"
            f"if {reconfigure}: use_utf8_output()\n"
            "from ui.self_test import _run_step\n"
            "from ui.self_test_environment import chinese_output\n"
            "sys.exit(0 if _run_step('中文输出', chinese_output) else 3)\n")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252:replace", "PYTHONUTF8": "0"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=60, env=env)


def test_self_test_fails_when_chinese_output_is_not_utf8():
    failed = _chinese_output_step(reconfigure=False)
    assert failed.returncode == 3, failed.stdout + failed.stderr
    assert b"stdout cp1252" in failed.stdout


def test_self_test_passes_chinese_output_after_the_streams_are_reconfigured():
    passed = _chinese_output_step(reconfigure=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    text = passed.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert "[通过 PASS] 中文输出" in text and "党员名册" in text


def test_self_test_data_location_finds_the_user_folder_and_portable_mode(tmp_path, qapp):
    from ui.app_paths import DB_FILE_NAME, default_db_path, user_data_dir
    from ui.self_test_environment import data_location

    detail = data_location(tmp_path)
    assert str(user_data_dir() / DB_FILE_NAME) in detail and user_data_dir().name == "BranchKeeper"
    program = tmp_path / "程序 文件夹"
    assert default_db_path(program) == program / "data" / DB_FILE_NAME  # the step left data\ there
