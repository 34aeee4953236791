#!/usr/bin/env bash
# Builds ios/build/TwofoldCoreFFI.xcframework (static libtwofold_ffi.a for
# devices and simulators) and the generated Swift, on a Mac with Xcode and
# rustup. Afterwards ios/Package.swift has the TwofoldCoreFFI binary target and
# the app builds in Xcode.
#
#   ios/scripts/build-xcframework.sh
set -euo pipefail

IOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKSPACE="$(cd "$IOS_DIR/.." && pwd)"
BUILD="$IOS_DIR/build"
LIB="libtwofold_ffi.a"
DEVICE=aarch64-apple-ios
SIM_ARM=aarch64-apple-ios-sim
SIM_X86=x86_64-apple-ios

if [[ "$(uname -s)" != Darwin ]]; then
    echo "error: the XCFramework needs Xcode: run this on a Mac" >&2
    exit 1
fi
command -v xcodebuild >/dev/null || { echo "error: xcodebuild not found (install Xcode, then xcode-select -s)" >&2; exit 1; }

# Objects compiled by build scripts (SQLite) target the app's minimum iOS.
export IPHONEOS_DEPLOYMENT_TARGET=16.0

cd "$WORKSPACE"
rustup target add "$DEVICE" "$SIM_ARM" "$SIM_X86"
for target in "$DEVICE" "$SIM_ARM" "$SIM_X86"; do
    cargo build --release -p twofold-ffi --lib --target "$target"
done

# The generated Swift and the header + module map (from a host build).
"$IOS_DIR/scripts/generate-bindings.sh" >/dev/null
HEADERS="$IOS_DIR/Generated/xcframework-headers"

# One fat simulator library: an XCFramework takes one library per platform.
rm -rf "$BUILD"
mkdir -p "$BUILD/ios-simulator"
lipo -create \
    "target/$SIM_ARM/release/$LIB" \
    "target/$SIM_X86/release/$LIB" \
    -output "$BUILD/ios-simulator/$LIB"

xcodebuild -create-xcframework \
    -library "target/$DEVICE/release/$LIB" -headers "$HEADERS" \
    -library "$BUILD/ios-simulator/$LIB" -headers "$HEADERS" \
    -output "$BUILD/TwofoldCoreFFI.xcframework"

echo "built $BUILD/TwofoldCoreFFI.xcframework"
