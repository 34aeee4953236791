#!/usr/bin/env bash
# Runs every test of the project; .ci/run calls exactly this. On a fresh
# Debian 12 it installs what it needs (each step's own script does its part).
set -euo pipefail
cd "$(dirname "$0")/.."

phase() {
  local name=$1; shift
  local started=$SECONDS
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - started)) s"
}

phase "format" cargo fmt --all --check
phase "lint" cargo clippy --workspace --all-targets --locked -- -D warnings
phase "rust tests" cargo test --workspace --locked
