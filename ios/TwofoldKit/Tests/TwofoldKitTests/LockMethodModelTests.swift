import Foundation
import TwofoldKit
import XCTest

final class LockMethodModelTests: XCTestCase {
    private func make(
        method: LockMethod, slots: [KeySlot], lastBackupAt: UInt64? = nil
    ) throws -> (LockMethodModel, FakeVault, FakeDeviceKeys, SettingsModel) {
        let vault = FakeVault()
        vault.slots = slots
        let settings = SettingsModel(store: MemorySettingsStore())
        settings.setLockMethod(method)
        if let lastBackupAt { settings.recordBackup(at: lastBackupAt) }
        let keys = FakeDeviceKeys(current: method.deviceKey)
        return (try LockMethodModel(vault: vault, keys: keys, settings: settings, passwords: FakePasswords(), time: TestClock(1_000).source), vault, keys, settings)
    }

    private let passwordSlot = KeySlot(id: "p", kind: .password)
    private let deviceSlot = KeySlot(id: "d", kind: .deviceKey)

    func testBiometricsToPasscodeAddsTheNewSlotBeforeRemovingTheOld() throws {
        let (model, vault, keys, settings) = try make(method: .biometrics, slots: [passwordSlot, deviceSlot])
        let job = try XCTUnwrap(model.beginSwitch(to: .deviceCredential, biometricsAvailable: true, passcodeSet: true))
        XCTAssertTrue(model.isBusy)
        XCTAssertNil(model.beginSwitch(to: .password, biometricsAvailable: true, passcodeSet: true), "one change at a time")
        model.finish(job.run())
        XCTAssertEqual(model.method, .deviceCredential)
        XCTAssertEqual(settings.settings.lockMethod, .deviceCredential)
        XCTAssertEqual(keys.log, ["prepare userPresence", "commit"])
        XCTAssertEqual(vault.slots.map(\.kind), [.password, .deviceKey])
        XCTAssertFalse(vault.slots.contains(deviceSlot), "the old key's slot is gone")
    }

    func testSwitchingToPasswordRemovesThePlatformSlotAndKey() throws {
        let (model, vault, keys, _) = try make(method: .biometrics, slots: [passwordSlot, deviceSlot])
        model.finish(try XCTUnwrap(model.beginSwitch(to: .password, biometricsAvailable: true, passcodeSet: true)).run())
        XCTAssertEqual(vault.slots, [passwordSlot])
        XCTAssertEqual(keys.log, ["delete"])
        XCTAssertEqual(model.method, .password)
    }

    func testPasswordToBiometricsAddsAPlatformSlot() throws {
        let (model, vault, keys, _) = try make(method: .password, slots: [passwordSlot])
        model.finish(try XCTUnwrap(model.beginSwitch(to: .biometrics, biometricsAvailable: true, passcodeSet: true)).run())
        XCTAssertEqual(vault.slots.map(\.kind), [.password, .deviceKey])
        XCTAssertEqual(keys.current, .biometryCurrentSet)
    }

    func testAFailedSwitchDiscardsTheNewKeyAndKeepsTheOldWay() throws {
        let (model, vault, keys, settings) = try make(method: .biometrics, slots: [passwordSlot, deviceSlot])
        vault.failAddingDeviceKey = true
        model.finish(try XCTUnwrap(model.beginSwitch(to: .deviceCredential, biometricsAvailable: true, passcodeSet: true)).run())
        XCTAssertEqual(keys.log, ["prepare userPresence", "discard"])
        XCTAssertEqual(keys.current, .biometryCurrentSet)
        XCTAssertEqual(vault.slots, [passwordSlot, deviceSlot])
        XCTAssertEqual(model.method, .biometrics)
        XCTAssertEqual(settings.settings.lockMethod, .biometrics)
        guard case .failed? = model.problem else { return XCTFail("\(String(describing: model.problem))") }
    }

