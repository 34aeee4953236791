// What the kit needs from the Rust core, and nothing more. The app passes
// `TwofoldCoreAdapter.RustCore` (over the generated bindings); the tests pass
// a fake. Every method may be called off the main thread; implementations are
// thread-safe (the Rust objects lock internally).

import Foundation

/// How to unlock the vault.
public enum UnlockMethod: Sendable {
    /// The platform key slot: the app's `KeyProvider` (Keychain + Secure
    /// Enclave, with Face ID / Touch ID when the user turned it on).
    case deviceKey
    /// The password slot.
    case password(String)
}

/// Opens the vault.
/// `passwordStrength` (from `PasswordStrengthEstimating`) is the core's
/// estimate and floor for the new-password screens.
public protocol CoreGateway: PasswordStrengthEstimating {
    /// Whether a vault file exists yet (first launch: no).
    func vaultExists() -> Bool
    /// Creates the vault with a password slot (the recovery password) and,
    /// `withDeviceKey`, a platform slot wrapped by the app's key provider.
    /// Returns it unlocked.
    func createVault(password: String, withDeviceKey: Bool) throws -> VaultSession
    /// Opens and unlocks the existing vault.
    func unlock(_ method: UnlockMethod) throws -> VaultSession
    /// Deletes the vault file (the user chose to start over, for example to
    /// restore a backup after the device key was invalidated).
    func eraseVault() throws
    /// The core's backup reminder rule, for the codes list's banner.
    func backupReminder(accounts: UInt32, changesSinceBackup: UInt32, lastBackupAt: UInt64?, unixSeconds: UInt64) -> BackupReminder
}

/// An unlocked vault. `lock()` wipes its keys in the core at once; dropping
/// the last reference does too.
public protocol VaultSession: AnyObject, DisplayRules {
    /// Forgets the data key: every later call fails until a new unlock.
    func lock()
    /// The vault's sealed generation counter: it rises by one with every
    /// change, so a lower one than seen before means an older copy of the
    /// file (see `RollbackGuard`).
    func generation() throws -> UInt64

    // MARK: Key slots (the lock method)

    func keySlots() throws -> [KeySlot]
    /// Adds a password slot (Argon2id: slow, call off the main actor).
    func addPasswordSlot(_ password: String, at unixSeconds: UInt64) throws
    func changePassword(slotId: String, to password: String, at unixSeconds: UInt64) throws
    /// Adds a platform slot wrapped by the app's key provider (its prepared key).
    func addDeviceKeySlot(at unixSeconds: UInt64) throws
    /// Removes a slot; the core refuses to remove the last one.
    func removeSlot(id: String) throws

    // MARK: Accounts

    /// Accounts in the user's order.
    func listAccounts() throws -> [AccountSummary]
    /// Current codes of the TOTP and Steam accounts at `unixSeconds`, by
    /// account id. HOTP accounts are left out: their code is only produced on
    /// request, because producing one advances the counter.
    func codes(at unixSeconds: UInt64) throws -> [String: OneTimeCode]
    /// Advances an HOTP account's counter (committed before returning) and
    /// returns its new code.
    func nextHotpCode(accountId: String, at unixSeconds: UInt64) throws -> OneTimeCode
    func rename(accountId: String, issuer: String?, name: String, at unixSeconds: UInt64) throws
    /// Moves an account to the trash (restorable).
    func delete(accountId: String, at unixSeconds: UInt64) throws
    func restore(accountId: String, at unixSeconds: UInt64) throws
    /// Stores the order of all accounts.
    func reorder(accountIds: [String]) throws
    /// Starts the enrollment flow over this vault.
    func startEnrollment() throws -> EnrollmentSession

    // MARK: Moving accounts in

    /// Reads another app's export (or a Twofold backup) of any supported
    /// format, detected from the content. `password` is the file's own
    /// password: without it an encrypted file throws `.passwordRequired`, a
    /// wrong one `.wrongPassword`; an unreadable file `.importFailed` with the
    /// core's reason. The secrets stay in the core, inside the result.
    func readImport(_ bytes: Data, password: String?) throws -> PendingImport
    /// Reads a screenshot (PNG/JPEG) of one Google Authenticator export QR code.
    func readImportImage(_ encoded: Data) throws -> PendingImport
    /// Collects the QR codes of one multi-QR Google Authenticator export.
    func startGoogleExport() -> GoogleExportCollecting
    /// A camera scanner for export QR codes (one per scanning screen: it
    /// rotates its attempts across frames).
    func startImportScanner() -> ImportFrameScanning
    /// Adds every readable account of `pending` in one transaction; accounts
    /// already in the vault are reported, not doubled. When `pending` lists
    /// problems nothing is imported unless `acceptingProblems` (the user
    /// chose to import the readable rest): `.importFailed` otherwise.
    func importAccounts(_ pending: PendingImport, acceptingProblems: Bool, at unixSeconds: UInt64) throws -> ImportResult

