#!/usr/bin/env bash
# Builds and tests the Swift package on Linux (CI and desktops) with Swift 6
# from the Debian trixie chroot that the binding tests use:
#
#   ios/scripts/test-linux.sh            TwofoldKit's tests (package TwofoldKit/),
#                                        then the adapter's against the real
#                                        library (generates the bindings)
#   TWOFOLD_KIT_ONLY=1 ios/scripts/...   TwofoldKit's tests with the fake core only
#
# SWIFT_JOBS limits parallel compile jobs on shared machines.
# TWOFOLD_SWIFT_ROOT chooses the chroot (default /var/cache/twofold/swift-trixie);
# tests/bindings/swift-chroot.sh creates it when missing.
set -euo pipefail

IOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKSPACE="$(cd "$IOS_DIR/.." && pwd)"
ROOT="${TWOFOLD_SWIFT_ROOT:-/var/cache/twofold/swift-trixie}"

# (usr/bin/swift is an absolute symlink, only valid inside the chroot.)
if [[ ! -x "$ROOT/usr/libexec/swift/bin/swift" ]]; then
    if [[ -x "$WORKSPACE/tests/bindings/swift-chroot.sh" ]]; then
        ROOT="$("$WORKSPACE/tests/bindings/swift-chroot.sh")"
    else
        echo "error: no Swift chroot at $ROOT" >&2
        exit 1
    fi
fi

LINKER_ARGS=()
LIB_DIR=""
if [[ "${TWOFOLD_KIT_ONLY:-0}" != 1 ]]; then
    LIB_DIR="$("$IOS_DIR/scripts/generate-bindings.sh")"
fi

# One mount path per checkout: SwiftPM's module cache remembers it, so a path
# that changed between runs would break incremental builds.
MOUNT="/mnt/twofold-ios-$(printf '%s' "$IOS_DIR" | sha1sum | cut -c1-12)"
MOUNTED_PROC=0
cleanup() {
    umount "$ROOT$MOUNT/lib" 2>/dev/null || true
    umount "$ROOT$MOUNT/ios" 2>/dev/null || true
    rmdir "$ROOT$MOUNT/lib" "$ROOT$MOUNT/ios" "$ROOT$MOUNT" 2>/dev/null || true
    if [[ "$MOUNTED_PROC" == 1 ]]; then umount "$ROOT/proc" 2>/dev/null || true; fi
}
trap cleanup EXIT

# Swift crashes with "Illegal instruction" without /proc.
if ! mountpoint -q "$ROOT/proc"; then
    mount -t proc proc "$ROOT/proc"
    MOUNTED_PROC=1
fi
mkdir -p "$ROOT$MOUNT/ios" "$ROOT$MOUNT/lib"
mount --bind "$IOS_DIR" "$ROOT$MOUNT/ios"
if [[ -n "$LIB_DIR" ]]; then
    # The host-built .so runs inside trixie unchanged.
    mount --bind "$LIB_DIR" "$ROOT$MOUNT/lib"
    LINKER_ARGS=(-Xlinker -L"$MOUNT/lib")
fi

in_chroot() {
    chroot "$ROOT" /usr/bin/env \
        HOME=/root \
        LD_LIBRARY_PATH="$MOUNT/lib:/usr/libexec/swift/lib/swift/linux:/usr/libexec/swift/lib/swift/host" \
        "$@"
}

# The kit alone (its own package: no library needed), then, unless
# TWOFOLD_KIT_ONLY, the adapter against the real library.
in_chroot swift test --package-path "$MOUNT/ios/TwofoldKit" --scratch-path "$MOUNT/ios/.build/linux-kit" \
    ${SWIFT_JOBS:+--jobs "$SWIFT_JOBS"}
if [[ "${TWOFOLD_KIT_ONLY:-0}" != 1 ]]; then
    in_chroot swift test --package-path "$MOUNT/ios" --scratch-path "$MOUNT/ios/.build/linux" \
        ${SWIFT_JOBS:+--jobs "$SWIFT_JOBS"} "${LINKER_ARGS[@]}"
fi
