#!/usr/bin/env bash
# Runs every test of the project; .ci/run calls exactly this. On a fresh
# Debian 12 it installs what it needs (each step's own script does its part):
# apt packages, the pinned Kotlin compiler from npm, and a Swift 6 chroot under
# /var/cache/twofold (made once, then reused). Needs root for apt and chroot.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -a SUMMARY=()
phase() {
  local name=$1; shift
  local started=$SECONDS
  echo
  echo "== $name"
  "$@"
  SUMMARY+=("$(printf '%-34s %5d s' "$name" $((SECONDS - started)))")
}

# The Rust-only lanes (fmt, clippy, module cycles, tests, fuzz build, docs,
# cargo deny, MSRV), which need no root; they print their own times.
phase "rust lanes (tests/run-rust.sh)" tests/run-rust.sh
# Builds the library and bindgen, generates Kotlin/Swift/Python, runs each suite
# (the suites drive the simulated website's CLI, built here).
phase "simulated site" cargo build --locked -q -p twofold-test-site
phase "bindings: python, kotlin, swift" tests/bindings/run.sh

# The apps' platform-free logic against the library and bindings just built.
LIB_DIR="$PWD/tests/out/bindings/lib"
phase "android :presentation + :core adapter" env \
  LIB_DIR="$LIB_DIR" BINDINGS_KT="$PWD/tests/out/bindings/gen/kotlin/app/twofold/core/twofold_ffi.kt" \
  android/scripts/desktop-test.sh --bindings
# Every Compose screen of the Android app, compiled for the desktop JVM and
# driven through the real models and library; PNGs + contact sheet in tests/out/ui.
phase "android Compose UI (desktop JVM)" env \
  LIB_DIR="$LIB_DIR" BINDINGS_KT="$PWD/tests/out/bindings/gen/kotlin/app/twofold/core/twofold_ffi.kt" \
  android/scripts/ui-test.sh
phase "ios TwofoldKit + adapter (Swift 6)" env \
  TWOFOLD_FFI_LIB="$LIB_DIR/libtwofold_ffi.so" UNIFFI_BINDGEN="$PWD/target/debug/uniffi-bindgen" \
  ios/scripts/test-linux.sh

echo
echo "== time per phase"
printf '%s\n' "${SUMMARY[@]}"
