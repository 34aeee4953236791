// Plain values of import and export (mirrors of the bindings' transfer
// records, without any secret).

import Foundation

/// The formats the core imports (the app names them).
public enum ImportFormat: String, CaseIterable, Sendable {
    case googleAuthenticator, aegis, aegisEncrypted, twoFas, andOtp, bitwarden, otpauthList, twofoldBackup
    case bitwardenCsv, freeOtp, freeOtpPlus, steam, proton, duo, stratum, authy, battleNet, googleAuthenticatorDb, microsoftAuthenticatorDb
}

/// An entry of a file that could not be read: its 1-based place (the line
/// for link lists), its label when readable, and the core's reason.
public struct ImportIssue: Equatable, Sendable {
    public var position: Int
    public var label: String?
    public var reason: String

    public init(position: Int, label: String?, reason: String) {
        self.position = position
        self.label = label
        self.reason = reason
    }

    /// "Entry 3 (ACME (alice)): the secret is not Base32".
    public var text: String {
        "Entry \(position)\(label.map { " (\($0))" } ?? ""): \(reason)"
    }
}

/// Where one Google export QR code sits in its export (`index` is 0-based).
public struct GoogleBatch: Equatable, Sendable {
    public var batchId: Int32
    public var index: Int
    public var size: Int

    public init(batchId: Int32, index: Int, size: Int) {
        self.batchId = batchId
        self.index = index
        self.size = size
    }
}

/// How far a multi-QR Google export has been collected (`missing` holds
/// 0-based indices).
public struct GoogleExportProgress: Equatable, Sendable {
    public var size: Int
    public var missing: [Int]

    public init(size: Int, missing: [Int]) {
        self.size = size
        self.missing = missing
    }
}

/// What a read file holds: account labels ("Issuer (name)") and unreadable entries.
public struct ImportSummary: Equatable, Sendable {
    public var format: ImportFormat
    public var accounts: [String]
    public var problems: [ImportIssue]
    public var googleBatch: GoogleBatch?
    /// Google Authenticator exports whose QR codes were not all given.
    public var incompleteGoogle: [IncompleteGoogleExport]
    /// The core's rule: importing leaves something out, so the user must agree.
    public var needsConsent: Bool

    public init(
        format: ImportFormat, accounts: [String], problems: [ImportIssue], googleBatch: GoogleBatch? = nil,
        incompleteGoogle: [IncompleteGoogleExport] = [], needsConsent: Bool? = nil
    ) {
        self.format = format
        self.accounts = accounts
        self.problems = problems
        self.googleBatch = googleBatch
        self.incompleteGoogle = incompleteGoogle
        self.needsConsent = needsConsent ?? (!problems.isEmpty || !incompleteGoogle.isEmpty)
    }
}

/// A Google Authenticator export of `size` QR codes, `missing` (0-based) not given.
public struct IncompleteGoogleExport: Equatable, Sendable {
    public var size: Int
    public var missing: [Int]

    public init(size: Int, missing: [Int]) {
        self.size = size
        self.missing = missing
    }
}

/// What an import did: accounts added, and the labels of those skipped as
/// duplicates (already in the vault).
public struct ImportResult: Equatable, Sendable {
    public var added: Int
    public var duplicates: [String]

    public init(added: Int, duplicates: [String]) {
        self.added = added
        self.duplicates = duplicates
    }
}

/// Google Authenticator export QR codes, and the accounts its format cannot carry.
public struct GoogleQrExport: Sendable {
    public var pngs: [Data]
    public var leftOut: [ImportIssue]

    public init(pngs: [Data], leftOut: [ImportIssue]) {
        self.pngs = pngs
        self.leftOut = leftOut
    }
}
