import Foundation
import TwofoldKit
import XCTest

final class FrameGateTests: XCTestCase {
    func testOnlyOneOfManyConcurrentFramesGetsThrough() {
        let vault = FakeVault()
        let model = EnrollmentModel(session: FakeEnrollment(vault: vault), cameraAccess: .authorized, time: TestClock(0).source)
        model.choose(.camera)
        let gate = model.frameGate
        XCTAssertTrue(gate.acceptsFrames)
        let admitted = Counter()
        DispatchQueue.concurrentPerform(iterations: 200) { _ in
            if gate.tryBegin() { admitted.increment() }
        }
        XCTAssertEqual(admitted.value, 1)
        gate.finish()
        XCTAssertTrue(gate.tryBegin())
        gate.finish()
        model.back()
        XCTAssertFalse(gate.acceptsFrames)
        XCTAssertFalse(gate.tryBegin())
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
