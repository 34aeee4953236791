// Plain values the kit works with. They mirror the records of the generated
// `TwofoldCore` bindings (see `TwofoldCoreAdapter`) so that this module never
// imports the FFI and its logic can be tested with a fake core.

import Foundation

/// A one-time code as the core computed it.
public struct OneTimeCode: Equatable, Sendable {
    /// The code as the user types it; leading zeros kept.
    public var value: String
    /// First unix second at which the code is current.
    public var validFrom: UInt64
    /// First unix second at which the code is no longer current; `nil` for
    /// HOTP codes, which stay valid until used.
    public var validUntil: UInt64?
    /// `value` grouped for reading ("123 456"), by the core's rule.
    public var grouped: String

    public init(value: String, validFrom: UInt64, validUntil: UInt64?, grouped: String) {
        self.value = value
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.grouped = grouped
    }
}

/// How an account's codes advance.
public enum CodeKind: Equatable, Sendable {
    case totp(period: UInt32)
    case hotp(counter: UInt64)
    case steam
}

/// An account as the vault lists it. Never holds the secret.
public struct AccountSummary: Equatable, Sendable, Identifiable {
    public var id: String
    public var issuer: String?
    public var name: String
    public var kind: CodeKind
    public var digits: UInt8
    /// The core's label: "Issuer (name)", "Issuer" or "name"; empty when
    /// both are (the app shows its "unnamed" text).
    public var label: String

    public init(id: String, issuer: String?, name: String, kind: CodeKind, digits: UInt8, label: String) {
        self.id = id
        self.issuer = issuer
        self.name = name
        self.kind = kind
        self.digits = digits
        self.label = label
    }
}

/// Code type chosen in the manual form's advanced options.
public enum ManualKind: String, CaseIterable, Sendable {
    case totp, hotp, steam
}

/// HMAC hash function of an account.
public enum HashAlgorithm: String, CaseIterable, Sendable {
    case sha1, sha256, sha512
}

/// The Trouble Scanning form as the user filled it in. Defaults are what
/// almost every site uses (TOTP, SHA1, 6 digits, 30 s).
public struct ManualForm: Equatable, Sendable {
    public var key: String
    public var name: String
    public var issuer: String
    public var kind: ManualKind
    public var algorithm: HashAlgorithm
    public var digits: UInt8
    public var period: UInt32
    public var counter: UInt64

    public init(
        key: String = "", name: String = "", issuer: String = "",
        kind: ManualKind = .totp, algorithm: HashAlgorithm = .sha1,
        digits: UInt8 = 6, period: UInt32 = 30, counter: UInt64 = 0
    ) {
        self.key = key
        self.name = name
        self.issuer = issuer
        self.kind = kind
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.counter = counter
    }
}

/// A field of the manual-entry form.
public enum FormField: String, CaseIterable, Hashable, Sendable {
    case key, name, issuer, digits, period
}

/// Why a typed key is not a usable Base32 secret (positions are 1-based and
/// count characters exactly as typed).
public enum KeyIssue: Equatable, Sendable {
    case empty
    case invalidCharacter(character: String, position: UInt32, hint: String?)
    case misplacedPadding(position: UInt32)
    case invalidLength(length: UInt32)
    case tooShort(bits: UInt32, minBits: UInt32)
    case tooLong(bits: UInt32)
}

/// One problem with one field of the manual-entry form, as the core reports it.
public struct FieldIssue: Equatable, Sendable {
    public var field: FormField
    /// The core's sentence (English, no secrets).
    public var reason: String
    /// For the key field: the precise problem.
    public var keyIssue: KeyIssue?

    public init(field: FormField, reason: String, keyIssue: KeyIssue? = nil) {
        self.field = field
        self.reason = reason
        self.keyIssue = keyIssue
    }
}

/// How the user provides the new account.
public enum EnrollmentMethod: Equatable, Sendable {
    /// The in-app camera scanner.
    case camera
    /// A screenshot or photo (the phone-only setup).
    case image
    /// "Trouble Scanning": type the key the site shows.
    case manual
}

