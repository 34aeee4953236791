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
        let lock = NSLock()
        nonisolated(unsafe) var admitted = 0
        DispatchQueue.concurrentPerform(iterations: 200) { _ in
            if gate.tryBegin() {
                lock.lock()
                admitted += 1
                lock.unlock()
            }
        }
        XCTAssertEqual(admitted, 1)
        gate.finish()
        XCTAssertTrue(gate.tryBegin())
        gate.finish()
        model.back()
        XCTAssertFalse(gate.acceptsFrames)
        XCTAssertFalse(gate.tryBegin())
    }
}
