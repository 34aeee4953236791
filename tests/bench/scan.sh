#!/usr/bin/env bash
# The scanner benchmark in one command: Twofold's scanner, zxing-cpp, zbar and
# the Rust rxing crate on the same images (see scanner.py for the columns).
#
#   tests/bench/scan.sh [QR_DIR] [scanner.py options, e.g. --repeat 3]
#
# QR_DIR defaults to ../shared/qr (relative to the repository root). Sets up
# what is missing: the Python venv in /var/cache/twofold/venv (zxing-cpp,
# pillow, pyzbar, numpy), Debian's libzbar0, and builds the scan_timing
# example (release profile: rqrr and twofold-core at opt-level 3, as shipped)
# and tests/bench/rxing-peer (outside the workspace, its own target dir).
# Not part of CI.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${TWOFOLD_VENV:-/var/cache/twofold/venv}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
export RXING_TARGET_DIR="${RXING_TARGET_DIR:-/var/cache/twofold/rxing-peer-target}"

QR_DIR="$REPO/../shared/qr"
if [[ $# -gt 0 && "$1" != -* ]]; then
    QR_DIR="$1"
    shift
fi

log() { printf '== %s\n' "$*" >&2; }

if ! ldconfig -p 2>/dev/null | grep -q 'libzbar\.so\.0'; then
    log "installing libzbar0"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get install -y libzbar0 >&2 || log "no libzbar0: zbar column left out"
fi

if [[ ! -x "$VENV/bin/python" ]]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import zxingcpp, PIL, pyzbar, numpy' 2>/dev/null; then
    log "installing zxing-cpp pillow pyzbar numpy"
    "$VENV/bin/pip" install --quiet zxing-cpp pillow pyzbar numpy >&2
fi

log "building scan_timing (release)"
(cd "$REPO" && cargo build --quiet --release --example scan_timing -p twofold-core)

log "building rxing-peer"
RXING_ARGS=()
if (cd "$REPO/tests/bench/rxing-peer" && CARGO_TARGET_DIR="$RXING_TARGET_DIR" cargo build --quiet --release); then
    RXING_ARGS=(--rxing "$RXING_TARGET_DIR/release/rxing-peer")
else
    log "rxing-peer did not build: rxing column left out"
    RXING_ARGS=(--rxing /nonexistent)
fi

log "scanning $QR_DIR"
exec "$VENV/bin/python" "$REPO/tests/bench/scanner.py" "$QR_DIR" \
    --binary "$CARGO_TARGET_DIR/release/examples/scan_timing" "${RXING_ARGS[@]}" "$@"
