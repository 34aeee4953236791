// Import and export through the adapter and the kit's models, against the
// real library.

import Foundation
import TwofoldCore
import TwofoldCoreAdapter
import TwofoldKit
import XCTest

final class TransferAdapterTests: XCTestCase {
    private var directory: URL!
    private let instant: TimeInterval = 1_700_000_000
    private let links = """
        otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co
        otpauth://totp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&digits=8
        otpauth://totp/Broken:carol?secret=0000
        """

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twofold-ios-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func vault(_ name: String) throws -> VaultSession {
        let clock = Date(timeIntervalSince1970: instant)
        let core = RustCore(
            vaultPath: directory.appendingPathComponent(name).path, keyProvider: XorKeyProvider(),
            kdfParams: KdfParams(memoryKib: 64, iterations: 1, parallelism: 1), time: TimeSource(now: { clock }))
        return try core.createVault(password: "vault password 42", withDeviceKey: true)
    }

    private func codes(_ vault: VaultSession) throws -> [String] {
        let codes = try vault.codes(at: UInt64(instant))
        return try vault.listAccounts().map { "\($0.label)|\(codes[$0.id]?.value ?? "-")" }.sorted()
    }

    func testBackupRoundTripReportsProblemsAndDuplicates() throws {
        let source = try vault("source.db")
        let pending = try source.readImport(Data(links.utf8), password: nil)
        XCTAssertEqual(pending.summary.format, .otpauthList)
        XCTAssertEqual(pending.summary.accounts, ["ACME Co (alice@example.com)", "Example (bob)"])
        XCTAssertEqual(pending.summary.problems.map(\.position), [3])
        XCTAssertThrowsError(try source.importAccounts(pending, acceptingProblems: false, at: UInt64(instant))) {
            XCTAssertEqual(($0 as? CoreFailure)?.kind, .importFailed)
        }
        XCTAssertEqual(try source.listAccounts(), [], "nothing imported without the acceptance")
        XCTAssertEqual(
            try source.importAccounts(pending, acceptingProblems: true, at: UInt64(instant)),
            ImportResult(added: 2, duplicates: []))

        let backup = try source.exportBackup(password: "file password 42", at: UInt64(instant))
        XCTAssertNil(backup.range(of: Data("JBSWY3DPEHPK3PXP".utf8)))
        XCTAssertThrowsError(try source.readImport(backup, password: nil)) {
            XCTAssertEqual(($0 as? CoreFailure)?.kind, .passwordRequired)
        }
        XCTAssertThrowsError(try source.readImport(backup, password: "not it")) {
            XCTAssertEqual(($0 as? CoreFailure)?.kind, .wrongPassword)
        }
        XCTAssertThrowsError(try source.readImport(Data("hello".utf8), password: nil)) {
            XCTAssertEqual(($0 as? CoreFailure)?.kind, .importFailed)
            XCTAssertTrue(($0 as? CoreFailure)?.message.hasPrefix("not a format Twofold can import") ?? false, "\($0)")
        }

        let target = try vault("target.db")
        let restored = try target.readImport(backup, password: "file password 42")
        XCTAssertEqual(restored.summary.format, .twofoldBackup)
        XCTAssertEqual(
            try target.importAccounts(restored, acceptingProblems: false, at: UInt64(instant)),
            ImportResult(added: 2, duplicates: []))
        XCTAssertEqual(try codes(target), try codes(source))
        let again = try target.importAccounts(
            try target.readImport(backup, password: "file password 42"), acceptingProblems: false, at: UInt64(instant))
        XCTAssertEqual(again.added, 0)
        XCTAssertEqual(again.duplicates.sorted(), ["ACME Co (alice@example.com)", "Example (bob)"])
    }

