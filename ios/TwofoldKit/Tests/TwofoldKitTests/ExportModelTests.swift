import Foundation
import TwofoldKit
import XCTest

final class ExportModelTests: XCTestCase {
    private var vault: FakeVault!

    override func setUp() {
        vault = FakeVault()
        vault.add(issuer: "ACME", name: "alice", secret: "S-ALICE")
        vault.add(issuer: "Bank", name: "bob", secret: "S-BOB")
    }

    private func model() -> ExportModel {
        ExportModel(vault: vault, passwords: FakePasswords(), time: TestClock(1_700_000_000).source)
    }

    private func ready(_ model: ExportModel) -> (files: [ExportFile], leftOut: [ImportIssue])? {
        guard case let .ready(_, files, leftOut) = model.step else {
            XCTFail("not ready: \(model.step)")
            return nil
        }
        return (files, leftOut)
    }

    func testOffersEveryFormatWithWhetherItIsEncrypted() {
        XCTAssertEqual(ExportFormat.allCases.map(\.isEncrypted), [true, true, false, false])
        let model = model()
        XCTAssertEqual(model.step, .chooseFormat)
    }

    func testEncryptedBackupNeedsALongEnoughPasswordTypedTwice() throws {
        let model = model()
        model.choose(.twofoldBackup)
        XCTAssertEqual(model.step, .password(.twofoldBackup))
        XCTAssertFalse(model.canExport())
        model.exportNow()
        XCTAssertEqual(model.passwordProblem, .empty)
        model.exportNow(password: "short", confirmation: "short")
        XCTAssertEqual(model.passwordProblem, .tooWeak(.tooShort))
        model.exportNow(password: "correct horse", confirmation: "correct hors")
        XCTAssertEqual(model.passwordProblem, .mismatch)
        XCTAssertFalse(model.canExport(password: "correct horse", confirmation: "correct hors"))
        XCTAssertEqual(vault.exportCalls, [], "nothing is produced while the password is refused")

        XCTAssertTrue(model.canExport(password: "correct horse", confirmation: "correct horse"))
        model.exportNow(password: "correct horse", confirmation: "correct horse")
        XCTAssertNil(model.passwordProblem)
        XCTAssertEqual(vault.exportCalls, ["backup/correct horse/1700000000"])
        let (files, leftOut) = try XCTUnwrap(ready(model))
        XCTAssertEqual(files.map(\.name), ["twofold-backup.json"])
        XCTAssertEqual(files[0].typeIdentifier, "public.json")
        XCTAssertEqual(String(decoding: files[0].data, as: UTF8.self), "backup/correct horse/1700000000:S-ALICE,S-BOB")
        XCTAssertFalse(files[0].description.contains("S-ALICE"))
        XCTAssertEqual(leftOut, [])

        model.finished()
        XCTAssertEqual(model.step, .chooseFormat)
    }

    func testAegisExportUsesThePassword() throws {
        let model = model()
        model.choose(.aegis)
        model.exportNow(password: "correct horse", confirmation: "correct horse")
        XCTAssertEqual(try XCTUnwrap(ready(model)).files.map(\.name), ["aegis-export.json"])
        XCTAssertEqual(vault.exportCalls, ["aegis/correct horse"])
    }

    func testUnencryptedFormatsNeedTheAcknowledgementBeforeAnyByte() throws {
        let model = model()
        model.choose(.otpauthList)
        XCTAssertEqual(model.step, .unencrypted(.otpauthList))
        XCTAssertFalse(model.canExport())
        model.exportNow()
        XCTAssertEqual(vault.exportCalls, [])

        model.setAcknowledged(true)
        XCTAssertTrue(model.canExport())
        model.setAcknowledged(false)
        model.exportNow()
        XCTAssertEqual(vault.exportCalls, [])
        model.setAcknowledged(true)
        model.exportNow()
        let file = try XCTUnwrap(ready(model)).files[0]
        XCTAssertEqual(file.name, "twofold-otpauth.txt")
        XCTAssertEqual(file.typeIdentifier, "public.plain-text")
        XCTAssertEqual(String(decoding: file.data, as: UTF8.self), "otpauth:S-ALICE,S-BOB")

        model.back()
        model.choose(.otpauthList)
        XCTAssertFalse(model.acknowledgedUnencrypted, "the acknowledgement is asked again")
    }

    func testGoogleQrCodesAreNumberedFilesAndLeftOutAccountsAreNamed() throws {
        for index in 0..<5 { vault.add(issuer: "Site", name: "user\(index)", secret: "S-\(index)") }
        vault.googleLeftOut = [ImportIssue(position: 3, label: "Steam (gamer)", reason: "Google Authenticator cannot hold Steam accounts")]
        let model = model()
        model.choose(.googleQr)
        model.setAcknowledged(true)
        model.exportNow()
        XCTAssertEqual(vault.exportCalls, ["google/nil"], "the core chooses how many accounts go in each code")
        let (files, leftOut) = try XCTUnwrap(ready(model))
        XCTAssertEqual(files.map(\.name), ["google-authenticator-1.png", "google-authenticator-2.png"])
        XCTAssertEqual(leftOut.map(\.label), ["Steam (gamer)"], "the accounts Google cannot hold are named")
    }

    func testExportFailureShowsTheCoreReason() {
        vault.exportFailure = "cannot export: the vault has no accounts"
        let model = model()
        model.choose(.otpauthList)
        model.setAcknowledged(true)
        model.exportNow()
        XCTAssertEqual(model.step, .failed(.otpauthList, reason: "cannot export: the vault has no accounts"))
        model.back()
        XCTAssertEqual(model.step, .chooseFormat)
    }
}
