import Foundation
import TwofoldKit
import XCTest

final class LockModelTests: XCTestCase {
    private func unlocked(_ core: FakeCore, uptime: TestUptime, delay: AutoLockDelay = .after1Minute) -> LockModel {
        let lock = LockModel(vaultExists: true, passwords: FakePasswords(), autoLock: AutoLockPolicy(delay: delay), clock: uptime.clock)
        let method = lock.beginUnlock(.deviceKey)
        lock.finish(Result { try core.unlock(method!) })
        XCTAssertEqual(lock.state, .unlocked)
        return lock
    }

    func testSetupAlwaysRequiresTheRecoveryPassword() throws {
        let core = FakeCore(exists: false)
        let lock = LockModel(vaultExists: core.vaultExists(), passwords: FakePasswords())
        XCTAssertEqual(lock.state, .needsSetup)
        XCTAssertNil(lock.beginSetup(method: .biometrics, password: "", confirmation: ""))
        XCTAssertEqual(lock.message, .password(.empty), "a device-key vault needs the recovery password")
        XCTAssertNil(lock.beginSetup(method: .password, password: "short", confirmation: "short"))
        XCTAssertEqual(lock.message, .password(.tooWeak(.tooShort)), "the core's estimate refuses it")
        XCTAssertNil(lock.beginSetup(method: .biometrics, password: "long enough", confirmation: "long enougH"))
        XCTAssertEqual(lock.message, .password(.mismatch))
        let request = try XCTUnwrap(lock.beginSetup(method: .biometrics, password: "long enough", confirmation: "long enough"))
        XCTAssertEqual(request, LockModel.SetupRequest(password: "long enough", deviceKey: .biometryCurrentSet))
        XCTAssertEqual(lock.state, .working)
        XCTAssertNil(lock.beginSetup(method: .password, password: "long enough", confirmation: "long enough"), "one at a time")

        let keys = FakeDeviceKeys()
        lock.finish(request.job(core: core, keys: keys).run().mapError { $0 as Error })
        XCTAssertEqual(lock.state, .unlocked)
        XCTAssertEqual(core.password, "long enough")
        XCTAssertEqual(core.createdWithDeviceKey, true)
        XCTAssertEqual(keys.log, ["prepare biometryCurrentSet", "commit"])
        XCTAssertEqual(keys.current, .biometryCurrentSet)
        XCTAssertEqual(SetupNote.forMethod(.biometrics), .biometricsNeedPassword)
    }

    func testPasswordOnlySetupDeletesAnOldKeyAndNeverOffersTheDeviceKey() throws {
        let core = FakeCore(exists: false)
        let lock = LockModel(vaultExists: false, passwords: FakePasswords())
        let request = try XCTUnwrap(lock.beginSetup(method: .password, password: "long enough", confirmation: "long enough"))
        XCTAssertNil(request.deviceKey)
        let keys = FakeDeviceKeys(current: .userPresence)
        lock.finish(request.job(core: core, keys: keys).run().mapError { $0 as Error })
        XCTAssertEqual(core.createdWithDeviceKey, false)
        XCTAssertEqual(keys.log, ["delete"])
        lock.lockNow()
        XCTAssertFalse(lock.offersDeviceKey)
        XCTAssertNil(lock.beginUnlock(.deviceKey), "no device key: the password is the only way in")
        XCTAssertFalse(lock.promptsDeviceKeyOnAppear)
    }

    func testWrongPasswordsAreCountedAndDeviceKeyFailuresTold() {
        let core = FakeCore(exists: true, password: "correct horse")
        let lock = LockModel(vaultExists: true, passwords: FakePasswords())
        XCTAssertNil(lock.beginUnlock(.password("")))
        XCTAssertEqual(lock.message, .enterPassword)
        for _ in 0..<3 {
            let method = lock.beginUnlock(.password("wrong"))
            XCTAssertNotNil(method)
            XCTAssertNil(lock.beginUnlock(.deviceKey), "one unlock at a time")
            lock.finish(Result { try core.unlock(method!) })
        }
        XCTAssertEqual(lock.message, .wrongPassword(attempts: 3))

        core.deviceKeyWorks = false
        lock.finish(Result { try core.unlock(lock.beginUnlock(.deviceKey)!) })
        XCTAssertEqual(lock.message, .deviceKeyFailed)
        lock.finish(.failure(CoreFailure(.keyUnavailable, message: "ignored: nothing pending")))
        _ = lock.beginUnlock(.deviceKey)
        lock.finish(.failure(CoreFailure(.keyInvalidated, message: "the platform key no longer opens this vault")))
        XCTAssertEqual(lock.message, .deviceKeyInvalidated, "the user is told the key is gone, not to try again")

        core.deviceKeyWorks = true
        lock.finish(Result { try core.unlock(lock.beginUnlock(.deviceKey)!) })
        XCTAssertEqual(lock.state, .unlocked)
        XCTAssertEqual(lock.failedPasswordAttempts, 0)
        XCTAssertNil(lock.message)
    }

    func testLockNowLocksTheCoreExplicitlyWhoeverHoldsTheSession() throws {
        let core = FakeCore(exists: true)
        let lock = unlocked(core, uptime: TestUptime())
        let heldElsewhere = try XCTUnwrap(lock.vault)
        lock.lockNow()
        XCTAssertEqual(lock.state, .locked)
        XCTAssertNil(lock.vault)
        XCTAssertEqual(core.vault.lockCalls, 1)
        XCTAssertThrowsError(try heldElsewhere.listAccounts(), "the data key is gone even for other holders")
        XCTAssertFalse(lock.promptsDeviceKeyOnAppear, "Lock Now must not be undone by an automatic Face ID prompt")
    }

