// The core's password strength estimate and floor through the adapter: the
// estimate the screens show, and the refusal they turn into a state.

import Foundation
import TwofoldCore
import TwofoldCoreAdapter
import TwofoldKit
import XCTest

final class PasswordStrengthAdapterTests: XCTestCase {
    private var directory: URL!
    private let strong = "plum kettle ravine 42"

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twofold-ios-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func core() -> RustCore {
        RustCore(
            vaultPath: directory.appendingPathComponent("vault.db").path, keyProvider: XorKeyProvider(),
            kdfParams: KdfParams(memoryKib: 64, iterations: 1, parallelism: 1),
            time: TimeSource(now: { Date(timeIntervalSince1970: 1_700_000_000) }))
    }

    private func assertRefusedAsTooWeak(
        _ body: @autoclosure () throws -> some Any, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case .passwordTooWeak? = (error as? CoreFailure)?.kind else {
                return XCTFail("not a floor refusal: \(error)", file: file, line: line)
            }
        }
    }

    func testTheEstimateIsTheCores() {
        let core = core()
        let weak = core.passwordStrength("password")
        XCTAssertFalse(weak.acceptable)
        XCTAssertEqual(weak.weakness, .topTenPassword)
        XCTAssertEqual(weak.score, 0)
        let good = core.passwordStrength(strong)
        XCTAssertTrue(good.acceptable)
        XCTAssertGreaterThanOrEqual(good.score, 3)
        XCTAssertGreaterThan(good.guessesLog10, weak.guessesLog10)
        XCTAssertEqual(core.passwordStrength("").weakness, .empty)
    }

    func testAWeakPasswordIsRefusedAndAStrongOneAccepted() throws {
        let core = core()
        // With the device key the vault file would exist before the password
        // slot: a refused password must leave none behind.
        assertRefusedAsTooWeak(try core.createVault(password: "letmein", withDeviceKey: true))
        XCTAssertFalse(core.vaultExists())
        assertRefusedAsTooWeak(try core.createVault(password: "password", withDeviceKey: false))
        XCTAssertFalse(core.vaultExists())

        let vault = try core.createVault(password: strong, withDeviceKey: true)
        let passwordSlot = try XCTUnwrap(try vault.keySlots().first { $0.kind == .password })
        assertRefusedAsTooWeak(try vault.changePassword(slotId: passwordSlot.id, to: "qwerty", at: 1))
        assertRefusedAsTooWeak(try vault.addPasswordSlot("123456", at: 1))
        assertRefusedAsTooWeak(try vault.exportBackup(password: "iloveyou", at: 1))
        assertRefusedAsTooWeak(try vault.exportAegis(password: "dragon"))
        XCTAssertEqual(try vault.keySlots().count, 2, "nothing was added")
        _ = try core.unlock(.password(strong))

        try vault.changePassword(slotId: passwordSlot.id, to: "copper lantern meadow 7", at: 2)
        XCTAssertFalse(try vault.exportBackup(password: "copper lantern meadow 7", at: 2).isEmpty)
        _ = try core.unlock(.password("copper lantern meadow 7"))
    }

    /// The settings screen model over the real vault: a weak password keeps
    /// "Save" off, and the model never reaches the core with it.
    func testTheLockMethodModelUsesTheCoresFloor() throws {
        let core = core()
        let vault = try core.createVault(password: strong, withDeviceKey: true)
        let settings = SettingsModel(store: MemorySettingsStore())
        settings.setLockMethod(.biometrics)
        let model = try LockMethodModel(vault: vault, keys: RecordingKeys(), settings: settings, passwords: core)
        model.newPasswordChanged("monkey")
        XCTAssertEqual(model.passwordMeter.strength?.acceptable, false)
        XCTAssertFalse(model.canSetPassword("monkey", confirmation: "monkey"))
        XCTAssertNil(model.beginSetPassword("monkey", confirmation: "monkey"))
        guard case .password(.tooWeak)? = model.problem else { return XCTFail("\(String(describing: model.problem))") }
    }
}
