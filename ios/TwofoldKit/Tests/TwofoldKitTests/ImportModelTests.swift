import Foundation
import TwofoldKit
import XCTest

final class ImportModelTests: XCTestCase {
    private var vault: FakeVault!
    private let twoAccounts = ImportSummary(format: .aegis, accounts: ["ACME (alice)", "Bank (bob)"], problems: [])

    override func setUp() {
        vault = FakeVault()
    }

    private func file(_ name: String, _ summary: ImportSummary, _ secrets: [String], password: String? = nil) -> Data {
        vault.files[name] = FakeVault.FakeFile(summary: summary, secrets: secrets, password: password)
        return Data(name.utf8)
    }

    private func model() -> ImportModel {
        ImportModel(vault: vault, time: TestClock(1_700_000_000).source)
    }

    private func reviewed(_ model: ImportModel, file: StaticString = #filePath, line: UInt = #line) throws -> ImportReview {
        guard case let .review(review) = model.step else {
            XCTFail("not on review: \(model.step)", file: file, line: line)
            throw CoreFailure(.other, message: "not on review")
        }
        return review
    }

    func testPlainFileIsReviewedThenImportedWithDuplicatesSkipped() throws {
        vault.add(issuer: "Bank", name: "bob", secret: "S-BOB")
        let model = model()
        XCTAssertEqual(model.step, .pickFile)
        model.chooseFileNow(file("aegis", twoAccounts, ["S-ALICE", "S-BOB"]))
        let review = try reviewed(model)
        XCTAssertEqual(review.format, .aegis)
        XCTAssertEqual(review.accounts, ["ACME (alice)", "Bank (bob)"])
        XCTAssertEqual(review.problems, [])
        XCTAssertFalse(review.needsAcceptance)
        XCTAssertFalse(review.offersAcceptance)
        XCTAssertTrue(model.canImport)

        model.confirm()
        XCTAssertEqual(model.step, .done(added: 1, duplicates: ["Bank (bob)"]))
        XCTAssertEqual(vault.stored.count, 2)
    }

    func testEncryptedFileAsksForItsPasswordAndAWrongOneCanBeRetried() throws {
        let model = model()
        var backup = twoAccounts
        backup.format = .twofoldBackup
        model.chooseFileNow(file("backup", backup, ["A", "B"], password: "file password"))
        let prompt = "This Twofold backup is encrypted. Enter the password it was exported with."
        XCTAssertEqual(model.step, .password(prompt: prompt, error: nil))
        model.submitPasswordNow("")
        XCTAssertEqual(model.step, .password(prompt: prompt, error: "Enter the file’s password."))
        model.submitPasswordNow("not it")
        XCTAssertEqual(model.step, .password(prompt: prompt, error: ImportModel.wrongPasswordMessage))
        model.submitPasswordNow("file password")
        XCTAssertEqual(try reviewed(model).format, .twofoldBackup)
    }

    func testProblemsAreListedAndTheRestIsImportedOnlyWhenAccepted() throws {
        let summary = ImportSummary(
            format: .otpauthList, accounts: ["ACME (alice)"],
            problems: [
                ImportIssue(position: 2, label: nil, reason: "not an otpauth:// URI"),
                ImportIssue(position: 4, label: "Bank (bob)", reason: "the secret is not valid Base32"),
            ])
        let model = model()
        model.chooseFileNow(file("list", summary, ["S-ALICE"]))
        let review = try reviewed(model)
        XCTAssertEqual(review.accounts, ["ACME (alice)"])
        XCTAssertEqual(
            review.problems.map(\.text),
            ["Entry 2: not an otpauth:// URI", "Entry 4 (Bank (bob)): the secret is not valid Base32"])
        XCTAssertTrue(review.needsAcceptance)
        XCTAssertTrue(review.offersAcceptance)
        XCTAssertFalse(model.canImport)
        model.confirm()
        XCTAssertTrue(vault.stored.isEmpty, "nothing is imported without the acceptance")

        model.setAcceptsRest(true)
        XCTAssertTrue(model.canImport)
        model.setAcceptsRest(false)
        XCTAssertFalse(model.canImport)
        model.setAcceptsRest(true)
        model.confirm()
        XCTAssertEqual(model.step, .done(added: 1, duplicates: []))
    }

