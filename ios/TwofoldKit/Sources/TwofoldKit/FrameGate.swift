// Camera frames arrive 30 times a second on a background queue; the core
// needs 10-100 ms per frame. The gate lets one frame through at a time and
// none while the flow is not on the camera screen, so frames are dropped
// (never queued) and no stale frame reaches the core.

import Foundation

public final class FrameGate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var inFlight = false

    public init() {}

    /// Called for each frame on the camera queue: `true` when this frame may
    /// be scanned. Every `true` must be followed by `finish()`.
    public func tryBegin() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard isOpen, !inFlight else { return false }
        inFlight = true
        return true
    }

    /// The frame let through by `tryBegin()` is done.
    public func finish() {
        lock.lock()
        inFlight = false
        lock.unlock()
    }

    func open() {
        lock.lock()
        isOpen = true
        lock.unlock()
    }

    func close() {
        lock.lock()
        isOpen = false
        lock.unlock()
    }

    /// Whether frames are accepted at all (the camera screen is showing).
    public var acceptsFrames: Bool {
        lock.lock()
        defer { lock.unlock() }
        return isOpen
    }
}
