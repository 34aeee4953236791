import Foundation
import TwofoldKit
import XCTest

/// Google Authenticator export QR codes read by the app's own camera, over
/// several frames, through the collector.
final class ImportScanTests: XCTestCase {
    private func part(_ index: Int, of size: Int, batchId: Int32 = 7) -> PendingImport {
        FakePending(
            ImportSummary(
                format: .googleAuthenticator, accounts: ["Site \(index) (user)"], problems: [],
                googleBatch: GoogleBatch(batchId: batchId, index: index, size: size)),
            ["S-\(index)"])
    }

    private func frame(_ marker: UInt8) -> LumaFrame {
        LumaFrame(luma: Data([marker, 0, 0, 0]), width: 2, height: 2, rowStride: 2)
    }

    func testFramesCollectAllCodesShowingWhichAreMissing() throws {
        let vault = FakeVault()
        vault.importScans = [1: .exportPart(part(0, of: 5)), 2: .exportPart(part(2, of: 5)), 3: .exportPart(part(4, of: 5)),
                             4: .exportPart(part(1, of: 5)), 5: .exportPart(part(3, of: 5)), 6: .singleAccount,
                             7: .exportPart(part(0, of: 2, batchId: 99))]
        let model = ImportModel(vault: vault, time: TestClock(1_000).source)
        model.startScanning()
        XCTAssertEqual(model.step, .scanningCodes(ImportScanScreen(progress: nil, hint: nil)))
        XCTAssertTrue(model.frameGate.acceptsFrames)
        let scanner = try XCTUnwrap(model.frameScanner)

        func show(_ marker: UInt8) { model.applyScan(Result { try scanner.scan(frame(marker)) }.mapError { $0 as! CoreFailure }) }
        show(0)
        show(1)
        show(1)
        show(2)
        show(3)
        XCTAssertEqual(model.step, .scanningCodes(ImportScanScreen(
            progress: GoogleImportProgress(scanned: 3, total: 5, missing: [2, 4]), hint: nil)), "3 of 5 codes read")
        show(6)
        guard case let .scanningCodes(screen) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(screen.hint, .singleAccountCode)
        XCTAssertEqual(screen.progress?.scanned, 3, "progress kept")
        show(7)
        guard case let .scanningCodes(other) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(other.hint, .otherExport)

        show(4)
        show(5)
        guard case let .review(review) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(review.accounts.count, 5)
        XCTAssertFalse(model.frameGate.acceptsFrames, "no frame reaches the core after the last code")
        model.applyScan(.success(.exportPart(part(0, of: 5))))
        guard case .review = model.step else { return XCTFail("late frames are dropped") }
        model.confirm()
        guard case .done(5, _) = model.step else { return XCTFail("\(model.step)") }
    }

    func testLeavingTheCameraKeepsTheCodesReadAndFilesCanFinish() throws {
        let vault = FakeVault()
        vault.importScans = [1: .exportPart(part(0, of: 2))]
        let model = ImportModel(vault: vault, time: TestClock(1_000).source)
        model.startScanning()
        model.applyScan(Result { try model.frameScanner!.scan(frame(1)) }.mapError { $0 as! CoreFailure })
        model.stopScanning()
        XCTAssertEqual(model.step, .googleParts(GoogleImportProgress(scanned: 1, total: 2, missing: [2])))
        XCTAssertFalse(model.frameGate.acceptsFrames)
        model.startScanning()
        guard case let .scanningCodes(screen) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(screen.progress?.missing, [2], "back to the camera with the same export")
    }

    func testASingleCodeExportGoesStraightToReview() {
        let vault = FakeVault()
        let model = ImportModel(vault: vault, time: TestClock(1_000).source)
        model.startScanning()
        model.applyScan(.success(.exportPart(part(0, of: 1))))
        guard case .review = model.step else { return XCTFail("\(model.step)") }
    }

    func testAOneCodeExportDoesNotEndACollectionInProgress() {
        let model = ImportModel(vault: FakeVault(), time: TestClock(1_000).source)
        model.startScanning()
        model.applyScan(.success(.exportPart(part(0, of: 3))))
        model.applyScan(.success(.exportPart(part(0, of: 1, batchId: 42))))
        XCTAssertEqual(model.step, .scanningCodes(ImportScanScreen(
            progress: GoogleImportProgress(scanned: 1, total: 3, missing: [2, 3]), hint: .otherExport)))
    }

    func testTheEnrollmentScannerPointsAtTheImportScanner() {
        XCTAssertEqual(ScanHintText.text(for: .useImportForExports),
                       "This is an export from Google Authenticator. Tap Import from Google Authenticator to scan all of its codes.")
    }
}

