#!/usr/bin/env bash
# Ensures a Debian trixie chroot with Swift 6.0.3 (Debian's `swiftlang`) exists
# outside the repository, creating it on first use (about 3 GB) and reusing it
# afterwards. Debian 12 has no Swift package; trixie does.
#
#   tests/bindings/swift-chroot.sh            # prints the chroot path
#   TWOFOLD_SWIFT_ROOT=/path ...              # choose another location
set -euo pipefail

ROOT="${TWOFOLD_SWIFT_ROOT:-/var/cache/twofold/swift-trixie}"
STAMP="$ROOT/.twofold-swift-ready"

if [[ -f "$STAMP" ]]; then
    echo "$ROOT"
    exit 0
fi

mkdir -p "$(dirname "$ROOT")"
# One creator at a time, even if several test runs start together.
exec 9>"$(dirname "$ROOT")/.swift-trixie.lock"
flock 9
if [[ -f "$STAMP" ]]; then
    echo "$ROOT"
    exit 0
fi

if ! command -v debootstrap >/dev/null; then
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq debootstrap >&2
fi

if [[ ! -x "$ROOT/usr/bin/apt-get" ]]; then
    rm -rf "$ROOT"
    debootstrap --variant=minbase trixie "$ROOT" >&2
fi

cleanup() { umount "$ROOT/proc" 2>/dev/null || true; }
trap cleanup EXIT
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends swiftlang libc6-dev libstdc++-14-dev >&2
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get clean >&2
touch "$STAMP"
echo "$ROOT"
