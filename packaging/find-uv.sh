# Sourced by .ci/run and packaging/windows/build.sh: sets PYTHON (a Python >= 3.12) and UV (a uv that
# runs), exports UV_PYTHON and UV_PYTHON_DOWNLOADS=never, and defines uv() to call it.
# uv cannot download interpreters here, and a pyenv shim (python3.12 or uv) may refuse to run in a
# folder whose .python-version names another version, so every candidate is tried by running it.
is_312() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
find_python() {
  local candidate
  for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && is_312 "$(command -v "$candidate")"; then
      "$candidate" -c 'import sys; print(sys.executable)'; return 0
    fi
  done
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] \
                   /usr/bin/python3.1[2-9]; do
    if [ -x "$candidate" ] && is_312 "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}
PYTHON=$(find_python) || { echo "no Python >= 3.12 found" >&2; exit 1; }
export UV_PYTHON="$PYTHON" UV_PYTHON_DOWNLOADS=never

UV=""
if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
  UV=$(command -v uv)
else
  _uv_tools="${XDG_CACHE_HOME:-$HOME/.cache}/branchkeeper-ci/uv-tool"
  if ! "$_uv_tools/bin/uv" --version >/dev/null 2>&1; then
    "$PYTHON" -m venv "$_uv_tools"
    "$_uv_tools/bin/python" -m pip install --quiet uv
  fi
  UV="$_uv_tools/bin/uv"
fi
uv() { "$UV" "$@"; }