/// Key derivation and scans run on a background thread while the model
/// shows a busy state; results that come back too late are dropped.
final class BackgroundWorkTests: XCTestCase {
    func testAPasswordProtectedFileIsReadOffTheCallingThreadWhileBusy() throws {
        let vault = FakeVault()
        vault.files["backup"] = FakeVault.FakeFile(
            summary: ImportSummary(format: .twofoldBackup, accounts: ["A (a)"], problems: []), secrets: ["S"],
            password: "file password")
        let model = ImportModel(vault: vault, time: TestClock(1_000).source)
        model.chooseFileNow(Data("backup".utf8))
        guard case .password = model.step else { return XCTFail("\(model.step)") }

        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let mainThread = Thread.current
        let ranOn = Box<Thread>()
        vault.onReadImport = {
            ranOn.value = Thread.current
            started.signal()
            release.wait()
        }
        let work = try XCTUnwrap(model.submitPassword("file password"))
        XCTAssertTrue(model.isBusy)
        let finished = expectation(description: "read")
        let completion = Box<ImportCompletion>()
        Thread.detachNewThread {
            completion.value = work.run()
            finished.fulfill()
        }
        started.wait()
        // The derivation is running elsewhere: the model refuses more input.
        XCTAssertTrue(model.isBusy)
        XCTAssertNil(model.submitPassword("again"))
        XCTAssertNil(model.fileChosen(Data("backup".utf8)))
        release.signal()
        wait(for: [finished], timeout: 5)
        XCTAssertNotNil(ranOn.value)
        XCTAssertFalse(ranOn.value === mainThread)
        model.complete(try XCTUnwrap(completion.value))
        XCTAssertFalse(model.isBusy)
        guard case .review = model.step else { return XCTFail("\(model.step)") }
    }

    func testAResultAfterTheUserLeftIsDropped() throws {
        let vault = FakeVault()
        vault.files["backup"] = FakeVault.FakeFile(
            summary: ImportSummary(format: .twofoldBackup, accounts: ["A (a)"], problems: []), secrets: ["S"], password: "pw")
        let model = ImportModel(vault: vault, time: TestClock(1_000).source)
        let work = try XCTUnwrap(model.fileChosen(Data("backup".utf8)))
        model.cancel()
        model.complete(work.run())
        XCTAssertEqual(model.step, .pickFile)
        XCTAssertFalse(model.isBusy)
    }

    func testEncryptedExportRunsAsAJobAndBlocksAnotherExport() throws {
        let vault = FakeVault()
        vault.add(issuer: "A", name: "a", secret: "S")
        let model = ExportModel(vault: vault, passwords: FakePasswords(), time: TestClock(1_000).source)
        model.choose(.aegis)
        let work = try XCTUnwrap(model.export(password: "correct horse", confirmation: "correct horse"))
        XCTAssertTrue(model.isBusy)
        XCTAssertNil(model.export(password: "correct horse", confirmation: "correct horse"))
        XCTAssertTrue(vault.exportCalls.isEmpty, "nothing ran on the calling thread")
        let done = expectation(description: "export")
        let completion = Box<ExportCompletion>()
        Thread.detachNewThread {
            completion.value = work.run()
            done.fulfill()
        }
        wait(for: [done], timeout: 5)
        model.complete(try XCTUnwrap(completion.value))
        guard case let .ready(.aegis, files, _) = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(files.count, 1)
    }

    func testPasswordSlotDerivationRunsInTheJob() throws {
        let vault = FakeVault()
        vault.slots = [KeySlot(id: "d", kind: .deviceKey)]
        let settings = SettingsModel(store: MemorySettingsStore())
        settings.recordBackup(at: 1)
        let model = try LockMethodModel(vault: vault, keys: FakeDeviceKeys(current: .biometryCurrentSet), settings: settings, passwords: FakePasswords())
        let derivedOn = Box<Thread>()
        vault.onKeyDerivation = { derivedOn.value = Thread.current }
        let job = try XCTUnwrap(model.beginSetPassword("long enough", confirmation: "long enough"))
        XCTAssertNil(derivedOn.value, "not derived on the calling thread")
        let done = expectation(description: "slot")
        let result = Box<Result<LockMethodChange, CoreFailure>>()
        Thread.detachNewThread {
            result.value = job.run()
            done.fulfill()
        }
        wait(for: [done], timeout: 5)
        XCTAssertNotNil(derivedOn.value)
        XCTAssertFalse(derivedOn.value === Thread.current)
        model.finish(try XCTUnwrap(result.value))
        XCTAssertTrue(model.hasPasswordSlot)
    }
}

/// A value set on another thread and read after the test waited for it.
final class Box<Value>: @unchecked Sendable {
    var value: Value?
}
