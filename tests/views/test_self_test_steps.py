"""Steps of `self-test` that guard the frozen bundle, each shown to fail when its part is missing."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _accelerator_step(block: bool) -> subprocess.CompletedProcess:
    """Run the self-test's accelerator step in a fresh interpreter, `_rl_accel` hidden if `block`."""
    code = ("import sys\n"
            f"if {block}: sys.modules['_rl_accel'] = None  # as in a bundle that left it out\n"
            "from ui.self_test import SelfTest, _run_step\n"
            "sys.exit(0 if _run_step('ReportLab加速模块', SelfTest(None, None, None).rl_accel) else 3)\n")
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
