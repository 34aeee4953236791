// "Import accounts": pick a file, give its password if it is encrypted,
// review what it holds (unreadable entries listed with their position and
// reason), explicitly accept importing the readable rest when some entries
// are unreadable, then import in one transaction. The core reads and writes;
// this model decides what is shown and allowed.

import Foundation

/// What the review screen shows before anything is written.
public struct ImportReview: Equatable, Sendable {
    public var formatName: String
    public var headline: String
    public var accounts: [String]
    /// One sentence per unreadable entry, with its position and the core's reason.
    public var problems: [String]
    public var duplicateNote: String
    /// Unreadable entries exist: the user must accept importing the rest.
    public var needsAcceptance: Bool
    /// The acceptance toggle's label (`nil` when there is nothing to accept).
    public var acceptLabel: String?

    public init(
        formatName: String, headline: String, accounts: [String], problems: [String], duplicateNote: String,
        needsAcceptance: Bool, acceptLabel: String?
    ) {
        self.formatName = formatName
        self.headline = headline
        self.accounts = accounts
        self.problems = problems
        self.duplicateNote = duplicateNote
        self.needsAcceptance = needsAcceptance
        self.acceptLabel = acceptLabel
    }
}

/// A multi-QR Google Authenticator export, partly read.
public struct GoogleImportProgress: Equatable, Sendable {
    public var scanned: Int
    public var total: Int
    /// 1-based numbers of the QR codes still missing, as the user counts them.
    public var missing: [Int]
    public var message: String

    public init(scanned: Int, total: Int, missing: [Int], message: String) {
        self.scanned = scanned
        self.total = total
        self.missing = missing
        self.message = message
    }
}

public enum ImportStep: Equatable, Sendable {
    /// Choose the export file (or a screenshot of a Google export QR code).
    case pickFile
    /// The file is encrypted: ask for its own password (not the vault's).
    /// `error` is set after a wrong password.
    case password(prompt: String, error: String?)
    /// Add the other QR codes of a Google export, or import those read so far.
    case googleParts(GoogleImportProgress)
    case review(ImportReview)
    case done(added: Int, duplicates: [String], message: String)
    /// Nothing was imported; `reason` is the core's.
    case failed(reason: String)
}

public final class ImportModel {
    public private(set) var step: ImportStep = .pickFile
    /// A message for the current step (a refused QR code); cleared by the next success.
    public private(set) var errorMessage: String?
    /// "Import the readable rest", ticked by the user on the review screen.
    public private(set) var acceptsRest = false

    private let vault: VaultSession
    private let time: TimeSource
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

    public var title: String {
        switch step {
        case .pickFile: return "Import Accounts"
        case .password: return "File Password"
        case .googleParts: return "Google Authenticator Export"
        case .review: return "Review Import"
        case .done: return "Import Complete"
        case .failed: return "Import Failed"
        }
    }

    /// The Import button is enabled.
    public var canImport: Bool {
        guard case let .review(review) = step else { return false }
        return !review.accounts.isEmpty && (!review.needsAcceptance || acceptsRest)
    }

    // MARK: - Picking

    /// A picked file (an export, a backup, or a text file of links). On the
    /// Google screen: one more QR code of the same export.
    public func fileChosen(_ data: Data) {
        if case .googleParts = step {
            addGooglePart { try vault.readImport(data, password: nil) }
            return
        }
        reset()
        file = data
        read(password: nil)
    }

    /// A picked screenshot of a Google Authenticator export QR code.
    public func imageChosen(_ data: Data) {
        if case .googleParts = step {
            addGooglePart { try vault.readImportImage(data) }
            return
        }
        reset()
        do {
            try received(vault.readImportImage(data))
        } catch {
            fail(error)
        }
    }

    /// "Choose Another File", after a failure.
    public func chooseAnotherFile() {
        reset()
        step = .pickFile
    }

    // MARK: - Password