    func testNothingReadableCannotBeImported() throws {
        let model = model()
        model.chooseFileNow(file(
            "bad", ImportSummary(format: .twoFas, accounts: [], problems: [ImportIssue(position: 1, label: nil, reason: "no secret")]),
            []))
        let review = try reviewed(model)
        XCTAssertEqual(review.accounts, [])
        XCTAssertFalse(review.offersAcceptance, "nothing readable: no toggle")
        model.setAcceptsRest(true)
        XCTAssertFalse(model.canImport)
    }

    func testUnreadableFileFailsWithTheCoreReasonAndAnotherCanBeChosen() throws {
        let model = model()
        model.chooseFileNow(Data("hello".utf8))
        guard case let .failed(reason) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertTrue(reason.hasPrefix("Not a format Twofold can import"), reason)
        XCTAssertTrue(reason.hasSuffix("Nothing was imported."), reason)
        model.chooseAnotherFile()
        XCTAssertEqual(model.step, .pickFile)
        model.chooseFileNow(file("aegis", twoAccounts, ["A", "B"]))
        _ = try reviewed(model)
    }

    func testFailingImportReportsTheCoreReason() {
        vault.importFailure = "cannot import entry 2: the vault refused it"
        let model = model()
        model.chooseFileNow(file("aegis", twoAccounts, ["A", "B"]))
        model.confirm()
        XCTAssertEqual(model.step, .failed(reason: "Cannot import entry 2: the vault refused it. Nothing was imported."))
        XCTAssertTrue(vault.stored.isEmpty)
    }

    func testGoogleExportQrCodesAreCollectedUntilComplete() throws {
        func part(_ index: Int, batchId: Int32 = 7) -> Data {
            file(
                "google-\(batchId)-\(index)",
                ImportSummary(
                    format: .googleAuthenticator, accounts: ["Site \(index) (user)"], problems: [],
                    googleBatch: GoogleBatch(batchId: batchId, index: index, size: 3)),
                ["S-\(index)"])
        }
        let model = model()
        model.chooseImageNow(part(1))
        let first = GoogleImportProgress(scanned: 1, total: 3, missing: [1, 3])
        XCTAssertEqual(model.step, .googleParts(first))

        model.chooseImageNow(part(0, batchId: 9))
        XCTAssertEqual(model.errorMessage, "this QR code belongs to another Google Authenticator export")
        XCTAssertEqual(model.step, .googleParts(first))

        model.chooseFileNow(part(0))
        XCTAssertNil(model.errorMessage)
        guard case let .googleParts(second) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(second.missing, [3])
        model.chooseImageNow(part(1))
        guard case .googleParts = model.step else { return XCTFail("repeats are ignored: \(model.step)") }
        model.chooseImageNow(part(2))
        XCTAssertEqual(try reviewed(model).accounts, ["Site 0 (user)", "Site 1 (user)", "Site 2 (user)"])
        model.confirm()
        guard case .done(3, _) = model.step else { return XCTFail("\(model.step)") }
    }

    func testIncompleteGoogleExportIsImportedOnlyOnRequest() throws {
        let model = model()
        model.chooseImageNow(file(
            "google-part",
            ImportSummary(
                format: .googleAuthenticator, accounts: ["Site (user)"], problems: [],
                googleBatch: GoogleBatch(batchId: 1, index: 0, size: 2)),
            ["S"]))
        guard case .googleParts = model.step else { return XCTFail("\(model.step)") }
        model.importScannedParts()
        XCTAssertEqual(try reviewed(model).accounts, ["Site (user)"])
    }

    func testAFileLargerThanAnyExportIsRefusedUnread() {
        let model = model()
        vault.onReadImport = { XCTFail("the core must not see it") }
        XCTAssertNil(model.fileChosen(Data(count: ImportModel.maximumFileBytes + 1)))
        XCTAssertEqual(model.step, .tooLarge(maximumBytes: ImportModel.maximumFileBytes))
        model.chooseAnotherFile()
        XCTAssertEqual(model.step, .pickFile)
    }

    func testImageWithoutAnExportFails() {
        let model = model()
        model.chooseImageNow(Data("cat photo".utf8))
        XCTAssertEqual(
            model.step, .failed(reason: "No Google Authenticator export QR code in this image. Nothing was imported."))
    }
}
