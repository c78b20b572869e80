#!/usr/bin/env bash
# `make check-install`: what a user gets from `pip install` of the built wheel.
# Builds the wheel from a clean copy of the source (PEP 517, build dependencies from the index),
# installs it (not editable, dependencies from the index) into a fresh virtual environment
# outside the repository, first without extras: the command line and the Python API run with
# no Qt, and `ehrwb gui` says how to install the gui extra; then with the gui extra, and runs
# every command from there on the wheel's own sample.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ehrwb-install.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n--- check-install: %s\n' "$*"; }
# pip without this machine's notes about extra package folders that do not exist
pip_() { "$VPY" -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }
fail() { printf 'check-install: FAILED: %s\n' "$*" >&2; exit 1; }

step "copying the source (an in-tree build/ folder could hold deleted modules)"
mkdir "$WORK/src"
tar -C "$ROOT" -cf - \
    --exclude='./.git' --exclude='./.venv*' --exclude='./build' --exclude='./dist' \
    --exclude='*.egg-info' --exclude='__pycache__' --exclude='*.pyc' \
    --exclude='./.pytest_cache' --exclude='./.mypy_cache' --exclude='./.hypothesis' --exclude='./out' \
    . | tar -C "$WORK/src" -xf -

step "fresh virtual environment in $WORK/venv"
"$PYTHON" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
pip_ install --quiet --upgrade pip

