// swift-tools-version:6.0
//
// TwofoldKit: the iOS app's pure-Swift presentation logic (no UIKit, SwiftUI
// or AVFoundation), written against the `CoreGateway` protocol. Its own
// package so it builds and tests anywhere without the Rust library: the
// parent package (`ios/Package.swift`) adds the core and the adapter.

import PackageDescription

let package = Package(
    name: "TwofoldKit",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "TwofoldKit", targets: ["TwofoldKit"]),
    ],
    targets: [
        .target(name: "TwofoldKit", path: "Sources/TwofoldKit"),
        .testTarget(name: "TwofoldKitTests", dependencies: ["TwofoldKit"], path: "Tests/TwofoldKitTests"),
    ]
)
