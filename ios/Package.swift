// swift-tools-version:6.0
//
// Twofold for iOS as a Swift package:
//
//   TwofoldCoreFFI     the Rust library's C interface: the XCFramework built by
//                      scripts/build-xcframework.sh on Apple platforms, the
//                      generated header + module map (linking libtwofold_ffi.so)
//                      on Linux.
//   TwofoldCore        the UniFFI-generated Swift (scripts/generate-bindings.sh;
//                      git-ignored, never committed; Swift 5 language mode).
//   TwofoldCoreAdapter `CoreGateway` over the generated bindings.
//   TwofoldKit         the presentation logic, a package of its own
//                      (`TwofoldKit/`), tested without the library.
//
// The targets never depend on which files exist: SwiftPM caches a manifest by
// its content, so a manifest that looked at the disk would keep the answer it
// gave first. Run scripts/generate-bindings.sh (Linux) or
// scripts/build-xcframework.sh (Mac) before building this package; the kit
// alone builds from `TwofoldKit/Package.swift`.

import PackageDescription

#if os(Linux)
let ffiTarget: Target = .systemLibrary(name: "TwofoldCoreFFI", path: "Generated/TwofoldCoreFFI")
#else
let ffiTarget: Target = .binaryTarget(name: "TwofoldCoreFFI", path: "build/TwofoldCoreFFI.xcframework")
#endif

let package = Package(
    name: "Twofold",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "TwofoldCoreAdapter", targets: ["TwofoldCoreAdapter", "TwofoldCore"]),
    ],
    dependencies: [
        .package(path: "TwofoldKit"),
    ],
    targets: [
        ffiTarget,
        .target(
            name: "TwofoldCore",
            dependencies: ["TwofoldCoreFFI"],
            path: "Generated/TwofoldCore",
            swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(
            name: "TwofoldCoreAdapter",
            dependencies: ["TwofoldCore", .product(name: "TwofoldKit", package: "TwofoldKit")],
            path: "Sources/TwofoldCoreAdapter"),
        .testTarget(
            name: "TwofoldCoreAdapterTests",
            dependencies: ["TwofoldCoreAdapter", "TwofoldCore", .product(name: "TwofoldKit", package: "TwofoldKit")],
            path: "Tests/TwofoldCoreAdapterTests"),
    ]
)
