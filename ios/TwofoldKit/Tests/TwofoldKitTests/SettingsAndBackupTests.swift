import Foundation
import TwofoldKit
import XCTest

final class SettingsAndBackupTests: XCTestCase {
    func testSettingsAreSavedAndReadBack() {
        let store = MemorySettingsStore()
        let settings = SettingsModel(store: store)
        XCTAssertEqual(settings.settings.autoLock, .after30Seconds)
        settings.setAutoLock(.immediately)
        settings.setClipboardClearSeconds(120)
        settings.setClipboardClearSeconds(7)
        settings.setLockMethod(.deviceCredential)
        let again = SettingsModel(store: store)
        XCTAssertEqual(again.settings.autoLock, .immediately)
        XCTAssertEqual(again.settings.clipboardClearSeconds, 120, "only offered choices are taken")
        XCTAssertEqual(again.settings.lockMethod, .deviceCredential)
        XCTAssertEqual(AutoLockDelay.allCases.map(\.seconds), [0, 30, 60, 300, nil], "the Android app's choices")
    }

    func testResetForgetsTheOldVaultsBackup() {
        let store = MemorySettingsStore()
        let settings = SettingsModel(store: store)
        settings.recordBackup(at: 100)
        settings.setAutoLock(.never)
        settings.reset()
        XCTAssertNil(settings.settings.lastBackupAt)
        XCTAssertNil(SettingsModel(store: store).settings.lastBackupAt, "saved too")
        XCTAssertEqual(SettingsModel(store: store).settings.autoLock, .standard)
    }

    func testCopiedCodesExpireAfterTheChosenDelay() {
        let settings = SettingsModel(store: MemorySettingsStore())
        settings.setClipboardClearSeconds(15)
        XCTAssertEqual(settings.copyPolicy, CopyPolicy(limitSeconds: 15))
        settings.setClipboardClearSeconds(120)
        XCTAssertEqual(settings.copyPolicy, CopyPolicy(limitSeconds: 120))
    }

    func testTheBackupBannerFollowsTheCoreRuleAndNotNow() {
        let core = FakeCore(exists: true)
        let settings = SettingsModel(store: MemorySettingsStore())
        func banner(_ accounts: Int, at now: UInt64) -> BackupReminder? {
            BackupBanner.reminder(core: core, settings: settings.settings, accounts: accounts, unixSeconds: now)
        }
        XCTAssertNil(banner(0, at: 1_000))
        XCTAssertEqual(banner(2, at: 1_000), .neverBackedUp(accounts: 2))
        settings.dismissReminder()
        XCTAssertNil(banner(2, at: 1_000), "Not Now hides it")
        settings.recordChanges()
        XCTAssertEqual(banner(3, at: 1_000), .neverBackedUp(accounts: 3), "until the next change")

        settings.recordBackup(at: 2_000)
        XCTAssertNil(banner(3, at: 2_000))
        settings.recordChanges(2)
        XCTAssertNil(banner(3, at: 2_100), "two fresh changes do not nag")
        XCTAssertEqual(banner(3, at: 2_000 + 86_400), .changesNotBackedUp(changes: 2, lastBackupAt: 2_000))
        settings.recordChanges(3)
        XCTAssertEqual(banner(3, at: 2_100), .changesNotBackedUp(changes: 5, lastBackupAt: 2_000))
    }

    func testASavedEncryptedExportIsABackupAndAShareIsNot() {
        let vault = FakeVault()
        vault.add(issuer: "ACME", name: "alice", secret: "S")
        let settings = SettingsModel(store: MemorySettingsStore())
        settings.recordChanges(4)
        let model = ExportModel(vault: vault, passwords: FakePasswords(), time: TestClock(5_000).source)
        model.onBackupSaved = { settings.recordBackup(at: $0) }
        model.choose(.otpauthList)
        model.setAcknowledged(true)
        model.exportNow()
        model.saved()
        XCTAssertNil(settings.settings.lastBackupAt, "an unencrypted list is not a backup")

        model.back()
        model.choose(.twofoldBackup)
        model.exportNow(password: "correct horse", confirmation: "correct horse")
        XCTAssertNil(settings.settings.lastBackupAt, "produced is not saved")
        model.saved()
        XCTAssertEqual(settings.settings.lastBackupAt, 5_000)
        XCTAssertEqual(settings.settings.changesSinceBackup, 0)
    }

