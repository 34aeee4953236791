#!/usr/bin/env bash
# The Rust-only lanes: everything CI checks about the Rust code, needing no
# root, no apt and no chroot (a contributor's laptop runs it as it is).
# tests/run-all.sh calls it first, then the bindings and app suites.
#
#   tests/run-rust.sh            # every lane
#   tests/run-rust.sh doc deny   # a subset, by name (see LANES below)
#
# Installs what it needs into the user's rustup and cargo (once, then reused):
# the pinned toolchain of rust-toolchain.toml, the MSRV toolchain (minimal
# profile) and a pinned cargo-deny. Prints how long each lane took.
set -euo pipefail
cd "$(dirname "$0")/.."

LANES=(format lint cycles test fuzz doc deny msrv)
CARGO_DENY_VERSION=0.20.2
# rust-version of the workspace (Cargo.toml): the oldest Rust we promise.
MSRV="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)"

lane_format() { cargo fmt --all --check; }
lane_lint() { cargo clippy --workspace --all-targets --locked -- -D warnings; }
# The core's module graph has no cycles (tools/module-cycles.py).
lane_cycles() { tools/module-cycles.py; }
lane_test() { cargo test --workspace --locked; }

# The fuzz targets are a workspace of their own (core/fuzz, cargo-fuzz on
# nightly). Type-checking them on stable catches a target the core's API
# change broke, without libFuzzer's instrumentation.
lane_fuzz() {
    cargo check --locked --manifest-path core/fuzz/Cargo.toml --bins --target-dir target/fuzz
}

# Every crate's documentation, with broken links and bad markup as errors.
lane_doc() { RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked; }

# Licences, banned crates and sources, from Cargo.lock alone (no network):
# deny.toml says what is allowed.
lane_deny() {
    if [[ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]]; then
        # A debug build: it checks one Cargo.lock in a second, and compiles in
        # about half the time of a release build on a fresh CI machine.
        cargo install --locked --debug "cargo-deny@$CARGO_DENY_VERSION"
    fi
    cargo deny --frozen check licenses bans sources
}

# The oldest Rust the workspace claims (rust-version) still builds it.
lane_msrv() {
    rustup toolchain install "$MSRV" --profile minimal --no-self-update
    # The bindgen (crates/uniffi-bindgen) is a build tool with a rust-version
    # of its own; what the apps and the CLI ship is held to the MSRV (libraries
    # and binaries: the test-only dev-dependencies may need a newer Rust).
    cargo "+$MSRV" check --workspace --exclude twofold-uniffi-bindgen --lib --bins --locked \
        --target-dir target/msrv
}

selected=("$@")
[[ ${#selected[@]} -eq 0 ]] && selected=("${LANES[@]}")

# The pinned toolchain (rust-toolchain.toml) with its targets; quick when present.
rustup toolchain install --no-self-update >/dev/null

declare -a SUMMARY=()
FAILED=0
for lane in "${selected[@]}"; do
    if ! declare -F "lane_$lane" >/dev/null; then
        echo "error: unknown lane '$lane' (lanes: ${LANES[*]})" >&2
        exit 2
    fi
    echo
    echo "== rust: $lane"
    started=$SECONDS
    status=ok
    "lane_$lane" || { status=FAILED; FAILED=1; }
    SUMMARY+=("$(printf '%-8s %-6s %5d s' "$lane" "$status" $((SECONDS - started)))")
done

echo
echo "== rust lanes"
printf '%s\n' "${SUMMARY[@]}"
exit $FAILED
