import Foundation
import TwofoldKit
import XCTest

final class LockModelTests: XCTestCase {
    func testFirstRunSetupWithOptionalPassword() throws {
        let core = FakeCore(exists: false)
        let lock = LockModel(vaultExists: core.vaultExists(), time: TestClock(0).source)
        XCTAssertEqual(lock.state, .needsSetup)
        XCTAssertNil(lock.beginSetup(password: "short", confirmation: "short"))
        XCTAssertEqual(lock.errorMessage, "Use at least 8 characters.")
        XCTAssertNil(lock.beginSetup(password: "long enough", confirmation: "long enougH"))
        XCTAssertEqual(lock.errorMessage, "The passwords don’t match.")
        let request = try XCTUnwrap(lock.beginSetup(password: "long enough", confirmation: "long enough"))
        XCTAssertEqual(lock.state, .working)
        XCTAssertNil(lock.beginSetup(password: "", confirmation: ""), "one setup at a time")
        lock.finish(Result { try core.createVault(password: request.password) })
        XCTAssertEqual(lock.state, .unlocked)
        XCTAssertNotNil(lock.vault)
        XCTAssertEqual(core.password, "long enough")
    }

    func testDeviceKeyOnlySetup() throws {
        let lock = LockModel(vaultExists: false, time: TestClock(0).source)
        let request = try XCTUnwrap(lock.beginSetup(password: "", confirmation: ""))
        XCTAssertNil(request.password)
        XCTAssertTrue(LockModel.setupNote(password: "").contains("only on this iPhone"))
    }

    func testWrongPasswordsAreCountedAndDeviceKeyFailureNamesBiometry() {
        let core = FakeCore(exists: true, password: "correct horse")
        let lock = LockModel(vaultExists: true, time: TestClock(0).source)
        lock.biometryName = "Face ID"
        XCTAssertEqual(lock.unlockButtonTitle, "Unlock with Face ID")
        XCTAssertNil(lock.beginUnlock(.password("")))
        for _ in 0..<3 {
            let method = lock.beginUnlock(.password("wrong"))
            XCTAssertNotNil(method)
            XCTAssertNil(lock.beginUnlock(.deviceKey), "one unlock at a time")
            lock.finish(Result { try core.unlock(method!) })
        }
        XCTAssertEqual(lock.state, .locked)
        XCTAssertEqual(lock.failedPasswordAttempts, 3)
        XCTAssertEqual(lock.errorMessage, "Wrong password (3 attempts). Passwords are case-sensitive.")

        core.deviceKeyWorks = false
        lock.finish(.failure(CoreFailure(.other, message: "ignored: nothing pending")))
        let method = lock.beginUnlock(.deviceKey)
        lock.finish(Result { try core.unlock(method!) })
        XCTAssertEqual(lock.errorMessage, "Face ID didn’t unlock Twofold. Try again or use your password.")

        core.deviceKeyWorks = true
        let again = lock.beginUnlock(.deviceKey)
        lock.finish(Result { try core.unlock(again!) })
        XCTAssertEqual(lock.state, .unlocked)
        XCTAssertEqual(lock.failedPasswordAttempts, 0)
        XCTAssertNil(lock.errorMessage)
    }

    func testPrivacyCoverAndAutoLock() {
        let clock = TestClock(1000)
        let core = FakeCore(exists: true)
        let lock = LockModel(vaultExists: true, time: clock.source, autoLockAfter: 60, autoLockDuringEnrollment: 600)
        lock.finish(.failure(CoreFailure(.other, message: "not started")))
        let method = lock.beginUnlock(.deviceKey)
        lock.finish(Result { try core.unlock(method!) })

        lock.phaseChanged(to: .inactive)
        XCTAssertTrue(lock.showsPrivacyCover, "the app switcher must not show codes")
        lock.phaseChanged(to: .active)
        XCTAssertFalse(lock.showsPrivacyCover)
        XCTAssertEqual(lock.state, .unlocked)

        lock.phaseChanged(to: .inactive)
        lock.phaseChanged(to: .background)
        clock.advance(59)
        lock.phaseChanged(to: .active)
        XCTAssertEqual(lock.state, .unlocked, "back within the limit")

        lock.phaseChanged(to: .background)
        clock.advance(61)
        lock.phaseChanged(to: .active)
        XCTAssertEqual(lock.state, .locked)
        XCTAssertNil(lock.vault)
    }

    func testEnrollmentAllowsTimeToTypeTheCodeOnTheSite() {
        let clock = TestClock(1000)
        let core = FakeCore(exists: true)
        let lock = LockModel(vaultExists: true, time: clock.source)
        let method = lock.beginUnlock(.deviceKey)
        lock.finish(Result { try core.unlock(method!) })
        lock.enrollmentInProgress = true
        lock.phaseChanged(to: .background)
        clock.advance(300)
        lock.phaseChanged(to: .active)
        XCTAssertEqual(lock.state, .unlocked)
        lock.phaseChanged(to: .background)
        clock.advance(601)
        lock.phaseChanged(to: .active)
        XCTAssertEqual(lock.state, .locked)
        XCTAssertFalse(lock.enrollmentInProgress)
    }
}
