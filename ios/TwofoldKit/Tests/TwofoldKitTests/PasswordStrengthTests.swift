import Foundation
import TwofoldKit
import XCTest

/// Every "choose a new password" screen shows the core's estimate as the
/// user types, keeps its button off below the floor, and turns the core's
/// floor refusal into a state.
final class PasswordStrengthTests: XCTestCase {
    private let strong = "plum kettle ravine 42"

    // MARK: Vault setup (the recovery password)

    func testSetupShowsTheCoreEstimateAndKeepsContinueOffWhileWeak() {
        let lock = LockModel(vaultExists: false, passwords: FakePasswords())
        XCTAssertNil(lock.passwordMeter.strength, "no meter before typing")
        lock.setupPasswordChanged("password")
        XCTAssertEqual(lock.passwordMeter.strength?.score, 0)
        XCTAssertEqual(lock.passwordMeter.strength?.weakness, .topTenPassword)
        XCTAssertEqual(lock.passwordMeter.strength?.acceptable, false)
        XCTAssertFalse(lock.canSetUp(password: "password", confirmation: "password"))
        XCTAssertNil(lock.beginSetup(method: .password, password: "password", confirmation: "password"))
        XCTAssertEqual(lock.message, .password(.tooWeak(.topTenPassword)))

        lock.setupPasswordChanged(strong)
        XCTAssertEqual(lock.passwordMeter.strength?.score, 4)
        XCTAssertNil(lock.passwordMeter.strength?.weakness)
        XCTAssertEqual(lock.passwordMeter.strength?.acceptable, true)
        XCTAssertFalse(lock.canSetUp(password: strong, confirmation: "plum"), "the confirmation must match")
        XCTAssertTrue(lock.canSetUp(password: strong, confirmation: strong))
        lock.setupPasswordChanged("")
        XCTAssertNil(lock.passwordMeter.strength)
    }

    func testSetupTurnsTheCoreFloorRefusalIntoAStateAndCreatesNothing() throws {
        let core = FakeCore(exists: false)
        core.floorRefusesAll = true
        let lock = LockModel(vaultExists: false, passwords: core)
        let request = try XCTUnwrap(lock.beginSetup(method: .biometrics, password: strong, confirmation: strong))
        let keys = FakeDeviceKeys()
        lock.finish(request.job(core: core, keys: keys).run().mapError { $0 as Error })
        XCTAssertEqual(lock.state, .needsSetup)
        XCTAssertEqual(lock.message, .password(.tooWeak(.commonPassword)))
        XCTAssertFalse(core.exists)
        XCTAssertNil(keys.current, "the prepared key is discarded")
    }

    // MARK: Settings: set or change the recovery password

    private func lockMethods(_ vault: FakeVault) throws -> LockMethodModel {
        vault.slots = [KeySlot(id: "d", kind: .deviceKey)]
        let settings = SettingsModel(store: MemorySettingsStore())
        settings.setLockMethod(.biometrics)
        return try LockMethodModel(vault: vault, keys: FakeDeviceKeys(current: .biometryCurrentSet), settings: settings, passwords: FakePasswords())
    }

    func testChangingThePasswordShowsTheEstimateAndKeepsSaveOffWhileWeak() throws {
        let vault = FakeVault()
        let model = try lockMethods(vault)
        model.newPasswordChanged("qwertyuiop")
        XCTAssertEqual(model.passwordMeter.strength?.weakness, .straightRow)
        XCTAssertEqual(model.passwordMeter.strength?.score, 1)
        XCTAssertFalse(model.canSetPassword("qwertyuiop", confirmation: "qwertyuiop"))
        XCTAssertNil(model.beginSetPassword("qwertyuiop", confirmation: "qwertyuiop"))
        XCTAssertEqual(model.problem, .password(.tooWeak(.straightRow)))
        XCTAssertFalse(model.hasPasswordSlot)

        model.newPasswordChanged(strong)
        XCTAssertTrue(model.canSetPassword(strong, confirmation: strong))
        model.finish(try XCTUnwrap(model.beginSetPassword(strong, confirmation: strong)).run())
        XCTAssertNil(model.problem)
        XCTAssertTrue(model.hasPasswordSlot)
        XCTAssertNil(model.passwordMeter.strength, "the form starts over")
    }

    func testChangingThePasswordTurnsTheCoreFloorRefusalIntoAState() throws {
        let vault = FakeVault()
        vault.floorRefusesAll = true
        let model = try lockMethods(vault)
        model.finish(try XCTUnwrap(model.beginSetPassword(strong, confirmation: strong)).run())
        XCTAssertEqual(model.problem, .password(.tooWeak(.commonPassword)))
        XCTAssertFalse(model.hasPasswordSlot)
        XCTAssertEqual(vault.slots.map(\.kind), [.deviceKey], "no slot was added")
    }

    // MARK: Encrypted export

    private func exportModel(_ vault: FakeVault) -> ExportModel {
        vault.add(issuer: "ACME", name: "alice", secret: "S-ALICE")
        return ExportModel(vault: vault, passwords: FakePasswords(), time: TestClock(1_000).source)
    }

    func testExportPasswordShowsTheEstimateAndKeepsExportOffWhileWeak() {
        let vault = FakeVault()
        let model = exportModel(vault)
        model.passwordChanged("Sunshine")
        XCTAssertNil(model.passwordMeter.strength, "no password field on the format list")
        model.choose(.aegis)
        model.passwordChanged("Sunshine")
        XCTAssertEqual(model.passwordMeter.strength?.weakness, .singleWord)
        XCTAssertEqual(model.passwordMeter.strength?.acceptable, false)
        XCTAssertFalse(model.canExport(password: "Sunshine", confirmation: "Sunshine"))
        model.exportNow(password: "Sunshine", confirmation: "Sunshine")
        XCTAssertEqual(model.passwordProblem, .tooWeak(.singleWord))
        XCTAssertEqual(vault.exportCalls, [])

        model.passwordChanged(strong)
        XCTAssertTrue(model.canExport(password: strong, confirmation: strong))
        model.back()
        XCTAssertNil(model.passwordMeter.strength, "back to the formats forgets the estimate")
    }

    func testExportTurnsTheCoreFloorRefusalIntoAStateOnTheForm() {
        let vault = FakeVault()
        vault.floorRefusesAll = true
        let model = exportModel(vault)
        model.choose(.twofoldBackup)
        model.exportNow(password: strong, confirmation: strong)
        XCTAssertEqual(model.step, .password(.twofoldBackup), "back on the form, not a failure screen")
        XCTAssertEqual(model.passwordProblem, .tooWeak(.commonPassword))
        XCTAssertFalse(model.isBusy)
        XCTAssertEqual(vault.exportCalls, [])
    }

    // MARK: Wording

    /// The app words every weakness and every score from its String Catalog.
    func testTheStringCatalogHasOneStringPerWeaknessAndScore() throws {
        let catalog = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("App/Twofold/Localizable.xcstrings")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: catalog)) as? [String: Any]
        let keys = Set((json?["strings"] as? [String: Any] ?? [:]).keys)
        for weakness in PasswordWeakness.allCases {
            XCTAssertTrue(keys.contains("password.weakness.\(weakness.rawValue)"), "\(weakness)")
        }
        for score in 0...4 {
            XCTAssertTrue(keys.contains("password.score.\(score)"), "\(score)")
        }
        XCTAssertTrue(keys.contains("password.tooWeak"))
    }
}
