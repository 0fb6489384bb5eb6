#!/usr/bin/env bash
# The Windows installer as a branch uses it, silently under Wine (after build.sh): install it, run the
# installed program's self-test, make data files (in %APPDATA% and in C:\Users\张三\桌面\支部 数据\),
# install a higher version over it, uninstall it — and check at each step that the data files are
# still there, unchanged. CI runs it on every build.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/wine-env.sh"
cd "$BK_ROOT"
started=$(date +%s)
step() { echo "== windows installer: $* ($(( $(date +%s) - started )) s) =="; }
fail() { echo "installer check FAILED: $*" >&2; exit 1; }
trap 'echo "installer check FAILED: line $LINENO exited with $?" >&2' ERR
MAX_INSTALLED_MIB=110

version=$(bk_version)
setup="dist-win/BranchKeeper-Setup-$version.exe"
[ -f "$setup" ] && [ -f "$WINEPREFIX/.branchkeeper-prefix" ] || fail "no $setup: run packaging/windows/build.sh first"
bk_display_driver
profile=$(bk_profile)
app="$profile/AppData/Local/Programs/BranchKeeper"
menu="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/支部管家"
desktop_link="$profile/Desktop/支部管家.lnk"
appdata="$profile/AppData/Roaming/BranchKeeper"
chinese_dir="$WINEPREFIX/drive_c/users/张三/桌面/支部 数据"
chinese_db='C:\Users\张三\桌面\支部 数据\branchkeeper.db'
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{6F1C2B5E-7A43-4C1B-9E55-2D8B0C6E4A17}_is1'
logs=build-win/installer-logs
mkdir -p "$logs"

cli() { bk_wine "$app/BranchKeeperCLI.exe" "$@"; }
install() {  # SETUP LOG
  bk_wine "$1" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP- /CURRENTUSER "/LOG=$(winepath -w "$2")" ||
    { cat "$2" >&2; fail "$1 did not install"; }
  wineserver -w
}
uninstall() {
  bk_wine "$app/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART || fail "the uninstaller failed"
  wineserver -w  # unins000.exe returns a moment before its copy in %TEMP% is done
  for _ in $(seq 30); do [ -e "$app/BranchKeeper.exe" ] || break; sleep 1; done
}
display_version() { bk_wine reg query "$uninstall_key" /v DisplayVersion 2>/dev/null | awk '/DisplayVersion/ { print $NF }' | tr -d '\r'; }
fingerprint() { sha256sum "$appdata/branchkeeper.db" "$chinese_dir/branchkeeper.db" | cut -d' ' -f1 | tr '\n' ' '; }

# --- a clean start ----------------------------------------------------------------------------
if [ -f "$app/unins000.exe" ]; then uninstall; fi
rm -rf "$app" "$menu" "$desktop_link" "$appdata" "$WINEPREFIX/drive_c/users/张三"

step "install $setup"
install "$setup" "$logs/install.log"
for file in "$app/BranchKeeper.exe" "$app/BranchKeeperCLI.exe" "$app/unins000.exe" "$menu/支部管家.lnk" \
            "$menu/卸载支部管家.lnk" "$desktop_link"; do
  [ -f "$file" ] || fail "not installed: ${file#"$WINEPREFIX/"}"
done
[ "$(display_version)" = "$version" ] || fail "DisplayVersion is '$(display_version)', not $version"
installed=$(du -s --bytes "$app" | cut -f1)
echo "installed: $(awk -v b="$installed" 'BEGIN { printf "%.1f", b / 1048576 }') MiB in %LOCALAPPDATA%\\Programs\\BranchKeeper (at most $MAX_INSTALLED_MIB)"
[ "$installed" -le $((MAX_INSTALLED_MIB * 1048576)) ] || fail "the installed program is larger than $MAX_INSTALLED_MIB MiB"

step "self-test of the installed program"
output=$(cli self-test) || { echo "$output"; fail "the installed self-test failed"; }
echo "$output" | tail -n 3
grep -q "自检通过" <<<"$output" || fail "the self-test's Chinese summary did not arrive through the pipe"
cli --help | head -n 1 | grep -q "^用法：BranchKeeperCLI.exe" || fail "--help does not start with 用法：BranchKeeperCLI.exe"

step "data files in %APPDATA% and in C:\\Users\\张三\\桌面\\支部 数据"
mkdir -p "$chinese_dir"
cli demo --db "$(winepath -w "$appdata")\\branchkeeper.db" --people 30 | tail -n 1
cli demo --db "$chinese_db" --people 20 | tail -n 1
export BRANCHKEEPER_USER=admin BRANCHKEEPER_PASSWORD=demo1234  # the demo's 管理员
cli check --db "$chinese_db" | tail -n 2
cli backup --db "$chinese_db" --out "$(winepath -w "$chinese_dir")\\备份 副本.db" | tail -n 1
[ -f "$chinese_dir/备份 副本.db" ] || fail "no backup in the Chinese folder"
before=$(fingerprint)

next="$version.1"
step "upgrade to $next (the same installer, compiled as a higher version)"
bk_compile_installer "$next" build-win/upgrade /DCompression=lzma2/fast
install "build-win/upgrade/BranchKeeper-Setup-$next.exe" "$logs/upgrade.log"
[ "$(display_version)" = "$next" ] || fail "after the upgrade DisplayVersion is '$(display_version)', not $next"
uninstallers=$(find "$app" -maxdepth 1 -iname 'unins*.exe' | wc -l)
[ "$uninstallers" = 1 ] || fail "$uninstallers uninstallers after the upgrade (an upgrade must replace, not add)"
[ "$(fingerprint)" = "$before" ] || fail "the upgrade changed a data file"
cli check --db "$chinese_db" >/dev/null || fail "the upgraded program cannot read the data"
[ "$(fingerprint)" = "$before" ] || fail "check changed a data file"

step "uninstall"
uninstall
[ ! -e "$app/BranchKeeper.exe" ] || fail "the program is still there after uninstalling"
[ ! -e "$desktop_link" ] && [ ! -e "$menu/支部管家.lnk" ] || fail "shortcuts left after uninstalling"
[ -z "$(display_version)" ] || fail "the uninstall entry is still registered"
[ "$(fingerprint)" = "$before" ] || fail "uninstalling changed or removed a data file"
step "passed: installed, self-tested, upgraded and uninstalled with the data kept"
