// Scanner and vault tests of the generated Swift bindings, with a key
// provider implemented in Swift.
import Foundation
import TwofoldCore
import XCTest

private let now: UInt64 = 1_700_000_000
/// Cheap Argon2id parameters: tests only, never for a real vault.
private let testKdf = KdfParams(memoryKib: 64, iterations: 1, parallelism: 1)
private let hotpUri = "otpauth://hotp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"
private let rfcSha1Uri = "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&period=30"
private let acme = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"

private func fixture(_ name: String) throws -> Data {
    let dir = ProcessInfo.processInfo.environment["TWOFOLD_FIXTURES"] ?? ""
    return try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name))
}

private func tempVaultPath() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twofold-swift-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("vault.db").path
}

/// A stand-in for the Keychain: XOR with a pad, tagged.
final class XorKeyProvider: KeyProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    var calls: [String] { lock.lock(); defer { lock.unlock() }; return log }

    func wrap(plaintext: Data) throws -> Data {
        lock.lock(); log.append("wrap"); lock.unlock()
        return Data([UInt8(ascii: "T")] + plaintext.map { $0 ^ 0x5a })
    }

    func unwrap(wrapped: Data) throws -> Data {
        lock.lock(); log.append("unwrap"); lock.unlock()
        guard wrapped.first == UInt8(ascii: "T") else {
            throw TwofoldError.KeyProviderFailed(reason: "not wrapped by this provider")
        }
        return Data(wrapped.dropFirst().map { $0 ^ 0x5a })
    }
}

final class CancellingKeyProvider: KeyProvider {
    func wrap(plaintext: Data) throws -> Data { throw TwofoldError.AuthenticationCancelled }
    func unwrap(wrapped: Data) throws -> Data { throw TwofoldError.AuthenticationCancelled }
}

/// A Secure Enclave whose key is gone (a new face or finger, the passcode off).
final class KeyGoneProvider: KeyProvider {
    func wrap(plaintext: Data) throws -> Data { throw TwofoldError.PlatformKeyMismatch }
    func unwrap(wrapped: Data) throws -> Data { throw TwofoldError.PlatformKeyMismatch }
}

/// Throws an error that is not a TwofoldError.
final class CrashingKeyProvider: KeyProvider {
    struct Exploded: Error {}
    func wrap(plaintext: Data) throws -> Data { throw Exploded() }
    func unwrap(wrapped: Data) throws -> Data { throw Exploded() }
}

final class ScanTests: XCTestCase {
    func testScreenshotGivesAPendingAccount() throws {
        guard case .account(let account) = try scanImage(encoded: fixture("otpauth.png")) else {
            return XCTFail("no account")
        }
        XCTAssertEqual(account.info().issuer, "ACME Co")
        XCTAssertEqual(account.info().name, "alice@example.com")
    }

    func testDarkModeAndOtherCodes() throws {
        guard case .account = try scanImage(encoded: fixture("otpauth-dark.png")) else {
            return XCTFail("dark-mode code not read")
        }
        guard case .notAnAuthenticatorCode(let text) = try scanImage(encoded: fixture("link.png")) else {
            return XCTFail("link not reported")
        }
        XCTAssertEqual(text, "https://example.com/welcome")
    }

    func testABareKeyIsHeldByAnObject() throws {
        guard case .bareKey(let key) = try scanImage(encoded: fixture("bare-key.png")) else {
            return XCTFail("bare key not recognised")
        }
        XCTAssertEqual(key.characters(), 32)
        XCTAssertEqual(key.revealText(), "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ")
        let account = try key.withEntry(entry: ManualEntry(name: "alice", issuer: "ACME"))
        XCTAssertEqual(account.info().keyBits, 160)
    }

    func testCameraFrameWithRowStride() throws {
        let frame = try fixture("otpauth-frame.gray")
        guard case .account = try scanFrame(luma: frame, width: 320, height: 240, rowStride: 352) else {
            return XCTFail("frame not read")
        }
        let scanner = Scanner()
        var found = false
        for _ in 0..<3 {
            if case .account = try scanner.scanFrame(luma: frame, width: 320, height: 240, rowStride: 352) {
                found = true
            }
        }
        XCTAssertTrue(found)
    }