    func testErasingALockedVaultLeadsToSetup() throws {
        let core = FakeCore(exists: true)
        let lock = unlocked(core, uptime: TestUptime())
        lock.vaultErased()
        XCTAssertEqual(lock.state, .unlocked, "never while the vault is open")
        lock.lockNow()
        try core.eraseVault()
        lock.vaultErased()
        XCTAssertEqual(lock.state, .needsSetup)
    }

    func testALateUnlockResultAfterLockingIsLockedToo() {
        let core = FakeCore(exists: true)
        let lock = LockModel(vaultExists: true, passwords: FakePasswords())
        _ = lock.beginUnlock(.deviceKey)
        lock.lockNow()
        lock.finish(Result { try core.unlock(.deviceKey) })
        XCTAssertEqual(lock.state, .locked)
        XCTAssertEqual(core.vault.lockCalls, 1)
    }

    func testAutoLockUsesTheMonotonicClockNotTheWallClock() {
        let uptime = TestUptime()
        let core = FakeCore(exists: true)
        let lock = unlocked(core, uptime: uptime)
        lock.phaseChanged(to: .inactive)
        XCTAssertTrue(lock.showsPrivacyCover, "the app switcher must not show codes")
        lock.phaseChanged(to: .active)
        XCTAssertFalse(lock.showsPrivacyCover)

        lock.phaseChanged(to: .background)
        uptime.advance(59)
        XCTAssertFalse(lock.phaseChanged(to: .active), "back within the minute")
        XCTAssertEqual(lock.state, .unlocked)

        // The wall clock is not consulted at all: only time that passed counts.
        lock.phaseChanged(to: .background)
        uptime.advance(60)
        XCTAssertTrue(lock.phaseChanged(to: .active))
        XCTAssertEqual(lock.state, .locked)
        XCTAssertEqual(core.vault.lockCalls, 1)
        XCTAssertTrue(lock.promptsDeviceKeyOnAppear, "after an auto-lock the lock screen asks Face ID by itself")
    }

    func testImmediatelyLocksOnEnteringTheBackground() {
        let core = FakeCore(exists: true)
        let lock = unlocked(core, uptime: TestUptime(), delay: .immediately)
        lock.phaseChanged(to: .inactive)
        XCTAssertEqual(lock.state, .unlocked, "inactive (Control Center, a prompt) is not the background")
        XCTAssertTrue(lock.phaseChanged(to: .background))
        XCTAssertEqual(lock.state, .locked, "locked before the app returns, not when it does")
    }

    func testAPickerTheAppOpenedSuspendsTheLockUntilItCloses() {
        let uptime = TestUptime()
        let core = FakeCore(exists: true)
        let lock = unlocked(core, uptime: uptime, delay: .immediately)
        lock.pickerOpened()
        XCTAssertFalse(lock.phaseChanged(to: .background), "the file picker stops the app: no lock")
        uptime.advance(120)
        XCTAssertFalse(lock.phaseChanged(to: .active))
        lock.pickerClosed()
        XCTAssertEqual(lock.state, .unlocked, "the picked file reaches an unlocked import")

        XCTAssertTrue(lock.phaseChanged(to: .background), "once closed, Immediately applies again")
    }

    func testAPickerLeftOpenStillLocksAfterItsAllowance() {
        let uptime = TestUptime()
        let core = FakeCore(exists: true)
        let lock = LockModel(
            vaultExists: true, passwords: FakePasswords(), autoLock: AutoLockPolicy(delay: .after30Seconds, pickerAllowance: 600), clock: uptime.clock)
        lock.finish(Result { try core.unlock(lock.beginUnlock(.deviceKey)!) })
        lock.phaseChanged(to: .background)
        lock.pickerOpened()
        uptime.advance(601)
        XCTAssertTrue(lock.phaseChanged(to: .active))
        XCTAssertEqual(lock.state, .locked)
    }

    func testEnrollmentAllowsTimeToTypeTheCodeOnTheSite() {
        let uptime = TestUptime()
        let core = FakeCore(exists: true)
        let lock = unlocked(core, uptime: uptime)
        lock.enrollmentInProgress = true
        lock.phaseChanged(to: .background)
        uptime.advance(300)
        lock.phaseChanged(to: .active)
        XCTAssertEqual(lock.state, .unlocked)
        lock.phaseChanged(to: .background)
        uptime.advance(601)
        lock.phaseChanged(to: .active)
        XCTAssertEqual(lock.state, .locked)
        XCTAssertFalse(lock.enrollmentInProgress)
    }

    func testNeverDoesNotLock() {
        let uptime = TestUptime()
        let lock = unlocked(FakeCore(exists: true), uptime: uptime, delay: .never)
        lock.phaseChanged(to: .background)
        uptime.advance(86_400)
        lock.phaseChanged(to: .active)
        XCTAssertEqual(lock.state, .unlocked)
    }

    func testTheSystemClockIsMonotonic() {
        let first = MonotonicClock.system.seconds()
        let second = MonotonicClock.system.seconds()
        XCTAssertGreaterThan(first, 0)
        XCTAssertGreaterThanOrEqual(second, first)
    }
}
