// Moving phones through the generated Swift bindings: an encrypted backup and
// Google export QR codes read back into a fresh vault.
import Foundation
import TwofoldCore
import XCTest

private let instant: UInt64 = 1_700_000_000
private let cheapKdf = KdfParams(memoryKib: 64, iterations: 1, parallelism: 1)
private let alice = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"
private let bob = "otpauth://totp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&digits=8"

private func freshVault() throws -> Vault {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twofold-transfer-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("vault.db").path
    return try Vault.createWithPassword(path: path, password: "vault pass phrase", kdfParams: cheapKdf, now: instant)
}

private func codes(_ vault: Vault) throws -> [String] {
    try vault.codes(at: instant).codes
        .map { "\($0.account.issuer ?? "")|\($0.account.name)|\($0.code?.value ?? "-")" }
        .sorted()
}

final class TransferTests: XCTestCase {
    func testBackupRestoresAccountsAndRecoveryCodesOnce() throws {
        let source = try freshVault()
        let saved = try source.add(account: parseUri(uri: alice), now: instant)
        _ = try source.add(account: parseUri(uri: bob), now: instant)
        _ = try source.saveRecoveryCode(accountId: saved.id, code: "ABCD-EFGH-1234", now: instant)
        let backup = try source.exportBackup(password: "two file pass words", kdfParams: cheapKdf, now: instant)
        XCTAssertNil(backup.range(of: Data("JBSWY3DPEHPK3PXP".utf8)))
        XCTAssertEqual(detectImportFormat(bytes: backup), .twofoldBackup)
        XCTAssertThrowsError(try readImport(bytes: backup, password: "not it")) {
            guard case TwofoldError.WrongPassword(of: .file(format: .twofoldBackup)) = $0 else {
                return XCTFail("unexpected \($0)")
            }
        }
        XCTAssertThrowsError(try readImport(bytes: backup, password: nil)) {
            guard case TwofoldError.PasswordRequired(.twofoldBackup, _) = $0 else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertThrowsError(try readImport(bytes: Data("{}".utf8), password: nil)) {
            guard case let TwofoldError.ImportFailed(.unrecognisedFile(seems), _) = $0 else {
                return XCTFail("unexpected \($0)")
            }
            XCTAssertTrue(seems.contains("JSON"), seems)
        }
        let target = try freshVault()
        let report = try target.importAccounts(pending: readImport(bytes: backup, password: "two file pass words"), acceptProblems: false, now: instant)
        XCTAssertEqual(report.added.count, 2)
        XCTAssertEqual(try codes(target), try codes(source))
        let restored = try XCTUnwrap(report.added.first { $0.issuer == "ACME Co" })
        let code = try XCTUnwrap(target.recoveryCodes(accountId: restored.id).codes.first)
        XCTAssertEqual(try target.revealRecoveryCode(codeId: code.id), "ABCD-EFGH-1234")
        let again = try target.importAccounts(pending: readImport(bytes: backup, password: "two file pass words"), acceptProblems: false, now: instant)
        XCTAssertEqual(again.added.count, 0)
        XCTAssertEqual(again.duplicates.count, 2)
    }

    func testGoogleQrCodesComeBackThroughTheScannerAndCollector() throws {
        let source = try freshVault()
        _ = try source.add(account: parseUri(uri: alice), now: instant)
        _ = try source.add(account: parseUri(uri: bob), now: instant)
        let export = try source.exportGoogleQr(accountsPerCode: 1)
        XCTAssertEqual(export.pngs.count, 2)
        XCTAssertTrue(export.leftOut.isEmpty)
        let collector = GoogleExportCollector()
        for (index, png) in export.pngs.enumerated() {
            guard case .migration(let part) = try scanImage(encoded: png) else {
                return XCTFail("QR code \(index + 1) not read as a Google export")
            }
            XCTAssertEqual(try collector.add(part: part).missing.count, export.pngs.count - index - 1)
        }
        let target = try freshVault()
        _ = try target.importAccounts(pending: collector.finish(), acceptProblems: false, now: instant)
        XCTAssertEqual(try codes(target), try codes(source))
    }
}