/// A hint the scanning screen shows.
public enum ScanHint: Equatable, Sendable {
    case holdSteady
    case noCodeInImage
    case notAnAuthenticatorCode(text: String)
    case invalidSetupCode(reason: String)
    case useImportForExports
}

/// An account already in the vault with the same secret.
public struct ExistingAccount: Equatable, Sendable {
    public var id: String
    public var issuer: String?
    public var name: String
    /// The core's label ("Issuer (name)").
    public var label: String

    public init(id: String, issuer: String?, name: String, label: String) {
        self.id = id
        self.issuer = issuer
        self.name = name
        self.label = label
    }
}

/// What to do when a new account duplicates an existing one.
public enum DuplicateChoice: Equatable, Sendable {
    case replace
    case keepBoth
}

/// The screen the core's enrollment flow is on (mirror of `core::enroll::Step`).
public enum EnrollmentStep: Equatable, Sendable {
    case chooseMethod
    case scanning(method: EnrollmentMethod, hint: ScanHint?)
    case manualEntry(errors: [FieldIssue])
    case confirm(issuer: String?, name: String, duplicate: ExistingAccount?, shortKey: Bool)
    case showCode(accountId: String, code: OneTimeCode)
    case recoveryCode(accountId: String, acknowledged: Bool)
    case done(accountId: String)
    case cancelled
}

/// One camera frame's luma plane (plane 0 of a `420YpCbCr8BiPlanarFullRange`
/// pixel buffer). `rowStride` is the plane's `bytesPerRow`, which may exceed
/// `width` because of padding.
public struct LumaFrame: Sendable {
    public var luma: Data
    public var width: UInt32
    public var height: UInt32
    public var rowStride: UInt32

    public init(luma: Data, width: UInt32, height: UInt32, rowStride: UInt32) {
        self.luma = luma
        self.width = width
        self.height = height
        self.rowStride = rowStride
    }
}

/// A failure reported by the core, reduced to what the UI distinguishes.
public struct CoreFailure: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The vault's password, or an imported file's, is wrong.
        case wrongPassword
        /// The platform key store (Keychain / Secure Enclave) failed.
        case keyUnavailable
        /// The device key no longer opens this vault (a new face or finger,
        /// the passcode turned off, a new device): the recovery password is
        /// the way back.
        case keyInvalidated
        /// The user cancelled the biometric prompt.
        case cancelled
        /// A stored row or key slot failed authentication or is damaged.
        case damaged
        /// The file is not a usable vault (missing, not a vault, from a newer
        /// app, a failed upgrade); it was left untouched.
        case vaultUnusable
        /// The vault is locked.
        case locked
        /// A key, link, image or code parameter is invalid.
        case invalidInput
        /// No such account, recovery code or key slot.
        case notFound
        /// A request the vault cannot honour as asked (removing the last key
        /// slot, an empty recovery code…).
        case invalidRequest
        /// This recovery code was already used.
        case recoveryCodeAlreadyUsed
        /// The storage below the vault failed (disk full, busy, read-only…).
        case storage
        /// A bug in the core.
        case bug
        /// The manual form has problems.
        case invalidForm([FieldIssue])
        /// The new account duplicates one: choose replace or keep both.
        case duplicateChoiceRequired
        /// "I have securely saved this code" is not ticked.
        case acknowledgementRequired
        /// The recovery code is empty.
        case recoveryCodeEmpty
        /// The action does not apply to the current screen (for example a late
        /// camera frame after the user left the scanner).
        case notAllowedHere
        /// An encrypted export or backup needs its own password: ask, then
        /// read it again.
        case passwordRequired
        /// A file cannot be imported (unknown format, damaged, a QR code of
        /// another export, unread entries not accepted). Nothing was written.
        case importFailed
        /// An export or backup could not be produced.
        case exportFailed
        /// The core's strength floor refused a new password (vault, password
        /// slot or encrypted export), with its reason if it names one.
        case passwordTooWeak(PasswordWeakness?)
        /// Anything else.
        case other
    }

    public var kind: Kind
    /// A sentence without secrets, from the core.
    public var message: String

    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}
