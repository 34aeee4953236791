#!/usr/bin/env bash
# The main job: build the twofold CLI, enroll a bundled sample account into the
# default local vault (created on first run) and show its live codes.
# The vault password comes from TWOFOLD_PASSWORD or an interactive prompt; a
# new vault needs one of strength 2 of 4 or more (init says why it refuses).
set -euo pipefail
cd "$(dirname "$0")/.."

SAMPLE_URI='otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30'

# The toolchain rust-toolchain.toml pins (rustup 1.28+ no longer installs it
# on first use; quick when it is there already).
if command -v rustup >/dev/null; then rustup toolchain install --no-self-update >/dev/null 2>&1 || true; fi
cargo build --release --locked -q -p twofold-cli
twofold=target/release/twofold
vault_args=()
[ -n "${TWOFOLD_VAULT:-}" ] && vault_args=(--vault "$TWOFOLD_VAULT")

if [ -z "${TWOFOLD_PASSWORD:-}" ] && [ -t 0 ]; then
  read -r -s -p "Vault password: " TWOFOLD_PASSWORD; echo
  export TWOFOLD_PASSWORD
fi

if ! "$twofold" "${vault_args[@]}" list >/dev/null 2>&1; then
  echo "Creating the vault"
  "$twofold" "${vault_args[@]}" init
fi
if ! "$twofold" "${vault_args[@]}" list --json | grep -q '"john.doe@email.com"'; then
  echo "Enrolling the sample account (ACME Co, john.doe@email.com)"
  # The URI goes through standard input, never argv (other users can read argv).
  "$twofold" "${vault_args[@]}" add --uri - <<<"$SAMPLE_URI" >/dev/null
fi
echo "Live codes:"
"$twofold" "${vault_args[@]}" codes