    func testUnavailableMethodsAreRefusedWithTheReason() throws {
        let (model, _, _, _) = try make(method: .password, slots: [passwordSlot])
        XCTAssertNil(model.beginSwitch(to: .biometrics, biometricsAvailable: false, passcodeSet: true))
        XCTAssertEqual(model.problem, .biometricsUnavailable)
        XCTAssertNil(model.beginSwitch(to: .deviceCredential, biometricsAvailable: true, passcodeSet: false))
        XCTAssertEqual(model.problem, .passcodeNotSet)
    }

    func testOnlyMethodsTheDeviceSupportsAreOffered() throws {
        XCTAssertEqual(LockMethod.available(biometricsEnrolled: true, passcodeSet: true), [.password, .biometrics, .deviceCredential])
        XCTAssertEqual(LockMethod.available(biometricsEnrolled: false, passcodeSet: true), [.password, .deviceCredential])
        XCTAssertEqual(LockMethod.available(biometricsEnrolled: true, passcodeSet: false), [.password])
        let (model, _, _, _) = try make(method: .password, slots: [passwordSlot])
        XCTAssertEqual(model.problem(switchingTo: .biometrics, biometricsAvailable: true, passcodeSet: false), .passcodeNotSet)
    }

    func testTheRecoveryPasswordCanGoOnlyWithASavedBackup() throws {
        let (model, vault, _, _) = try make(method: .biometrics, slots: [passwordSlot, deviceSlot])
        XCTAssertFalse(model.canRemovePassword)
        XCTAssertNil(model.beginRemovePassword())
        XCTAssertEqual(model.problem, .backupRequired)

        let (backedUp, backedUpVault, _, _) = try make(method: .biometrics, slots: [passwordSlot, deviceSlot], lastBackupAt: 900)
        XCTAssertTrue(backedUp.canRemovePassword)
        backedUp.finish(try XCTUnwrap(backedUp.beginRemovePassword()).run())
        XCTAssertEqual(backedUpVault.slots, [deviceSlot])
        XCTAssertFalse(backedUp.hasPasswordSlot)
        XCTAssertNil(backedUp.beginSwitch(to: .password, biometricsAvailable: true, passcodeSet: true))
        XCTAssertEqual(backedUp.problem, .passwordRequired, "the password method needs a password first")
        XCTAssertEqual(vault.slots.count, 2)
    }

    func testWithoutPasswordOrBackupADeviceKeyMethodIsRefused() throws {
        let (model, _, _, _) = try make(method: .biometrics, slots: [deviceSlot])
        XCTAssertEqual(
            model.problem(switchingTo: .deviceCredential, biometricsAvailable: true, passcodeSet: true), .backupRequired)
        XCTAssertFalse(RecoveryRule.isRecoverable(method: .biometrics, hasPasswordSlot: false, lastBackupAt: nil))
        XCTAssertTrue(RecoveryRule.isRecoverable(method: .biometrics, hasPasswordSlot: false, lastBackupAt: 1))
        XCTAssertTrue(RecoveryRule.isRecoverable(method: .deviceCredential, hasPasswordSlot: true, lastBackupAt: nil))
        XCTAssertFalse(RecoveryRule.isRecoverable(method: .password, hasPasswordSlot: false, lastBackupAt: 1))
    }

    func testSettingThePasswordAddsOrChangesTheSlot() throws {
        let (model, vault, _, _) = try make(method: .biometrics, slots: [deviceSlot], lastBackupAt: 900)
        XCTAssertNil(model.beginSetPassword("short", confirmation: "short"))
        XCTAssertEqual(model.problem, .password(.tooWeak(.tooShort)))
        model.finish(try XCTUnwrap(model.beginSetPassword("long enough", confirmation: "long enough")).run())
        XCTAssertTrue(model.hasPasswordSlot)
        XCTAssertEqual(vault.slots.filter { $0.kind == .password }.count, 1)
        model.finish(try XCTUnwrap(model.beginSetPassword("another one", confirmation: "another one")).run())
        XCTAssertEqual(vault.slots.filter { $0.kind == .password }.count, 1, "changed, not added twice")
    }
}
