// "Import accounts": pick a file, give its password if it is encrypted,
// review what it holds (unreadable entries listed with their position and
// reason), explicitly accept importing the readable rest when some entries
// are unreadable, then import in one transaction. The core reads and writes;
// this model decides what is shown and allowed.

import Foundation

/// What the review screen shows before anything is written (the app words
/// it: "2 accounts will be imported from this Aegis export.").
public struct ImportReview: Equatable, Sendable {
    public var format: ImportFormat
    /// Labels of the readable accounts ("Issuer (name)").
    public var accounts: [String]
    /// The unreadable entries, with their position and the core's reason.
    public var problems: [ImportIssue]
    /// Google Authenticator exports whose QR codes were not all given.
    public var incompleteGoogle: [IncompleteGoogleExport]
    /// Something is left out (the core's rule): the user must accept importing the rest.
    public var needsAcceptance: Bool

    public init(
        format: ImportFormat, accounts: [String], problems: [ImportIssue],
        incompleteGoogle: [IncompleteGoogleExport] = [], needsAcceptance: Bool? = nil
    ) {
        self.format = format
        self.accounts = accounts
        self.problems = problems
        self.incompleteGoogle = incompleteGoogle
        self.needsAcceptance = needsAcceptance ?? (!problems.isEmpty || !incompleteGoogle.isEmpty)
    }
    /// The "import the readable rest" toggle shows (something is readable).
    public var offersAcceptance: Bool { needsAcceptance && !accounts.isEmpty }
}

/// A multi-QR Google Authenticator export, partly read: "3 of 5 codes
/// read", and which ones are missing (the app words it).
public struct GoogleImportProgress: Equatable, Sendable {
    public var scanned: Int
    public var total: Int
    /// 1-based numbers of the QR codes still missing, as the user counts them.
    public var missing: [Int]

    public init(scanned: Int, total: Int, missing: [Int]) {
        self.scanned = scanned
        self.total = total
        self.missing = missing
    }

    init(_ progress: GoogleExportProgress) {
        self.init(
            scanned: progress.size - progress.missing.count, total: progress.size,
            missing: progress.missing.map { $0 + 1 })
    }
}

/// What the in-app camera last saw on the export scanner.
public enum ImportScanHint: Equatable, Sendable {
    /// A setup code of one account: that belongs in Add Account.
    case singleAccountCode
    /// A QR code that is not a Google Authenticator export.
    case otherCode
    /// A code of another export than the one being collected.
    case otherExport
}

/// The export scanner's screen: the camera runs until every QR code is read.
public struct ImportScanScreen: Equatable, Sendable {
    /// `nil` until the first QR code of the export is read.
    public var progress: GoogleImportProgress?
    public var hint: ImportScanHint?

    public init(progress: GoogleImportProgress?, hint: ImportScanHint?) {
        self.progress = progress
        self.hint = hint
    }
}

/// Core work the import started; run it off the main actor, then pass the
/// completion to `ImportModel.complete`.
public struct ImportWork: Sendable {
    fileprivate enum Purpose: Sendable {
        case file
        case googlePart
    }

    fileprivate let generation: Int
    fileprivate let purpose: Purpose
    fileprivate let job: CoreJob<PendingImport>

    public func run() -> ImportCompletion {
        ImportCompletion(generation: generation, purpose: purpose, result: job.run())
    }
}

public struct ImportCompletion: Sendable {
    fileprivate let generation: Int
    fileprivate let purpose: ImportWork.Purpose
    fileprivate let result: Result<PendingImport, CoreFailure>
}

public enum ImportStep: Equatable, Sendable {
    /// Choose the export file (or a screenshot of a Google export QR code).
    case pickFile
    /// The file is encrypted: ask for its own password (not the vault's).
    /// `error` is set after a wrong password.
    case password(prompt: String, error: String?)
    /// Add the other QR codes of a Google export, or import those read so far.
    case googleParts(GoogleImportProgress)
    /// The in-app camera scans export QR codes, several frames in a row.
    case scanningCodes(ImportScanScreen)
    case review(ImportReview)
    /// `duplicates`: labels of accounts already in the vault, skipped.
    case done(added: Int, duplicates: [String])
    /// Nothing was imported; `reason` is the core's.
    case failed(reason: String)
    /// The chosen file is larger than any export (nothing was read).
    case tooLarge(maximumBytes: Int)
}

public final class ImportModel {
    public private(set) var step: ImportStep = .pickFile
    /// A message for the current step (a refused QR code); cleared by the next success.
    public private(set) var errorMessage: String?
    /// "Import the readable rest", ticked by the user on the review screen.
    public private(set) var acceptsRest = false
    /// A file is being read off the main actor (key derivation for encrypted
    /// files takes seconds): the screen shows progress and takes no input.
    public private(set) var isBusy = false
    /// Open only while the export scanner shows, so no stale frame counts.
    public let frameGate = FrameGate()
    /// Vault edits this import made (accounts added), for the backup reminder.
    public var onChange: ((Int) -> Void)?