    func testBadInputIsAScanError() {
        XCTAssertThrowsError(try scanFrame(luma: Data(count: 1000), width: 320, height: 240, rowStride: 352)) {
            guard case TwofoldError.ScanFailed = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertThrowsError(try scanImage(encoded: Data("not an image".utf8))) {
            guard case TwofoldError.ScanFailed = $0 else { return XCTFail("unexpected \($0)") }
        }
    }
}

final class VaultTests: XCTestCase {
    func testKeyProviderVaultAddListCodesHotp() throws {
        let path = try tempVaultPath()
        let provider = XorKeyProvider()
        var ids: [String] = []
        do {
            let vault = try Vault.createWithKeyProvider(path: path, provider: provider, label: "test keystore", now: now)
            XCTAssertEqual(provider.calls, ["wrap"])
            let totp = try vault.add(account: parseUri(uri: rfcSha1Uri), now: now)
            let hotp = try vault.add(account: parseUri(uri: hotpUri), now: now)
            ids = [totp.id, hotp.id]
            let listing = try vault.list()
            XCTAssertEqual(listing.accounts.map(\.id), ids)
            XCTAssertTrue(listing.unreadable.isEmpty)
            XCTAssertFalse(String(describing: listing).contains("GEZDGNBV"))

            let codes = try vault.codes(at: 59).codes
            XCTAssertEqual(codes.first { $0.account.id == totp.id }?.code?.value, "94287082")
            XCTAssertNil(codes.first { $0.account.id == hotp.id }?.code)
            // RFC 4226 appendix D: counters 0, 1, 2; each code is shown once.
            let hotpCodes = try (0..<3).map { _ in try vault.nextHotp(id: hotp.id, now: now).value }
            XCTAssertEqual(hotpCodes, ["755224", "287082", "359152"])
            XCTAssertEqual(try vault.get(id: hotp.id).params.kind, .hotp(counter: 3))
            vault.lock()
            XCTAssertThrowsError(try vault.list()) {
                guard case TwofoldError.Locked = $0 else { return XCTFail("unexpected \($0)") }
            }
        }
        let reopened = try Vault.open(path: path)
        try reopened.unlockWithKeyProvider(provider: provider)
        XCTAssertEqual(provider.calls, ["wrap", "unwrap"])
        XCTAssertEqual(try reopened.list().accounts.map(\.id), ids)
        let exported = try reopened.exportAccount(id: ids[0]).exportUri()
        XCTAssertTrue(exported.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
    }

    func testRecoveryCodesWorkOnce() throws {
        let vault = try Vault.createWithPassword(path: tempVaultPath(), password: "correct horse", kdfParams: testKdf, now: now)
        let account = try vault.add(account: parseUri(uri: acme), now: now)
        let saved = try vault.saveRecoveryCode(accountId: account.id, code: "ABCD-EFGH-1234", now: now)
        XCTAssertNil(saved.usedAt)
        XCTAssertEqual(try vault.recoveryCodes(accountId: account.id).codes.map(\.id), [saved.id])
        XCTAssertEqual(try vault.revealRecoveryCode(codeId: saved.id), "ABCD-EFGH-1234")
        XCTAssertEqual(try vault.useRecoveryCode(accountId: account.id, code: "ABCD-EFGH-1234", now: now + 10).usedAt, now + 10)
        XCTAssertThrowsError(try vault.useRecoveryCode(accountId: account.id, code: "ABCD-EFGH-1234", now: now + 20)) {
            guard case TwofoldError.RecoveryCodeAlreadyUsed(let id) = $0 else { return XCTFail("unexpected \($0)") }
            XCTAssertEqual(id, saved.id)
        }
        XCTAssertNil(try vault.replaceRecoveryCode(codeId: saved.id, newCode: "WXYZ-0000", now: now + 30).usedAt)
    }

    func testWrongPasswordIsItsOwnError() throws {
        let path = try tempVaultPath()
        _ = try Vault.createWithPassword(path: path, password: "correct horse", kdfParams: testKdf, now: now)
        let vault = try Vault.open(path: path)
        XCTAssertThrowsError(try vault.unlockWithPassword(password: "battery staple")) {
            guard case TwofoldError.WrongPassword(of: .vault) = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertFalse(vault.isUnlocked())
        try vault.unlockWithPassword(password: "correct horse")
        XCTAssertTrue(vault.isUnlocked())
    }

    func testThrowingCallbacksComeBackAsErrors() throws {
        let path = try tempVaultPath()
        XCTAssertThrowsError(try Vault.createWithKeyProvider(path: path, provider: CrashingKeyProvider(), label: "x", now: now)) {
            guard case TwofoldError.KeyProviderFailed(let reason) = $0 else { return XCTFail("unexpected \($0)") }
            XCTAssertTrue(reason.contains("Exploded"), reason)
        }
        let vault = try Vault.createWithKeyProvider(path: path, provider: XorKeyProvider(), label: "x", now: now)
        vault.lock()
        XCTAssertThrowsError(try vault.unlockWithKeyProvider(provider: CancellingKeyProvider())) {
            guard case TwofoldError.AuthenticationCancelled = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertThrowsError(try vault.unlockWithKeyProvider(provider: CrashingKeyProvider())) {
            guard case TwofoldError.KeyProviderFailed = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertThrowsError(try vault.unlockWithKeyProvider(provider: KeyGoneProvider())) {
            guard case TwofoldError.PlatformKeyMismatch = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertFalse(vault.isUnlocked())
    }

    func testErrorsCarryWhatTheAppNeedsToChooseAScreen() throws {
        let path = try tempVaultPath()
        XCTAssertThrowsError(try Vault.open(path: path)) {
            guard case TwofoldError.VaultUnusable(.noSuchFile, _) = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertThrowsError(try Vault.createWithPassword(path: path, password: "password1", kdfParams: testKdf, now: now)) {
            guard case let TwofoldError.PasswordTooWeak(_, weakness, _) = $0 else { return XCTFail("unexpected \($0)") }
            XCTAssertEqual(weakness, passwordStrength(password: "password1").weakness)
            XCTAssertNotNil(weakness)
        }
        let vault = try Vault.createWithPassword(path: path, password: "correct horse", kdfParams: testKdf, now: now)
        XCTAssertThrowsError(try vault.get(id: "no-such-account")) {
            guard case TwofoldError.NotFound(.account(let id), _) = $0 else { return XCTFail("unexpected \($0)") }
            XCTAssertEqual(id, "no-such-account")
        }
        let slot = try XCTUnwrap(vault.slots().first)
        XCTAssertThrowsError(try vault.removeSlot(slotId: slot.id)) {
            guard case TwofoldError.InvalidRequest(.lastSlot, _) = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertThrowsError(try vault.unlockWithKeyProvider(provider: XorKeyProvider())) {
            guard case TwofoldError.NotFound(.slotKind(.platform), _) = $0 else { return XCTFail("unexpected \($0)") }
        }
    }

    func testTwoThreadsReadCodesFromOneVault() throws {
        let vault = try Vault.createWithPassword(path: tempVaultPath(), password: "vault pass phrase", kdfParams: testKdf, now: now)
        _ = try vault.add(account: parseUri(uri: rfcSha1Uri), now: now)
        let wrong = Counter()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                for _ in 0..<200 where (try? vault.codes(at: 59).codes.first?.code?.value) != "94287082" {
                    wrong.increment()
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(wrong.value, 0)
    }
}

final class EnrollmentTests: XCTestCase {
    func testImageEnrollmentSavesTheAccount() throws {
        let vault = try Vault.createWithPassword(path: tempVaultPath(), password: "vault pass phrase", kdfParams: testKdf, now: now)
        let flow = Enrollment(vault: vault)
        XCTAssertEqual(flow.step(), .chooseMethod)
        _ = try flow.choose(method: .image)
        guard case .scanning(_, .notAnAuthenticatorCode?) = try flow.submitImage(encoded: fixture("link.png")) else {
            return XCTFail("no hint for a link")
        }
        guard case .confirm(let issuer, let name, _, _) = try flow.submitImage(encoded: fixture("otpauth.png")) else {
            return XCTFail("not on confirm")
        }
        XCTAssertEqual(issuer, "ACME Co")
        XCTAssertEqual(name, "alice@example.com")
        _ = try flow.editLabels(issuer: "ACME", name: "alice")
        guard case .showCode(let accountId, let code) = try flow.confirm(choice: nil, now: now) else {
            return XCTFail("no code shown")
        }
        XCTAssertEqual(code.value.count, 6)
        _ = try flow.codeEntered()
        XCTAssertThrowsError(try flow.saveRecoveryCode(code: "RC-1", now: now)) {
            guard case TwofoldError.FlowRefused(.acknowledgementRequired, _) = $0 else {
                return XCTFail("unexpected \($0)")
            }
        }
        XCTAssertEqual(try flow.skipRecoveryCode(), .done(accountId: accountId))
        let saved = try vault.get(id: accountId)
        XCTAssertEqual(saved.issuer, "ACME")
        XCTAssertEqual(saved.name, "alice")
    }
}
