// The kit against the real Rust library (compiled only when
// scripts/generate-bindings.sh has produced the bindings).

import Foundation
import TwofoldCore
import TwofoldCoreAdapter
import TwofoldKit
import XCTest

/// A key provider for tests: XOR with a fixed pad (the app uses the Secure
/// Enclave). Counts its calls so the test sees the foreign callback run.
final class XorKeyProvider: KeyProvider, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var calls = 0

    private func xor(_ data: Data) -> Data {
        lock.lock()
        calls += 1
        lock.unlock()
        return Data(data.enumerated().map { $0.element ^ UInt8(truncatingIfNeeded: 0xA5 &+ $0.offset) })
    }

    func wrap(plaintext: Data) throws -> Data { xor(plaintext) }
    func unwrap(wrapped: Data) throws -> Data { xor(wrapped) }
}

/// The key store side of the switch; the XOR provider does the wrapping.
final class RecordingKeys: DeviceKeyStore, @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []

    var log: [String] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }

    private func record(_ entry: String) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    func prepareKey(_ protection: DeviceKeyProtection) throws { record("prepare \(protection.rawValue)") }
    func commitPreparedKey() { record("commit") }
    func discardPreparedKey() { record("discard") }
    func deleteKey() { record("delete") }
}

final class RustCoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twofold-ios-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testRealFormProblemsBecomeFieldMessages() throws {
        let entry = ManualEntry(name: " ", issuer: "", kind: nil, algorithm: nil, digits: 4, period: 30, counter: 0)
        XCTAssertThrowsError(try validateManualEntry(key: "JBSW Y3D0", entry: entry)) { error in
            guard let problems = (error as? TwofoldError).flatMap({ error -> [FieldProblem]? in
                if case let .InvalidForm(problems) = error { return problems }
                return nil
            }) else { return XCTFail("\(error)") }
            let messages = ManualEntryMessages.visibleMessages(
                for: problems.map(Self.issue), touched: [], submitted: true)
            XCTAssertEqual(
                messages[.key],
                "Character 9 (“0”) can’t be in a setup key: keys use the letters A–Z and digits 2–7. Base32 has no zero: did you mean the letter O?")
            XCTAssertEqual(messages[.name], "Enter the account name, for example the email you sign in with.")
            XCTAssertEqual(messages[.digits], "Codes have 6 to 10 digits; most sites use 6.")
        }
    }

    func testEnrollmentThroughTheRealFlowAndVault() throws {
        let provider = XorKeyProvider()
        let clock = Date(timeIntervalSince1970: 1_111_111_109)
        let core = RustCore(
            vaultPath: directory.appendingPathComponent("vault.db").path, keyProvider: provider,
            kdfParams: KdfParams(memoryKib: 64, iterations: 1, parallelism: 1), time: TimeSource(now: { clock }))
        XCTAssertFalse(core.vaultExists())
        let vault = try core.createVault(password: "correct horse battery", withDeviceKey: true)
        XCTAssertTrue(core.vaultExists())
        XCTAssertGreaterThan(provider.calls, 0, "the platform slot wrapped the data key through Swift")

        let model = EnrollmentModel(
            session: try vault.startEnrollment(), cameraAccess: .authorized, time: TimeSource(now: { clock }))
        model.choose(.manual)
        model.updateForm(ManualForm(key: "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ", name: "john.doe@email.com", issuer: "ACME Co"))
        model.submitForm()
        guard case .confirm = model.step else { return XCTFail("\(model.step)") }
        model.confirm()
        guard case let .showCode(showCode) = model.screen() else { return XCTFail("\(model.step)") }
        XCTAssertEqual(showCode.code, "362 012")
        model.codeEntered()
        model.skipRecoveryCode()
        guard case .done = model.step else { return XCTFail("\(model.step)") }

        // Locked and opened again with each slot.
        let byPassword = try core.unlock(.password("correct horse battery"))
        XCTAssertEqual(try byPassword.listAccounts().map(\.label), ["ACME Co (john.doe@email.com)"])
        let byDevice = try core.unlock(.deviceKey)
        XCTAssertEqual(try byDevice.codes(at: 1_111_111_109).values.map(\.value), ["362012"])
        XCTAssertThrowsError(try core.unlock(.password("wrong"))) { error in
            XCTAssertEqual((error as? CoreFailure)?.kind, .wrongPassword)
        }
    }

    func testLinksRefusalsAndHotpThroughTheAdapter() throws {
        let clock = Date(timeIntervalSince1970: 1_111_111_109)
        let core = RustCore(
            vaultPath: directory.appendingPathComponent("vault.db").path, keyProvider: XorKeyProvider(),
            kdfParams: KdfParams(memoryKib: 64, iterations: 1, parallelism: 1), time: TimeSource(now: { clock }))
        let vault = try core.createVault(password: "correct horse battery", withDeviceKey: true)
        let session = try vault.startEnrollment()
        XCTAssertEqual(session.currentStep(), .chooseMethod)

        // The core's typed refusal arrives as the kit's failure kind.
        XCTAssertThrowsError(try session.codeEntered()) { error in
            XCTAssertEqual((error as? CoreFailure)?.kind, .notAllowedHere, "\(error)")
        }
        guard case .scanning(method: .image, hint: _) = try session.choose(.image) else {
            return XCTFail("\(session.currentStep())")
        }

        // A link that is not an otpauth URI throws with the core's reason and
        // leaves the flow on the scanner.
        XCTAssertThrowsError(try session.submitLink("https://example.com/?secret=JBSWY3DPEHPK3PXP")) { error in
            XCTAssertEqual((error as? CoreFailure)?.kind, .invalidInput, "\(error)")
            XCTAssertFalse((error as? CoreFailure)?.message.isEmpty ?? true)
        }
        guard case .scanning = session.currentStep() else { return XCTFail("\(session.currentStep())") }

        let hotp = "otpauth://hotp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"
        guard case let .confirm(issuer, name, duplicate, _) = try session.submitLink(hotp) else {
            return XCTFail("\(session.currentStep())")
        }
        XCTAssertEqual(issuer, "Example")
        XCTAssertEqual(name, "bob")
        XCTAssertNil(duplicate)
        guard case let .showCode(accountId, code) = try session.confirm(nil, at: 1_111_111_109) else {
            return XCTFail("\(session.currentStep())")
        }
        XCTAssertNil(code.validUntil, "an HOTP code stays valid until used")
        _ = try session.codeEntered()
        guard case .done(accountId) = try session.skipRecoveryCode() else {
            return XCTFail("\(session.currentStep())")
        }

        let accounts = try vault.listAccounts()
        XCTAssertEqual(accounts.map(\.id), [accountId])
        guard case .hotp = accounts[0].kind else { return XCTFail("\(accounts[0].kind)") }
        // HOTP accounts have no current code in the list: it is produced on request.
        XCTAssertEqual(try vault.codes(at: 1_111_111_109), [:])
        let next = try vault.nextHotpCode(accountId: accountId, at: 1_111_111_110)
        XCTAssertEqual(next.value.count, 6)
        XCTAssertNotEqual(next.value, code.value, "the counter advanced")
    }

    private func core(_ provider: KeyProvider = XorKeyProvider()) -> RustCore {
        RustCore(
            vaultPath: directory.appendingPathComponent("vault.db").path, keyProvider: provider,
            kdfParams: KdfParams(memoryKib: 64, iterations: 1, parallelism: 1),
            time: TimeSource(now: { Date(timeIntervalSince1970: 1_700_000_000) }))
    }

    /// Adds an HOTP account through the real enrollment flow; returns its id.
    private func addHotpAccount(_ vault: VaultSession) throws -> String {
        let session = try vault.startEnrollment()
        _ = try session.choose(.image)
        _ = try session.submitLink("otpauth://hotp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0")
        guard case let .showCode(accountId, _) = try session.confirm(nil, at: 1_700_000_000) else {
            throw CoreFailure(.other, message: "\(session.currentStep())")
        }
        _ = try session.codeEntered()
        _ = try session.skipRecoveryCode()
        return accountId
    }

    func testGenerationRisesWithEveryChangeAndAnOlderFileIsCaught() throws {
        let core = core()
        let vault = try core.createVault(password: "correct horse battery", withDeviceKey: false)
        let created = try vault.generation()
        let accountId = try addHotpAccount(vault)
        let added = try vault.generation()
        XCTAssertGreaterThan(added, created, "adding an account is a change")
        _ = try vault.nextHotpCode(accountId: accountId, at: 1_700_000_001)
        XCTAssertEqual(try vault.generation(), added + 1, "an HOTP code advances the counter: one change")
        try vault.rename(accountId: accountId, issuer: "Example", name: "robert", at: 1_700_000_002)
        XCTAssertEqual(try vault.generation(), added + 2)

        // Keep a copy of the whole file, change the vault once more, then put
        // the copy back: it opens, and only the stored generation tells.
        let store = MemoryGenerationStore()
        let lock = LockModel(vaultExists: true, passwords: core, rollbackGuard: RollbackGuard(store: store))
        _ = lock.beginUnlock(.password("correct horse battery"))
        lock.finish(Result { try core.unlock(.password("correct horse battery")) })
        XCTAssertEqual(lock.state, .unlocked)
        vault.lock()
        lock.lockNow()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let copies = directory.appendingPathComponent("older", isDirectory: true)
        try FileManager.default.createDirectory(at: copies, withIntermediateDirectories: true)
        for name in files {
            try FileManager.default.copyItem(
                at: directory.appendingPathComponent(name), to: copies.appendingPathComponent(name))
        }

        _ = lock.beginUnlock(.password("correct horse battery"))
        lock.finish(Result { try core.unlock(.password("correct horse battery")) })
        let session = try XCTUnwrap(lock.vault)
        _ = try session.nextHotpCode(accountId: accountId, at: 1_700_000_003)
        lock.lockNow()
        XCTAssertEqual(store.load(), added + 3, "the change was remembered on locking")

        for name in files {
            let target = directory.appendingPathComponent(name)
            try FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: copies.appendingPathComponent(name), to: target)
        }
        _ = lock.beginUnlock(.password("correct horse battery"))
        lock.finish(Result { try core.unlock(.password("correct horse battery")) })
        XCTAssertEqual(lock.state, .olderVault(seen: added + 3, found: added + 2))
        XCTAssertNil(lock.vault)
        lock.refuseOlderVault()
        XCTAssertEqual(lock.state, .locked)
    }

    func testLockIsAnExplicitCallIntoTheCore() throws {
        let core = core()
        let vault = try core.createVault(password: "correct horse battery", withDeviceKey: true)
        XCTAssertEqual(try vault.listAccounts(), [])
        let lock = LockModel(vaultExists: true, passwords: core)
        _ = lock.beginUnlock(.deviceKey)
        lock.finish(Result { try core.unlock(.deviceKey) })
        let other = try XCTUnwrap(lock.vault)
        let model = CodeListModel(vault: other)
        lock.lockNow()
        XCTAssertThrowsError(try other.listAccounts(), "locked although the list model still holds the session")
        model.reload()
        XCTAssertNotNil(model.lastError)
        vault.lock()
        XCTAssertThrowsError(try vault.codes(at: 1))
    }

    func testPasswordOnlyVaultHasNoDeviceKey() throws {
        let provider = XorKeyProvider()
        let core = core(provider)
        let vault = try core.createVault(password: "correct horse battery", withDeviceKey: false)
        XCTAssertEqual(try vault.keySlots().map(\.kind), [.password])
        XCTAssertEqual(provider.calls, 0)
        XCTAssertThrowsError(try core.unlock(.deviceKey))
        _ = try core.unlock(.password("correct horse battery"))
    }

    func testSwitchingLockMethodsThroughTheRealVault() throws {
        let provider = XorKeyProvider()
        let core = core(provider)
        let vault = try core.createVault(password: "correct horse battery", withDeviceKey: false)
        let settings = SettingsModel(store: MemorySettingsStore())
        settings.setLockMethod(.password)
        let keys = RecordingKeys()
        let model = try LockMethodModel(vault: vault, keys: keys, settings: settings, passwords: core)

        model.finish(try XCTUnwrap(model.beginSwitch(to: .biometrics, biometricsAvailable: true, passcodeSet: true)).run())
        XCTAssertNil(model.problem)
        XCTAssertEqual(try vault.keySlots().map(\.kind), [.password, .deviceKey])
        _ = try core.unlock(.deviceKey)

        let before = try vault.keySlots()
        model.finish(try XCTUnwrap(model.beginSwitch(to: .deviceCredential, biometricsAvailable: true, passcodeSet: true)).run())
        let after = try vault.keySlots()
        XCTAssertEqual(after.map(\.kind), [.password, .deviceKey])
        XCTAssertNotEqual(after.last?.id, before.last?.id, "a new platform slot replaced the old one")
        _ = try core.unlock(.deviceKey)

        model.finish(try XCTUnwrap(model.beginSwitch(to: .password, biometricsAvailable: true, passcodeSet: true)).run())
        XCTAssertEqual(try vault.keySlots().map(\.kind), [.password])
        XCTAssertThrowsError(try core.unlock(.deviceKey), "no platform slot any more")
        XCTAssertEqual(keys.log, ["prepare biometryCurrentSet", "commit", "prepare userPresence", "commit", "delete"])

        // The password can be changed; the old one stops working.
        model.finish(try XCTUnwrap(model.beginSetPassword("new password here", confirmation: "new password here")).run())
        XCTAssertThrowsError(try core.unlock(.password("correct horse battery")))
        _ = try core.unlock(.password("new password here"))
        // The core refuses to remove the last slot.
        XCTAssertThrowsError(try vault.removeSlot(id: try vault.keySlots()[0].id))
    }

    func testBackupReminderIsTheCoresRule() {
        let core = core()
        XCTAssertEqual(core.backupReminder(accounts: 0, changesSinceBackup: 0, lastBackupAt: nil, unixSeconds: 10), .upToDate)
        XCTAssertEqual(
            core.backupReminder(accounts: 3, changesSinceBackup: 0, lastBackupAt: nil, unixSeconds: 10), .neverBackedUp(accounts: 3))
        XCTAssertEqual(
            core.backupReminder(accounts: 3, changesSinceBackup: 5, lastBackupAt: 5, unixSeconds: 10),
            .changesNotBackedUp(changes: 5, lastBackupAt: 5))
        XCTAssertEqual(core.backupReminder(accounts: 3, changesSinceBackup: 1, lastBackupAt: 5, unixSeconds: 10), .upToDate)
    }

    func testEraseRemovesTheVault() throws {
        let core = core()
        _ = try core.createVault(password: "correct horse battery", withDeviceKey: true)
        XCTAssertTrue(core.vaultExists())
        try core.eraseVault()
        XCTAssertFalse(core.vaultExists())
        _ = try core.createVault(password: "another password", withDeviceKey: false)
    }

    private static func issue(_ problem: FieldProblem) -> FieldIssue {
        let field: TwofoldKit.FormField
        switch problem.field {
        case .key: field = .key
        case .name: field = .name
        case .issuer: field = .issuer
        case .digits: field = .digits
        case .period: field = .period
        }
        var keyIssue: KeyIssue?
        if case let .invalidCharacter(character, position, hint)? = problem.keyProblem {
            keyIssue = .invalidCharacter(character: character, position: position, hint: hint)
        }
        return FieldIssue(field: field, reason: problem.reason, keyIssue: keyIssue)
    }

    func testScannableImagesAreTheCoresFormats() {
        XCTAssertTrue(isScannableImage(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])))
        XCTAssertTrue(isScannableImage(Data([0xFF, 0xD8, 0xFF, 0xE0])))
        XCTAssertTrue(isScannableImage(Data("RIFF\u{24}\0\0\0WEBPVP8 ".utf8)), "WebP is read as it is")
        XCTAssertFalse(isScannableImage(Data([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63])), "HEIC")
        XCTAssertFalse(isScannableImage(Data()))
    }
}