    private let vault: VaultSession
    private let time: TimeSource
    /// Bumped whenever the screen moves on, so a late result is dropped.
    private var generation = 0
    private var scanner: ImportFrameScanning?
    /// The picked file, kept only until it is read (a password may be needed).
    private var file: Data?
    private var pending: PendingImport?
    private var collector: GoogleExportCollecting?

    public static let wrongPasswordMessage =
        "Wrong password for this file. Check it (passwords are case-sensitive) and try again."

    public init(vault: VaultSession, time: TimeSource = .system) {
        self.vault = vault
        self.time = time
    }

    /// The Import button is enabled.
    public var canImport: Bool {
        guard case let .review(review) = step else { return false }
        return !review.accounts.isEmpty && (!review.needsAcceptance || acceptsRest)
    }

    // MARK: - Picking

    /// A picked file (an export, a backup, or a text file of links). On the
    /// Google screen: one more QR code of the same export.
    /// Exports of every supported app are far smaller; a larger file is
    /// refused before it reaches the core (the app checks the size before
    /// reading the file, too).
    public static let maximumFileBytes = 16 * 1024 * 1024

    public func fileChosen(_ data: Data) -> ImportWork? {
        guard !isBusy else { return nil }
        if data.count > Self.maximumFileBytes {
            fileTooLarge()
            return nil
        }
        let vault = self.vault
        if case .googleParts = step {
            return start(.googlePart) { try vault.readImport(data, password: nil) }
        }
        reset()
        file = data
        return start(.file) { try vault.readImport(data, password: nil) }
    }

    /// A picked screenshot of a Google Authenticator export QR code.
    public func imageChosen(_ data: Data) -> ImportWork? {
        guard !isBusy else { return nil }
        if data.count > Self.maximumFileBytes {
            fileTooLarge()
            return nil
        }
        let vault = self.vault
        if case .googleParts = step {
            return start(.googlePart) { try vault.readImportImage(data) }
        }
        reset()
        return start(.file) { try vault.readImportImage(data) }
    }

    /// The picked file is over `maximumFileBytes` (the app saw its size).
    public func fileTooLarge() {
        guard !isBusy else { return }
        if case .googleParts = step { return }
        reset()
        step = .tooLarge(maximumBytes: Self.maximumFileBytes)
    }

    /// "Choose Another File", after a failure.
    public func chooseAnotherFile() {
        reset()
        step = .pickFile
    }

    // MARK: - Password

    public func submitPassword(_ password: String) -> ImportWork? {
        guard !isBusy, case let .password(prompt, _) = step, let file else { return nil }
        guard !password.isEmpty else {
            step = .password(prompt: prompt, error: "Enter the file’s password.")
            return nil
        }
        let vault = self.vault
        return start(.file) { try vault.readImport(file, password: password) }
    }

    /// The result of an `ImportWork`, on the main actor. Results of work the
    /// screen has moved past (closed, another file) are dropped.
    public func complete(_ completion: ImportCompletion) {
        guard isBusy, completion.generation == generation else { return }
        isBusy = false
        switch completion.purpose {
        case .file:
            switch completion.result {
            case let .success(read):
                file = nil
                do { try received(read) } catch { fail(error) }
            case let .failure(failure) where failure.kind == .passwordRequired:
                step = .password(prompt: Self.passwordPrompt(failure.message), error: nil)
            case let .failure(failure) where failure.kind == .wrongPassword:
                let prompt: String
                if case let .password(current, _) = step { prompt = current } else { prompt = Self.passwordPrompt(nil) }
                step = .password(prompt: prompt, error: Self.wrongPasswordMessage)
            case let .failure(failure):
                file = nil
                fail(failure)
            }
        case .googlePart:
            addGooglePart(completion.result)
        }
    }

    private func start(_ purpose: ImportWork.Purpose, _ body: @escaping @Sendable () throws -> PendingImport) -> ImportWork {
        generation += 1
        isBusy = true
        return ImportWork(generation: generation, purpose: purpose, job: CoreJob(body))
    }

    // MARK: - The in-app camera (Google Authenticator export QR codes)

    /// Opens the export scanner: the camera reads the export's QR codes one
    /// after another, in any order, repeats ignored.
    public func startScanning() {
        guard !isBusy else { return }
        switch step {
        case .pickFile, .failed, .tooLarge:
            reset()
            step = .scanningCodes(ImportScanScreen(progress: nil, hint: nil))
        case let .googleParts(progress):
            step = .scanningCodes(ImportScanScreen(progress: progress, hint: nil))
        default:
            return
        }
        scanner = vault.startImportScanner()
        frameGate.open()
    }

    /// For the camera queue: scans one frame with this screen's scanner.
    public var frameScanner: ImportFrameScanning? { scanner }