    func testModelsExportAndImportThroughTheRealLibrary() throws {
        let source = try vault("source.db")
        _ = try source.importAccounts(
            try source.readImport(Data(links.utf8), password: nil), acceptingProblems: true, at: UInt64(instant))
        let seconds = instant
        let time = TimeSource(now: { Date(timeIntervalSince1970: seconds) })

        let export = ExportModel(vault: source, passwords: RustCore(vaultPath: "unused", keyProvider: XorKeyProvider()), time: time)
        export.choose(.aegis)
        export.exportOnAnotherThread(password: "aegis password", confirmation: "aegis password")
        guard case let .ready(_, files, _) = export.step else { return XCTFail("\(export.step)") }
        let aegis = files[0].data
        export.finished()

        let target = try vault("target.db")
        let first = String(links.split(separator: "\n")[0])
        _ = try target.importAccounts(
            try target.readImport(Data(first.utf8), password: nil), acceptingProblems: false, at: UInt64(instant))
        let model = ImportModel(vault: target, time: time)
        model.runOnAnotherThread(model.fileChosen(aegis))
        guard case .password = model.step else { return XCTFail("\(model.step)") }
        model.runOnAnotherThread(model.submitPassword("wrong password"))
        guard case let .password(_, error) = model.step, error == ImportModel.wrongPasswordMessage else {
            return XCTFail("\(model.step)")
        }
        model.runOnAnotherThread(model.submitPassword("aegis password"))
        guard case let .review(review) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(review.format, .aegisEncrypted)
        XCTAssertEqual(review.accounts.count, 2)
        model.confirm()
        XCTAssertEqual(
            model.step,
            .done(added: 1, duplicates: ["ACME Co (alice@example.com)"]))
        XCTAssertEqual(try codes(target), try codes(source))
    }

    func testUnencryptedExportsReadBack() throws {
        let source = try vault("source.db")
        _ = try source.importAccounts(
            try source.readImport(Data(links.utf8), password: nil), acceptingProblems: true, at: UInt64(instant))
        let list = try source.exportOtpauthList()
        XCTAssertTrue(list.contains("JBSWY3DPEHPK3PXP"))
        let readBack = try source.readImport(Data(list.utf8), password: nil)
        XCTAssertEqual(readBack.summary.accounts.count, 2)
        XCTAssertEqual(readBack.summary.problems, [])

        let google = try source.exportGoogleQr(accountsPerCode: 1)
        XCTAssertEqual(google.pngs.count, 2)
        XCTAssertEqual(google.leftOut, [])
        let target = try vault("target.db")
        let model = ImportModel(vault: target)
        model.runOnAnotherThread(model.imageChosen(google.pngs[1]))
        guard case let .googleParts(progress) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(progress.missing, [1])
        model.runOnAnotherThread(model.imageChosen(google.pngs[0]))
        guard case let .review(review) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(review.accounts.count, 2)
        model.confirm()
        guard case .done(2, _) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(try codes(target), try codes(source))

        XCTAssertThrowsError(try target.readImportImage(Data(count: 16)))
    }

    func testTheImportScannerReadsFramesThroughTheRealScanner() throws {
        let target = try vault("target.db")
        let scanner = target.startImportScanner()
        let blank = LumaFrame(luma: Data(repeating: 255, count: 64 * 64), width: 64, height: 64, rowStride: 64)
        for _ in 0..<4 {
            guard case .nothing = try scanner.scan(blank) else { return XCTFail("a blank frame holds no code") }
        }
        XCTAssertThrowsError(try scanner.scan(LumaFrame(luma: Data(count: 10), width: 64, height: 64, rowStride: 64))) {
            XCTAssertNotNil($0 as? CoreFailure, "a short buffer is refused, not read past")
        }
    }
}

/// The models' jobs run on a real background thread, as the app runs them.
private final class Slot<T>: @unchecked Sendable {
    var value: T?
}

private func onAnotherThread<T>(_ body: @escaping @Sendable () -> T) -> T {
    let slot = Slot<T>()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        slot.value = body()
        done.signal()
    }
    done.wait()
    return slot.value!
}

extension ImportModel {
    func runOnAnotherThread(_ work: ImportWork?) {
        guard let work else { return }
        complete(onAnotherThread { work.run() })
    }
}

extension ExportModel {
    func exportOnAnotherThread(password: String, confirmation: String) {
        guard let work = export(password: password, confirmation: confirmation) else { return }
        complete(onAnotherThread { work.run() })
    }
}