    // MARK: Moving accounts out (each call reveals every secret)

    /// Twofold's encrypted backup of every account (notes, counters, recovery codes).
    func exportBackup(password: String, at unixSeconds: UInt64) throws -> Data
    /// An Aegis-compatible encrypted vault.
    func exportAegis(password: String) throws -> Data
    /// UNENCRYPTED: one `otpauth://` URI per line.
    func exportOtpauthList() throws -> String
    /// UNENCRYPTED: Google Authenticator export QR codes as PNGs.
    /// `accountsPerCode` `nil`: the core's choice.
    func exportGoogleQr(accountsPerCode: UInt32?) throws -> GoogleQrExport
}

/// An export file that was read and waits for the user's decision. Its
/// secrets stay in the core; dropping the last reference releases them.
public protocol PendingImport: AnyObject, Sendable {
    var summary: ImportSummary { get }
}

/// Gathers the QR codes of one Google Authenticator export, in any order
/// (repeats ignored).
public protocol GoogleExportCollecting: AnyObject, Sendable {
    /// Adds one QR code; a code of another export throws `.importFailed`.
    func add(_ part: PendingImport) throws -> GoogleExportProgress
    /// Everything collected so far, ready for `importAccounts`.
    func finish() -> PendingImport
}

/// What one camera frame held, for the import scanner.
public enum ImportScan: Sendable {
    case nothing
    /// One QR code of a Google Authenticator export.
    case exportPart(PendingImport)
    /// A setup QR code of one account (belongs in Add Account).
    case singleAccount
    /// Another QR code (a web link, Wi-Fi, …) or an unusable one.
    case otherCode
}

/// Scans camera frames for export QR codes; called on the camera's queue.
public protocol ImportFrameScanning: AnyObject, Sendable {
    func scan(_ frame: LumaFrame) throws -> ImportScan
}

/// One run of the core's enrollment state machine. Every action returns the
/// new step; an action the current step does not allow throws
/// `CoreFailure(.notAllowedHere)` and changes nothing.
public protocol EnrollmentSession: AnyObject, Sendable {
    func currentStep() -> EnrollmentStep
    func choose(_ method: EnrollmentMethod) throws -> EnrollmentStep
    /// Scans one camera frame and feeds the result to the flow. Called on the
    /// camera's background queue.
    func submitFrame(_ frame: LumaFrame) throws -> EnrollmentStep
    /// Scans an encoded image (PNG/JPEG/HEIC converted to PNG or JPEG by the
    /// app) and feeds the result to the flow.
    func submitImage(_ encoded: Data) throws -> EnrollmentStep
    /// Feeds an `otpauth://` link (opened from another app) as if scanned.
    func submitLink(_ uri: String) throws -> EnrollmentStep
    func updateManual(_ form: ManualForm) throws -> EnrollmentStep
    func submitManual(_ form: ManualForm) throws -> EnrollmentStep
    func editLabels(issuer: String?, name: String) throws -> EnrollmentStep
    func confirm(_ choice: DuplicateChoice?, at unixSeconds: UInt64) throws -> EnrollmentStep
    func refreshCode(at unixSeconds: UInt64) throws -> EnrollmentStep
    func codeEntered() throws -> EnrollmentStep
    func acknowledge(_ acknowledged: Bool) throws -> EnrollmentStep
    func saveRecoveryCode(_ code: String, at unixSeconds: UInt64) throws -> EnrollmentStep
    func skipRecoveryCode() throws -> EnrollmentStep
    func back(at unixSeconds: UInt64) throws -> EnrollmentStep
    func cancel(at unixSeconds: UInt64) throws -> EnrollmentStep
}

/// The current time, injectable so tests run at fixed instants.
public struct TimeSource: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = TimeSource(now: { Date() })

    /// Whole unix seconds, as the core takes time.
    public var unixSeconds: UInt64 {
        UInt64(max(0, now().timeIntervalSince1970.rounded(.down)))
    }
}
