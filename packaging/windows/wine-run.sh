#!/usr/bin/env bash
# Run a Windows program of this project under the Wine prefix that build.sh set up (the DLL stubs
# and overrides in place, the output through a pipe), e.g.
#     bash packaging/windows/wine-run.sh dist-win/BranchKeeper/BranchKeeperCLI.exe self-test
# Under xvfb-run (DISPLAY set) windows are drawn; without a display Wine's null driver is used.
set -euo pipefail
source "$(dirname "$0")/wine-env.sh"
if [ $# -lt 1 ]; then echo "usage: wine-run.sh EXE [ARGS...]" >&2; exit 2; fi
if [ ! -f "$WINEPREFIX/.branchkeeper-prefix" ]; then
  echo "no Wine prefix at $WINEPREFIX: run packaging/windows/build.sh first" >&2; exit 2
fi
bk_display_driver
bk_wine "$@"