    /// A frame's result, on the main actor. Dropped when the scanner closed.
    public func applyScan(_ result: Result<ImportScan, CoreFailure>) {
        guard case let .scanningCodes(screen) = step else { return }
        switch result {
        case .success(.nothing), .failure:
            return
        case .success(.singleAccount):
            step = .scanningCodes(ImportScanScreen(progress: screen.progress, hint: .singleAccountCode))
        case .success(.otherCode):
            step = .scanningCodes(ImportScanScreen(progress: screen.progress, hint: .otherCode))
        case let .success(.exportPart(part)):
            guard let batch = part.summary.googleBatch, batch.size > 1 else {
                if collector != nil {
                    // Another (one-code) export while collecting this one.
                    step = .scanningCodes(ImportScanScreen(progress: screen.progress, hint: .otherExport))
                    return
                }
                // A one-code export: nothing more to collect.
                stopCamera()
                pending = part
                acceptsRest = false
                step = .review(Self.review(part.summary))
                return
            }
            let collecting = collector ?? vault.startGoogleExport()
            collector = collecting
            do {
                let progress = try collecting.add(part)
                if progress.missing.isEmpty {
                    stopCamera()
                    finishGoogle()
                } else {
                    step = .scanningCodes(ImportScanScreen(progress: GoogleImportProgress(progress), hint: nil))
                }
            } catch let failure as CoreFailure where failure.kind == .importFailed {
                step = .scanningCodes(ImportScanScreen(progress: screen.progress, hint: .otherExport))
            } catch {
                step = .scanningCodes(ImportScanScreen(progress: screen.progress, hint: .otherExport))
            }
        }
    }

    /// Leaves the camera: back to the codes read so far, or to the start.
    public func stopScanning() {
        guard case let .scanningCodes(screen) = step else { return }
        stopCamera()
        if let progress = screen.progress {
            step = .googleParts(progress)
        } else {
            reset()
            step = .pickFile
        }
    }

    private func stopCamera() {
        frameGate.close()
        scanner = nil
    }

    // MARK: - Google export QR codes

    /// Import the QR codes read so far although some are missing (asked explicitly).
    public func importScannedParts() {
        guard !isBusy, case .googleParts = step else { return }
        finishGoogle()
    }

    // MARK: - Review and import

    public func setAcceptsRest(_ accept: Bool) {
        guard case .review = step else { return }
        acceptsRest = accept
    }

    public func confirm() {
        guard !isBusy, canImport, case let .review(review) = step, let pending else { return }
        do {
            let result = try vault.importAccounts(
                pending, acceptingProblems: review.needsAcceptance && acceptsRest, at: time.unixSeconds)
            self.pending = nil
            onChange?(result.added)
            step = .done(added: result.added, duplicates: result.duplicates)
        } catch {
            fail(error)
        }
    }

    /// Leaving the import: releases the read file.
    public func cancel() {
        reset()
    }

    // MARK: - Internals

    private func received(_ read: PendingImport) throws {
        errorMessage = nil
        guard let batch = read.summary.googleBatch, batch.size > 1 else {
            pending = read
            acceptsRest = false
            step = .review(Self.review(read.summary))
            return
        }
        let started = vault.startGoogleExport()
        collector = started
        try show(started.add(read))
    }

    private func addGooglePart(_ read: Result<PendingImport, CoreFailure>) {
        guard let collector else { return }
        do {
            try show(collector.add(read.get()))
            errorMessage = nil
        } catch let failure as CoreFailure {
            errorMessage = failure.message
        } catch {
            errorMessage = String(describing: error)
        }
    }

    private func show(_ progress: GoogleExportProgress) throws {
        if progress.missing.isEmpty {
            finishGoogle()
            return
        }
        step = .googleParts(GoogleImportProgress(progress))
    }

    private func finishGoogle() {
        guard let collecting = collector else { return }
        collector = nil
        let all = collecting.finish()
        pending = all
        acceptsRest = false
        step = .review(Self.review(all.summary))
    }

    private func fail(_ error: Error) {
        pending = nil
        collector = nil
        step = .failed(reason: Self.failureReason(error))
    }

    private func reset() {
        generation += 1
        isBusy = false
        file = nil
        pending = nil
        collector = nil
        stopCamera()
        acceptsRest = false
        errorMessage = nil
    }

    // MARK: - Texts

    public static func review(_ summary: ImportSummary) -> ImportReview {
        ImportReview(
            format: summary.format, accounts: summary.accounts, problems: summary.problems,
            incompleteGoogle: summary.incompleteGoogle, needsAcceptance: summary.needsConsent)
    }

    /// The core says “this Aegis vault is encrypted: a password is needed”.
    static func passwordPrompt(_ reason: String?) -> String {
        let what = reason.flatMap { $0.split(separator: ":").first }.map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let what, !what.isEmpty else {
            return "This file is encrypted. Enter the password it was exported with."
        }
        return "\(capitalizedFirst(what)). Enter the password it was exported with."
    }

    static func failureReason(_ error: Error) -> String {
        guard let failure = error as? CoreFailure else { return String(describing: error) }
        var reason = capitalizedFirst(failure.message)
        while reason.hasSuffix(".") { reason.removeLast() }
        if reason.isEmpty { reason = "This file can’t be read" }
        switch failure.kind {
        case .importFailed, .other: return reason + ". Nothing was imported."
        default: return reason + "."
        }
    }

    private static func capitalizedFirst(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
