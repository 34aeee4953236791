#!/usr/bin/env bash
# Generates the Swift bindings of twofold-ffi and lays them out for SwiftPM:
#
#   ios/Generated/TwofoldCore/TwofoldCore.swift          target TwofoldCore
#   ios/Generated/TwofoldCoreFFI/TwofoldCoreFFI.h        system library (Linux),
#   ios/Generated/TwofoldCoreFFI/module.modulemap          links libtwofold_ffi
#   ios/Generated/xcframework-headers/TwofoldCoreFFI/    header + module map for
#                                                          the XCFramework (no link:
#                                                          the static library is
#                                                          linked by Xcode)
#
# Runs on Linux and macOS. Uses the workspace's own uniffi-bindgen (pinned to
# the library's UniFFI version) in library mode with the workspace's global
# uniffi.toml. Prints the directory of the host library (for -L / LD_LIBRARY_PATH).
#
# Environment:
#   TWOFOLD_FFI_LIB   use this already built host library instead of building
#   UNIFFI_BINDGEN    use this uniffi-bindgen binary instead of building it
#   PROFILE           cargo profile of the host library: release (default) or debug
set -euo pipefail

IOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKSPACE="$(cd "$IOS_DIR/.." && pwd)"
PROFILE="${PROFILE:-release}"
GENERATED="$IOS_DIR/Generated"

cd "$WORKSPACE"

case "$(uname -s)" in
    Darwin) LIB_NAME="libtwofold_ffi.dylib" ;;
    *) LIB_NAME="libtwofold_ffi.so" ;;
esac

if [[ -n "${TWOFOLD_FFI_LIB:-}" ]]; then
    LIB="$TWOFOLD_FFI_LIB"
else
    # Only the library: building the whole workspace with it would pull
    # UniFFI's `cli` feature (the bindgen crate's) in and make it ~10x larger.
    if [[ "$PROFILE" == "release" ]]; then
        # The release profile strips symbols (small phone libraries), but
        # uniffi-bindgen reads its metadata from the symbol table ("No UniFFI
        # metadata found"): the host library keeps them.
        CARGO_PROFILE_RELEASE_STRIP=false cargo build --release -p twofold-ffi --lib >&2
    else
        cargo build -p twofold-ffi --lib >&2
    fi
    LIB="$WORKSPACE/target/$PROFILE/$LIB_NAME"
fi
[[ -f "$LIB" ]] || { echo "error: host library not found: $LIB" >&2; exit 1; }

if [[ -n "${UNIFFI_BINDGEN:-}" ]]; then
    BINDGEN="$UNIFFI_BINDGEN"
else
    # A crate of its own (crates/uniffi-bindgen): building it never touches
    # the library above.
    cargo build -p twofold-uniffi-bindgen >&2
    BINDGEN="$WORKSPACE/target/debug/uniffi-bindgen"
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$BINDGEN" generate --library "$LIB" --language swift --config uniffi.toml --out-dir "$OUT" >&2

for file in TwofoldCore.swift TwofoldCoreFFI.h; do
    [[ -f "$OUT/$file" ]] || { echo "error: uniffi-bindgen did not write $file (check uniffi.toml's [crates.twofold_ffi.bindings.swift])" >&2; exit 1; }
done

rm -rf "$GENERATED"
mkdir -p "$GENERATED/TwofoldCore" "$GENERATED/TwofoldCoreFFI" "$GENERATED/xcframework-headers/TwofoldCoreFFI"
cp "$OUT/TwofoldCore.swift" "$GENERATED/TwofoldCore/"

# Linux / desktop: a SwiftPM system library that links the shared library.
cp "$OUT/TwofoldCoreFFI.h" "$GENERATED/TwofoldCoreFFI/"
cat > "$GENERATED/TwofoldCoreFFI/module.modulemap" <<'MODULEMAP'
module TwofoldCoreFFI {
    header "TwofoldCoreFFI.h"
    link "twofold_ffi"
    export *
}
MODULEMAP

# Apple: header and module map for the XCFramework's uniquely named headers
# subfolder (Headers/TwofoldCoreFFI/), so they never clash with another
# framework's module.modulemap in Xcode's build folder.
cp "$OUT/TwofoldCoreFFI.h" "$GENERATED/xcframework-headers/TwofoldCoreFFI/"
cat > "$GENERATED/xcframework-headers/TwofoldCoreFFI/module.modulemap" <<'MODULEMAP'
module TwofoldCoreFFI {
    header "TwofoldCoreFFI.h"
    export *
}
MODULEMAP

echo "generated Swift bindings in $GENERATED from $LIB" >&2
dirname "$LIB"
