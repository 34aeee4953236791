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
//   TwofoldKit         pure Swift presentation logic (no UIKit/SwiftUI/AVFoundation),
//                      written against the `CoreGateway` protocol.
//   TwofoldCoreAdapter `CoreGateway` over the generated bindings.
//
// Without generated bindings (a fresh checkout) only TwofoldKit and its tests
// exist, so the kit builds and tests anywhere; run the scripts to add the rest.

import Foundation
import PackageDescription

let packageDirectory = Context.packageDirectory
let generatedSwift = "Generated/TwofoldCore/TwofoldCore.swift"
let xcframework = "build/TwofoldCoreFFI.xcframework"

func exists(_ relativePath: String) -> Bool {
    FileManager.default.fileExists(atPath: packageDirectory + "/" + relativePath)
}

#if os(Linux)
let ffiTarget: Target = .systemLibrary(name: "TwofoldCoreFFI", path: "Generated/TwofoldCoreFFI")
let hasCore = exists(generatedSwift) && exists("Generated/TwofoldCoreFFI/module.modulemap")
#else
let ffiTarget: Target = .binaryTarget(name: "TwofoldCoreFFI", path: xcframework)
let hasCore = exists(generatedSwift) && exists(xcframework)
#endif

var products: [Product] = [
    .library(name: "TwofoldKit", targets: ["TwofoldKit"]),
]

var targets: [Target] = [
    .target(name: "TwofoldKit", path: "Sources/TwofoldKit"),
    .testTarget(name: "TwofoldKitTests", dependencies: ["TwofoldKit"], path: "Tests/TwofoldKitTests"),
]

if hasCore {
    products.append(.library(name: "TwofoldCoreAdapter", targets: ["TwofoldCoreAdapter", "TwofoldCore"]))
    targets += [
        ffiTarget,
        .target(
            name: "TwofoldCore",
            dependencies: ["TwofoldCoreFFI"],
            path: "Generated/TwofoldCore",
            swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(
            name: "TwofoldCoreAdapter",
            dependencies: ["TwofoldCore", "TwofoldKit"],
            path: "Sources/TwofoldCoreAdapter"),
        .testTarget(
            name: "TwofoldCoreAdapterTests",
            dependencies: ["TwofoldCoreAdapter", "TwofoldCore", "TwofoldKit"],
            path: "Tests/TwofoldCoreAdapterTests"),
    ]
}

let package = Package(
    name: "Twofold",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: products,
    targets: targets
)