    func testListEditsCountAsChanges() {
        let vault = FakeVault()
        vault.add(issuer: "A", name: "a", secret: "1")
        vault.add(issuer: "B", name: "b", secret: "2")
        let settings = SettingsModel(store: MemorySettingsStore())
        let list = CodeListModel(vault: vault, time: TestClock(1_000).source, clock: TestUptime().clock)
        list.onChange = { settings.recordChanges($0) }
        list.reload()
        list.rename(accountId: list.accounts[0].id, issuer: "A2", name: "a")
        list.move(fromOffsets: [0], toOffset: 2)
        list.delete(accountId: list.accounts[0].id)
        list.undoDelete()
        XCTAssertEqual(settings.settings.changesSinceBackup, 4)
    }
}

final class NoticeTests: XCTestCase {
    func testUndoExpiresAndALaterConfirmationReplacesIt() throws {
        let vault = FakeVault()
        vault.add(issuer: "A", name: "a", secret: "1")
        vault.add(issuer: "B", name: "b", secret: "2")
        let uptime = TestUptime()
        let list = CodeListModel(vault: vault, time: TestClock(1_000).source, clock: uptime.clock)
        list.reload()
        let id = list.accounts[0].id
        list.delete(accountId: id)
        XCTAssertEqual(list.notice, .deleted(accountId: id, label: "A (a)"))
        uptime.advance(7.9)
        XCTAssertEqual(list.recentlyDeleted?.id, id)
        uptime.advance(0.2)
        XCTAssertNil(list.notice, "the Undo banner expires")
        XCTAssertNil(list.recentlyDeleted)
        list.undoDelete()
        XCTAssertEqual(list.accounts.count, 1, "no undo once the banner is gone")

        list.delete(accountId: list.accounts[0].id)
        _ = try XCTUnwrap(list.copy(accountId: list.accounts.first?.id ?? "none") ?? ClipboardItem(text: "", expiresAt: Date()))
        list.show(.backupSaved)
        XCTAssertEqual(list.notice, .backupSaved, "the newest confirmation is shown, not the old Undo")
        uptime.advance(NoticeBoard.lifetime(of: .backupSaved))
        XCTAssertNil(list.notice)
    }

    func testCopyShowsCopied() {
        let vault = FakeVault()
        vault.add(issuer: "A", name: "a", secret: "1")
        let uptime = TestUptime()
        let list = CodeListModel(vault: vault, time: TestClock(1_000).source, clock: uptime.clock)
        list.reload()
        XCTAssertNotNil(list.copy(accountId: list.accounts[0].id))
        XCTAssertEqual(list.notice, .copied)
        uptime.advance(3)
        XCTAssertNil(list.notice)
    }
}

final class CameraZoomTests: XCTestCase {
    func testZoomComesFromTheMinimumFocusDistance() {
        // A wide camera (about 70°) that focuses from 200 mm, as on Pro iPhones.
        let pro = CameraZoom.factor(minimumFocusDistance: 200, fieldOfViewDegrees: 70, deviceMaximum: 10)
        XCTAssertGreaterThan(pro, 1.5)
        XCTAssertLessThanOrEqual(pro, CameraZoom.maximumZoom)
        // 25 mm covering 35 % of a 70° view needs about 51 mm: a camera that
        // focuses that close needs no zoom.
        XCTAssertEqual(CameraZoom.factor(minimumFocusDistance: 50, fieldOfViewDegrees: 70, deviceMaximum: 10), 1)
        let closer = CameraZoom.factor(minimumFocusDistance: 100, fieldOfViewDegrees: 70, deviceMaximum: 10)
        XCTAssertEqual(closer, 100 / (25 / (2 * 0.35 * tan(35 * Double.pi / 180))), accuracy: 0.001)
        XCTAssertEqual(CameraZoom.factor(minimumFocusDistance: -1, fieldOfViewDegrees: 70, deviceMaximum: 10), 1, "unknown")
        XCTAssertEqual(CameraZoom.factor(minimumFocusDistance: 200, fieldOfViewDegrees: 70, deviceMaximum: 1.2), 1.2)
    }
}
