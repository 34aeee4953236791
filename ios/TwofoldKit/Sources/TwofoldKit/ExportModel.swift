// "Export accounts": choose a format; encrypted formats need a password typed
// twice (the same rules as the vault's recovery password), unencrypted ones
// the user's explicit acknowledgement; then the core produces the files for
// the share sheet.

import Foundation

/// What the user can export to, and whether the file protects the secrets.
public enum ExportFormat: String, CaseIterable, Sendable {
    case twofoldBackup, aegis, otpauthList, googleQr

    public var title: String {
        switch self {
        case .twofoldBackup: return "Twofold Backup"
        case .aegis: return "Aegis"
        case .otpauthList: return "otpauth:// Links"
        case .googleQr: return "Google Authenticator QR Codes"
        }
    }

    public var summary: String {
        switch self {
        case .twofoldBackup: return "Encrypted. Every account with notes, counters and recovery codes; restore it in Twofold."
        case .aegis: return "Encrypted. An Aegis vault that Aegis and other apps can import."
        case .otpauthList: return "Unencrypted. One link per account, in a text file."
        case .googleQr: return "Unencrypted. QR codes to scan with Google Authenticator."
        }
    }

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
    /// The files for the share sheet; `note` names accounts the format could not carry.
    case ready(ExportFormat, files: [ExportFile], note: String?)
    case failed(ExportFormat, reason: String)
}

public final class ExportModel {
    public private(set) var step: ExportStep = .chooseFormat
    /// Why the password cannot be used yet, after an export attempt.
    public private(set) var errorMessage: String?
    /// The “I understand this file is unencrypted” toggle.
    public private(set) var acknowledgedUnencrypted = false

    private let vault: VaultSession
    private let time: TimeSource

    /// Google Authenticator's own exports hold a few accounts per code (the CLI uses 5).
    public static let googleAccountsPerCode: UInt32 = 5
    public static let unencryptedWarning =
        "This file is not encrypted: anyone who gets it can generate your codes. Share it only with the app you are moving to, and delete it afterwards."
    public static let acknowledgement = "I understand this file is unencrypted"

    public init(vault: VaultSession, time: TimeSource = .system) {
        self.vault = vault
        self.time = time
    }

    public var title: String {
        switch step {
        case .chooseFormat: return "Export Accounts"
        case let .password(format), let .unencrypted(format): return format.title
        case .ready: return "Share the Export"
        case .failed: return "Export Failed"
        }
    }

    /// An export password is required, at least as long as the vault's
    /// recovery password, and typed twice.
    public static func passwordProblem(_ password: String, confirmation: String) -> String? {
        if password.isEmpty { return "Enter a password for the file." }
        if password.count < LockModel.minimumPasswordLength {
            return "Use at least \(LockModel.minimumPasswordLength) characters."
        }
        if password != confirmation { return "The passwords don’t match." }
        return nil
    }

    public func choose(_ format: ExportFormat) {
        errorMessage = nil
        acknowledgedUnencrypted = false
        step = format.isEncrypted ? .password(format) : .unencrypted(format)
    }

    public func setAcknowledged(_ acknowledged: Bool) {
        guard case .unencrypted = step else { return }
        acknowledgedUnencrypted = acknowledged
    }

    /// Whether the Export button is enabled.
    public func canExport(password: String = "", confirmation: String = "") -> Bool {
        switch step {
        case .password: return Self.passwordProblem(password, confirmation: confirmation) == nil
        case .unencrypted: return acknowledgedUnencrypted
        default: return false
        }
    }

    /// Produces the files. Encrypted formats take the typed password; nothing
    /// is produced until the password or the acknowledgement allows it.
    public func export(password: String = "", confirmation: String = "") {
        switch step {
        case let .password(format):
            if let problem = Self.passwordProblem(password, confirmation: confirmation) {
                errorMessage = problem
                return
            }
            errorMessage = nil
            produce(format) {
                let data = try format == .twofoldBackup
                    ? vault.exportBackup(password: password, at: time.unixSeconds)
                    : vault.exportAegis(password: password)
                return ([Self.file(for: format, data: data)], nil)
            }
        case let .unencrypted(format):
            guard acknowledgedUnencrypted else { return }
            produce(format) {
                if format == .otpauthList {
                    return ([Self.file(for: format, data: Data(try vault.exportOtpauthList().utf8))], nil)
                }
                let export = try vault.exportGoogleQr(accountsPerCode: Self.googleAccountsPerCode)
                let files = export.pngs.enumerated().map { index, png in
                    ExportFile(
                        name: export.pngs.count == 1 ? "google-authenticator.png" : "google-authenticator-\(index + 1).png",
                        typeIdentifier: "public.png", data: png)
                }
                let note = export.leftOut.isEmpty
                    ? nil
                    : "Not included (Google Authenticator can’t hold them): "
                        + export.leftOut.map(\.text).joined(separator: "; ") + "."
                return (files, note)
            }
        default:
            return
        }
    }

    /// Back to the formats (from a form, a failure, or after sharing); drops
    /// any produced file.
    public func back() {
        errorMessage = nil
        acknowledgedUnencrypted = false
        step = .chooseFormat
    }

    /// The share sheet closed: the files are no longer needed.
    public func finished() {
        back()
    }

    private func produce(_ format: ExportFormat, _ body: () throws -> ([ExportFile], String?)) {
        do {
            let (files, note) = try body()
            step = .ready(format, files: files, note: note)
        } catch let failure as CoreFailure {
            step = .failed(format, reason: failure.message)
        } catch {
            step = .failed(format, reason: String(describing: error))
        }
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
