// "Export accounts": choose a format; encrypted formats need a password typed
// twice (the same rules as the vault's recovery password), unencrypted ones
// the user's explicit acknowledgement; then the core produces the files for
// the share sheet.

import Foundation

/// What the user can export to, and whether the file protects the secrets.
public enum ExportFormat: String, CaseIterable, Sendable {
    case twofoldBackup, aegis, otpauthList, googleQr

    public var isEncrypted: Bool {
        switch self {
        case .twofoldBackup, .aegis: return true
        case .otpauthList, .googleQr: return false
        }
    }
}

/// One file for the share sheet. `data` holds secrets: drop it after sharing.
public struct ExportFile: Equatable, Sendable, CustomStringConvertible {
    public var name: String
    /// Uniform type identifier ("public.json", "public.plain-text", "public.png").
    public var typeIdentifier: String
    public var data: Data

    public var description: String { "ExportFile(\(name), \(data.count) bytes)" }
}

public enum ExportStep: Equatable, Sendable {
    case chooseFormat
    /// Encrypted formats: the file's password, typed twice.
    case password(ExportFormat)
    /// Unencrypted formats: “I understand this file is unencrypted” first.
    case unencrypted(ExportFormat)
    /// The files to save; `leftOut` lists accounts the format cannot carry.
    case ready(ExportFormat, files: [ExportFile], leftOut: [ImportIssue])
    case failed(ExportFormat, reason: String)
}

/// Files an export job produced.
public struct ExportProduct: Sendable {
    public var files: [ExportFile]
    public var leftOut: [ImportIssue]
}

/// An export running off the main actor (encrypted formats derive a key
/// from the password: seconds of Argon2/scrypt). Pass the completion to
/// `ExportModel.complete`.
public struct ExportWork: Sendable {
    fileprivate let generation: Int
    fileprivate let format: ExportFormat
    fileprivate let job: CoreJob<ExportProduct>

    public func run() -> ExportCompletion {
        ExportCompletion(generation: generation, format: format, result: job.run())
    }
}

public struct ExportCompletion: Sendable {
    fileprivate let generation: Int
    fileprivate let format: ExportFormat
    fileprivate let result: Result<ExportProduct, CoreFailure>
}

public final class ExportModel {
    public private(set) var step: ExportStep = .chooseFormat
    /// The export runs: the screen shows progress and takes no input.
    public private(set) var isBusy = false
    /// An encrypted export was saved where the user chose (unix seconds):
    /// that is a backup, for the reminder and the recovery rule.
    public var onBackupSaved: ((UInt64) -> Void)?
    private var generation = 0
    /// Why the file's password cannot be used yet, after an export attempt
    /// (or the core's floor refused it): required, accepted by the core's
    /// strength floor, typed twice.
    public private(set) var passwordProblem: PasswordProblem?
    /// The file password's strength, as the user types.
    public private(set) var passwordMeter: PasswordMeter
    /// The “I understand this file is unencrypted” toggle.
    public private(set) var acknowledgedUnencrypted = false

    private let vault: VaultSession
    private let time: TimeSource


    public init(vault: VaultSession, passwords: PasswordStrengthEstimating, time: TimeSource = .system) {
        self.vault = vault
        self.passwordMeter = PasswordMeter(estimator: passwords)
        self.time = time
    }

    public func choose(_ format: ExportFormat) {
        guard !isBusy else { return }
        passwordProblem = nil
        passwordMeter.reset()
        acknowledgedUnencrypted = false
        step = format.isEncrypted ? .password(format) : .unencrypted(format)
    }

    /// The file password field changed.
    public func passwordChanged(_ password: String) {
        guard case .password = step else { return }
        passwordMeter.update(password)
    }

    public func setAcknowledged(_ acknowledged: Bool) {
        guard case .unencrypted = step else { return }
        acknowledgedUnencrypted = acknowledged
    }

    /// Whether the Export button is enabled.
    public func canExport(password: String = "", confirmation: String = "") -> Bool {
        switch step {
        case .password: return !isBusy && passwordMeter.problem(password, confirmation: confirmation) == nil
        case .unencrypted: return acknowledgedUnencrypted
        default: return false
        }
    }

    /// Produces the files. Encrypted formats take the typed password; nothing
    /// is produced until the password or the acknowledgement allows it.
    public func export(password: String = "", confirmation: String = "") -> ExportWork? {
        guard !isBusy else { return nil }
        let vault = self.vault
        switch step {
        case let .password(format):
            if let problem = passwordMeter.problem(password, confirmation: confirmation) {
                passwordProblem = problem
                return nil
            }
            passwordProblem = nil
            let now = time.unixSeconds
            return produce(format) {
                let data = try format == .twofoldBackup
                    ? vault.exportBackup(password: password, at: now)
                    : vault.exportAegis(password: password)
                return ExportProduct(files: [Self.file(for: format, data: data)], leftOut: [])
            }
        case let .unencrypted(format):
            guard acknowledgedUnencrypted else { return nil }
            return produce(format) {
                if format == .otpauthList {
                    return ExportProduct(files: [Self.file(for: format, data: Data(try vault.exportOtpauthList().utf8))], leftOut: [])
                }
                let export = try vault.exportGoogleQr(accountsPerCode: nil)
                let files = export.pngs.enumerated().map { index, png in
                    ExportFile(
                        name: export.pngs.count == 1 ? "google-authenticator.png" : "google-authenticator-\(index + 1).png",
                        typeIdentifier: "public.png", data: png)
                }
                return ExportProduct(files: files, leftOut: export.leftOut)
            }
        default:
            return nil
        }
    }

    /// The result of an `ExportWork`, on the main actor.
    public func complete(_ completion: ExportCompletion) {
        guard isBusy, completion.generation == generation else { return }
        isBusy = false
        switch completion.result {
        case let .success(product):
            step = .ready(completion.format, files: product.files, leftOut: product.leftOut)
        case let .failure(failure):
            if let refusal = PasswordProblem.refusal(failure), case .password = step {
                // The core's floor refused the password: back to the form.
                passwordProblem = refusal
            } else {
                step = .failed(completion.format, reason: failure.message)
            }
        }
    }

    /// The file exporter reported the files written where the user chose.
    /// An encrypted export saved that way counts as a backup.
    public func saved() {
        guard case let .ready(format, _, _) = step, format.isEncrypted else { return }
        onBackupSaved?(time.unixSeconds)
    }

    /// Back to the formats (from a form, a failure, or after sharing); drops
    /// any produced file.
    public func back() {
        generation += 1
        isBusy = false
        passwordProblem = nil
        passwordMeter.reset()
        acknowledgedUnencrypted = false
        step = .chooseFormat
    }

    /// The share sheet closed: the files are no longer needed.
    public func finished() {
        back()
    }

    private func produce(_ format: ExportFormat, _ body: @escaping @Sendable () throws -> ExportProduct) -> ExportWork {
        generation += 1
        isBusy = true
        return ExportWork(generation: generation, format: format, job: CoreJob(body))
    }

    static func file(for format: ExportFormat, data: Data) -> ExportFile {
        switch format {
        case .twofoldBackup: return ExportFile(name: "twofold-backup.json", typeIdentifier: "public.json", data: data)
        case .aegis: return ExportFile(name: "aegis-export.json", typeIdentifier: "public.json", data: data)
        case .otpauthList: return ExportFile(name: "twofold-otpauth.txt", typeIdentifier: "public.plain-text", data: data)
        case .googleQr: return ExportFile(name: "google-authenticator.png", typeIdentifier: "public.png", data: data)
        }
    }
}