    public func submitPassword(_ password: String) {
        guard case let .password(prompt, _) = step else { return }
        guard !password.isEmpty else {
            step = .password(prompt: prompt, error: "Enter the file’s password.")
            return
        }
        read(password: password)
    }

    // MARK: - Google export QR codes

    /// Import the QR codes read so far although some are missing (asked explicitly).
    public func importScannedParts() {
        guard case .googleParts = step else { return }
        finishGoogle()
    }

    // MARK: - Review and import

    public func setAcceptsRest(_ accept: Bool) {
        guard case .review = step else { return }
        acceptsRest = accept
    }

    public func confirm() {
        guard canImport, case let .review(review) = step, let pending else { return }
        do {
            let result = try vault.importAccounts(
                pending, acceptingProblems: review.needsAcceptance && acceptsRest, at: time.unixSeconds)
            self.pending = nil
            step = .done(
                added: result.added, duplicates: result.duplicates,
                message: Self.doneMessage(added: result.added, duplicates: result.duplicates.count))
        } catch {
            fail(error)
        }
    }

    /// Leaving the import: releases the read file.
    public func cancel() {
        reset()
    }

    // MARK: - Internals

    private func read(password: String?) {
        guard let file else { return }
        do {
            let read = try vault.readImport(file, password: password)
            self.file = nil
            try received(read)
        } catch let failure as CoreFailure where failure.kind == .passwordRequired {
            step = .password(prompt: Self.passwordPrompt(failure.message), error: nil)
        } catch let failure as CoreFailure where failure.kind == .wrongPassword {
            let prompt: String
            if case let .password(current, _) = step { prompt = current } else { prompt = Self.passwordPrompt(nil) }
            step = .password(prompt: prompt, error: Self.wrongPasswordMessage)
        } catch {
            self.file = nil
            fail(error)
        }
    }

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

    private func addGooglePart(_ readPart: () throws -> PendingImport) {
        guard let collector else { return }
        do {
            try show(collector.add(readPart()))
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
        let scanned = progress.size - progress.missing.count
        let numbers = progress.missing.map { $0 + 1 }
        step = .googleParts(GoogleImportProgress(
            scanned: scanned, total: progress.size, missing: numbers,
            message: "Read \(scanned) of \(progress.size) QR codes. Still missing: \(numbers.map(String.init).joined(separator: ", "))."))
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
        file = nil
        pending = nil
        collector = nil
        acceptsRest = false
        errorMessage = nil
    }

    // MARK: - Texts

    public static func review(_ summary: ImportSummary) -> ImportReview {
        let count = summary.accounts.count
        let problems = summary.problems.map(\.text)
        let name = summary.format.displayName
        let headline: String
        switch (count, problems.isEmpty) {
        case (0, false): headline = "No account in this \(name) can be read."
        case (0, true): headline = "This \(name) has no accounts."
        case (_, false):
            headline = "\(accounts(count)) can be imported from this \(name). \(entries(problems.count)) can’t be read."
        case (_, true): headline = "\(accounts(count)) will be imported from this \(name)."
        }
        return ImportReview(
            formatName: name, headline: headline, accounts: summary.accounts, problems: problems,
            duplicateNote: "Accounts already in Twofold are skipped, not added twice.",
            needsAcceptance: !problems.isEmpty,
            acceptLabel: problems.isEmpty || count == 0
                ? nil
                : "Import the \(accounts(count)) that can be read, without the \(entries(problems.count).lowercased()) listed")
    }

    public static func doneMessage(added: Int, duplicates: Int) -> String {
        var text = added == 1 ? "1 account added" : "\(added) accounts added"
        if duplicates > 0 {
            text += duplicates == 1 ? ", 1 duplicate skipped" : ", \(duplicates) duplicates skipped"
        }
        return text + "."
    }

    private static func accounts(_ count: Int) -> String { count == 1 ? "1 account" : "\(count) accounts" }

    private static func entries(_ count: Int) -> String { count == 1 ? "1 entry" : "\(count) entries" }

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