step "building the wheel"
pip_ wheel --quiet --no-deps --wheel-dir "$WORK/dist" "$WORK/src"
WHEEL=$(ls "$WORK"/dist/*.whl)
echo "$(basename "$WHEEL"): $("$VPY" -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$WHEEL") files"

step "installing the wheel and its dependencies, without extras: the command line alone"
pip_ install --quiet "$WHEEL"
pip_ check

# From here on nothing may come from the repository: run outside it.
cd "$WORK"
EHRWB="$WORK/venv/bin/ehrwb"
unset EHRWB_CATALOG_PATH PYTHONPATH || true
export QT_QPA_PLATFORM=offscreen
SITE=$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
size() { du -sm "$SITE" | cut -f1; }

"$VPY" - <<'EOF'
import catalogs, exports, validators.rules, workbench
for module in (catalogs, exports, validators.rules, workbench):
    assert "site-packages" in module.__file__, f"{module.__name__} comes from {module.__file__}"
print("imports come from", workbench.__file__.rsplit("/workbench/", 1)[0])
EOF
LEAN_MB=$(size)
echo "site-packages without extras: $LEAN_MB MB"
SAMPLES=$("$VPY" -c 'from workbench.samples import samples_dir; print(samples_dir())')
SAMPLE=$("$VPY" -c 'from workbench.samples import flagship_path; print(flagship_path())')
[ -f "$SAMPLE" ] || fail "the wheel's flagship sample is missing: $SAMPLE"

run() {  # run EXPECTED_EXIT ehrwb ARGS...: the command must exit with EXPECTED_EXIT
    local expected=$1; shift
    local code=0
    "$EHRWB" "$@" > "$WORK/out.txt" 2> "$WORK/err.txt" || code=$?
    if [ "$code" != "$expected" ]; then
        cat "$WORK/out.txt" "$WORK/err.txt" >&2
        fail "ehrwb $* exited $code, expected $expected"
    fi
    echo "ok  ehrwb $* (exit $code)"
}

step "the command line without the gui extra"
if "$VPY" -c 'import PySide6' 2> /dev/null; then
    fail "PySide6 is installed without the gui extra"
fi
echo "ok  no Qt: python -c 'import PySide6' fails"
if "$VPY" -c 'import matplotlib' 2> /dev/null; then
    fail "matplotlib is installed without the gui extra (only the app's charts use it)"
fi
echo "ok  no matplotlib: the PDF's charts and fonts need none"
run 0 validate "$SAMPLE"
grep -q "fingerprint" "$WORK/out.txt" || fail "validate printed no fingerprint"
run 1 validate "$SAMPLES/flawed-design.yaml" --format sarif
run 0 scenarios "$SAMPLE"
run 0 export "$SAMPLE" -o "$WORK/lean.pdf"
[ "$(head -c 5 "$WORK/lean.pdf")" = "%PDF-" ] || fail "export did not write a PDF"
run 0 validate "$WORK/lean.pdf"
for command in gui review; do
    run 2 "$command" "$SAMPLE"
    [ "$(wc -l < "$WORK/err.txt")" = 1 ] && [ ! -s "$WORK/out.txt" ] \
        || { cat "$WORK/err.txt" >&2; fail "ehrwb $command without Qt said more than one line"; }
    grep -qF "pip install 'ehr-topology-workbench[gui]'" "$WORK/err.txt" \
        || { cat "$WORK/err.txt" >&2; fail "ehrwb $command without Qt did not say how to install it"; }
    echo "    $(cat "$WORK/err.txt")"
done
code=0
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$EHRWB" > "$WORK/out.txt" 2>&1 || code=$?
[ "$code" = 0 ] && grep -q "^usage: ehrwb" "$WORK/out.txt" \
    || { cat "$WORK/out.txt" >&2; fail "bare ehrwb without a display exited $code without its help"; }
echo "ok  bare ehrwb without a display prints its help"
"$VPY" - "$SAMPLE" "$WORK/api.pdf" <<'EOF' || fail "the Python API does not run without Qt"
import sys
from workbench import api
result = api.validate(sys.argv[1])
assert result.report.fingerprint and all(str(w).count(":") >= 2 for _, w in result.located())
assert api.scenarios(sys.argv[1]).scenarios
api.export(sys.argv[1], sys.argv[2])
assert api.validate(sys.argv[2]).report.fingerprint == result.report.fingerprint
assert not [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")]
print("ok  the Python API validates, lists scenarios and exports without Qt")
EOF

step "installing the gui extra"
pip_ install --quiet "$WHEEL[gui]"
pip_ check
FULL_MB=$(size)
echo "site-packages: $LEAN_MB MB without extras, $FULL_MB MB with the gui extra"

step "running every command from the installed wheel"
run 0 validate "$SAMPLE"
grep -q "fingerprint" "$WORK/out.txt" || fail "validate printed no fingerprint"
run 0 validate "$SAMPLE" --format sarif
run 1 validate "$SAMPLES/flawed-design.yaml"
run 0 rules
grep -q "CMP-001" "$WORK/out.txt" || fail "rules did not list CMP-001"
run 0 rules --format json
run 0 scenarios "$SAMPLE"
run 0 catalog
run 0 schema
run 0 fmt --check "$SAMPLE"
run 0 export "$SAMPLE" -o "$WORK/design.pdf"
[ -s "$WORK/design.pdf" ] || fail "export wrote no PDF"
[ "$(head -c 5 "$WORK/design.pdf")" = "%PDF-" ] || fail "export did not write a PDF"
run 0 validate "$WORK/design.pdf"
grep -q "fingerprint" "$WORK/out.txt" || fail "validate of the PDF printed no fingerprint"
run 0 gui "$SAMPLE" --screenshot "$WORK/gui.png"
run 0 review "$SAMPLE" --screenshot "$WORK/review.png"
for png in gui review; do
    "$VPY" -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit(d[:8] != b"\x89PNG\r\n\x1a\n" or len(d) < 10000)' \
        "$WORK/$png.png" || fail "$png --screenshot wrote no picture"
done
if command -v xvfb-run > /dev/null; then
    # a real window on a real X server (the xcb platform plugin and its system libraries)
    cat > "$WORK/window.py" <<'EOF'
import sys
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from catalogs import load_catalog
from workbench.ui.app import build_window
app = QApplication(sys.argv)
assert app.platformName() == "xcb", app.platformName()
catalog = load_catalog(use_setting=False)
try:  # without offering recovery files a session on this machine may have left
    window = build_window(catalog, None, recover=False)
except TypeError:
    window = build_window(catalog, None)
window.show()
assert QTest.qWaitForWindowExposed(window, 10000), "the window was never exposed"
print(f"a {window.width()}x{window.height()} window on {app.primaryScreen().geometry()}")
EOF
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" timeout 120 "$VPY" "$WORK/window.py" \
        || fail "the workbench window does not open under Xvfb"
    echo "ok  the workbench opens a window under Xvfb (xcb)"
else
    echo "--  no xvfb-run: the real-window check is skipped"
fi
if command -v pdftoppm > /dev/null; then
    pdftoppm -png -r 40 -f 1 -l 1 "$WORK/design.pdf" "$WORK/page" || fail "pdftoppm cannot render the PDF"
    echo "ok  pdftoppm renders the exported PDF"
fi

printf '\ncheck-install: the wheel installs and every command runs from it\n'
