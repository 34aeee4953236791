// swift-tools-version:6.0
// The Swift face of the Twofold core, as a SwiftPM package.
//
// tests/bindings/run.sh assembles it under tests/out/swift/package: the
// generated header and module.modulemap go to Sources/TwofoldCoreFFI, the
// generated TwofoldCore.swift to Sources/TwofoldCore. On Linux the FFI is a
// system library linked against libtwofold_ffi.so; the iOS build swaps in the
// XCFramework as a binaryTarget.
import PackageDescription

#if os(Linux)
let ffiTarget: Target = .systemLibrary(name: "TwofoldCoreFFI", path: "Sources/TwofoldCoreFFI")
#else
let ffiTarget: Target = .binaryTarget(name: "TwofoldCoreFFI", path: "TwofoldCoreFFI.xcframework")
#endif

let package = Package(
    name: "TwofoldCore",
    products: [
        .library(name: "TwofoldCore", targets: ["TwofoldCore"]),
    ],
    targets: [
        ffiTarget,
        .target(
            name: "TwofoldCore",
            dependencies: ["TwofoldCoreFFI"],
            path: "Sources/TwofoldCore",
            // UniFFI's generated code predates Swift 6's strict concurrency.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "TwofoldCoreTests",
            dependencies: ["TwofoldCore"],
            path: "Tests/TwofoldCoreTests"
        ),
    ]
)
