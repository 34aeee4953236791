package app.twofold.presentation

import java.nio.ByteBuffer

/**
 * What the presentation layer needs from the Rust core, in its own plain
 * types. `:core` implements it over the generated UniFFI bindings
 * (`app.twofold.gateway.BindingsGateway`); tests implement it with a fake.
 *
 * Time is always passed in (unix seconds), like the core itself: nothing here
 * reads a clock. Secrets never appear in these types: accounts are listed
 * without their key, and scanned or typed keys go straight from the platform
 * into the core through [EnrollmentSession].
 *
 * Every call may throw [CoreException].
 */
interface CoreGateway {
    /** Whether a vault exists and whether it is unlocked. */
    fun vaultState(): VaultState

    /**
     * The core's strength estimate and floor for a NEW password (cheap: call
     * it as the user types). The calls that take a new password
     * ([createVault], [changeRecoveryPassword], [exportBackup], [exportAegis]) refuse one that is not
     * [PasswordStrength.acceptable] with [CoreException.Kind.WEAK_PASSWORD].
     */
    fun passwordStrength(password: String): PasswordStrength

    /**
     * Creates the vault with a recovery password slot and, when [withDeviceKey],
     * a platform key slot (the app has already authorised the device key for
     * this one use). Leaves it unlocked.
     */
    fun createVault(recoveryPassword: String, withDeviceKey: Boolean, nowSeconds: Long)

    /** Whether a recovery password slot exists (works while locked). */
    fun hasPasswordSlot(): Boolean

    /**
     * Replaces the recovery password (adds the slot if there is none); the
     * vault must be unlocked. Below the core's floor it is
     * [CoreException.Kind.WEAK_PASSWORD] and the old password stays.
     */
    fun changeRecoveryPassword(newPassword: String, nowSeconds: Long)

    /**
     * Adds a platform key slot sealed by the current device key and removes any
     * older one ([enabled]), or removes every platform slot (the vault must keep
     * its password slot). The vault must be unlocked.
     */
    fun setDeviceKey(enabled: Boolean, nowSeconds: Long)

    /** The core's backup reminder rule (core/src/backup_reminder.rs). */
    fun backupReminder(accounts: Int, changesSinceBackup: Int, lastBackupAtSeconds: Long?, nowSeconds: Long): BackupReminder

    /** Unlocks with the device key (the app has already authenticated the user if the key needs it). */
    fun unlockWithDevice()

    /** Unlocks with the backup password. A wrong password is [CoreException.Kind.WRONG_PASSWORD]. */
    fun unlockWithPassword(password: String)

    /** Drops the data key from memory. */
    fun lock()

    /** Current codes of every readable account, in the user's order. */
    fun codes(nowSeconds: Long): CodesResult

    /** The core's codes-list search: every word of [query] in the issuer or name, case and accents ignored. */
    fun matchesSearch(query: String, account: AccountSummary): Boolean

    /**
     * The core's clipboard rule: when (unix seconds) to clear a code copied at [copiedAtSeconds]
     * (30 s after [validUntil], within [limitSeconds] of copying, at least 15 s).
     */
    fun clipboardClearAt(copiedAtSeconds: Long, validUntil: Long?, limitSeconds: Int): Long

    /** Advances an HOTP account's counter (committed before returning) and returns the new code. */
    fun nextHotp(id: String, nowSeconds: Long): OtpCode

    fun rename(id: String, issuer: String?, name: String, nowSeconds: Long)

    /** Moves an account to the trash (restorable with [restore]). */
    fun delete(id: String, nowSeconds: Long)

    fun restore(id: String, nowSeconds: Long)

    /** Stores the new order; [ids] lists every account once. */
    fun reorder(ids: List<String>, nowSeconds: Long)

    /** Starts one run of the enrollment flow (the core's state machine over the vault). */
    fun startEnrollment(): EnrollmentSession

    // --- moving accounts: import ------------------------------------------------------

    /**
     * Reads another app's export (or a Twofold backup) of any supported format,
     * detected from the content. [password] is the file's own password:
     * without it an encrypted file is [CoreException.Kind.PASSWORD_REQUIRED],
     * a wrong one [CoreException.Kind.WRONG_PASSWORD]; an unreadable file is
     * [CoreException.Kind.IMPORT_FAILED] with the core's reason. The secrets
     * stay in the core, inside the returned [PendingImport].
     */
    fun readImport(bytes: ByteArray, password: String?): PendingImport

    /** Reads a screenshot (PNG/JPEG) of one Google Authenticator export QR code. */
    fun readImportImage(encoded: ByteArray): PendingImport

    /** Collects the QR codes of one multi-QR Google Authenticator export. */
    fun startGoogleExport(): GoogleExportCollector

    /** A camera-loop scanner for Google Authenticator export QR codes (one cheap attempt per frame). */
    fun startImportScanner(): ImportScanner

    /**
     * Adds every readable account of [pending] in one transaction; accounts
     * already in the vault are reported, not doubled. When [pending] lists
     * problems nothing is imported unless [acceptProblems] (the user chose to
     * import the readable rest): [CoreException.Kind.FLOW] otherwise.
     */
    fun importAccounts(pending: PendingImport, acceptProblems: Boolean, nowSeconds: Long): ImportResult

    // --- moving accounts: export (every call reveals every secret) -------------------

    /** Twofold's encrypted backup of every account (notes, counters, recovery codes). */
    fun exportBackup(password: String, nowSeconds: Long): ByteArray

    /** An Aegis-compatible encrypted vault. */
    fun exportAegis(password: String): ByteArray

    /** UNENCRYPTED: one `otpauth://` URI per line. */
    fun exportOtpauthList(): String

    /** UNENCRYPTED: Google Authenticator export QR codes as PNGs ([accountsPerCode] null: the core's choice). */
    fun exportGoogleQr(accountsPerCode: Int? = null): GoogleQrExport
}

/**
 * An export file that was read and waits for the user's decision. Its secrets
 * stay in the core; close it when the import is done or abandoned.
 */
interface PendingImport : AutoCloseable {
    val summary: ImportSummary
}

/** Gathers the QR codes of one Google Authenticator export, in any order. */
interface GoogleExportCollector : AutoCloseable {
    /** Adds one QR code; a code of another export is [CoreException.Kind.IMPORT_FAILED]. */
    fun add(part: PendingImport): GoogleExportProgress

    /** Everything collected so far, ready for [CoreGateway.importAccounts]. */
    fun finish(): PendingImport
}

/** What the banner above the codes list says about backups. */
sealed interface BackupReminder {
    data object UpToDate : BackupReminder
    data class NeverBackedUp(val accounts: Int) : BackupReminder
    data class ChangesNotBackedUp(val changes: Int, val lastBackupAtSeconds: Long) : BackupReminder
}

/** Scans camera frames for export QR codes. Close it when the camera screen is left. */
interface ImportScanner : AutoCloseable {
    /** One frame (lent for the call). */
    fun scanFrame(frame: LumaFrame): ImportFrameScan
}

/** What one camera frame showed, for the import's camera. */
sealed interface ImportFrameScan {
    /** One QR code of a Google Authenticator export: hand it to the collector. */
    class ExportPart(val part: PendingImport) : ImportFrameScan

    /** A setup code for one account (belongs in "Add account"). */
    data object SetupCode : ImportFrameScan

    /** A QR code that is not an export (a link, Wi-Fi…), or an invalid one. */
    data object NotAnExport : ImportFrameScan

    data object Nothing : ImportFrameScan
}

/** The formats the core imports (the app names each). */
enum class ImportFormat {
    GOOGLE_AUTHENTICATOR,
    AEGIS,
    AEGIS_ENCRYPTED,
    TWO_FAS,
    AND_OTP,
    BITWARDEN,
    OTPAUTH_LIST,
    TWOFOLD_BACKUP,
    BITWARDEN_CSV,
    FREE_OTP,
    FREE_OTP_PLUS,
    STEAM,
    PROTON,
    DUO,
    STRATUM,
    AUTHY,
    BATTLE_NET,
    GOOGLE_AUTHENTICATOR_DB,
    MICROSOFT_AUTHENTICATOR_DB,
}

/** An entry of the file that could not be read: its 1-based place (line for lists) and why. */
data class ImportIssue(val position: Int, val label: String?, val reason: String)

/** Where one Google export QR code sits in its export ([index] is 0-based). */
data class GoogleBatch(val batchId: Int, val index: Int, val size: Int)

/** How far a multi-QR Google export has been collected ([missing] are 0-based indices). */
data class GoogleExportProgress(val size: Int, val missing: List<Int>)

/** A Google Authenticator export whose QR codes were not all given ([missing]: 0-based indices). */
data class IncompleteGoogleExport(val size: Int, val missing: List<Int>)

/**
 * What a read file holds, without secrets: account labels ("Issuer (name)"), unreadable entries and
 * incomplete Google exports. [needsConsent] is the core's rule: importing leaves something out.
 */
data class ImportSummary(
    val format: ImportFormat,
    val accounts: List<String>,
    val problems: List<ImportIssue>,
    val googleBatch: GoogleBatch? = null,
    val incompleteGoogle: List<IncompleteGoogleExport> = emptyList(),
    val needsConsent: Boolean = problems.isNotEmpty() || incompleteGoogle.isNotEmpty(),
)

/** What an import did: how many accounts were added, and the labels of those skipped as duplicates. */
data class ImportResult(val added: Int, val duplicates: List<String>)

/** Google Authenticator export QR codes, and the accounts Google's format cannot carry. */
class GoogleQrExport(val pngs: List<ByteArray>, val leftOut: List<ImportIssue>) {
    override fun toString() = "GoogleQrExport(pngs=${pngs.size}, leftOut=$leftOut)"
}

/**
 * One run of the core's enrollment state machine. Every action returns the
 * step the flow is on afterwards. Close it when the flow is left.
 */
interface EnrollmentSession : AutoCloseable {
    fun step(): FlowStep
    fun choose(method: EnrollMethod): FlowStep

    /** Scans one camera frame (plane 0 of a YUV_420_888 image) and feeds the result to the flow. */
    fun submitFrame(frame: LumaFrame): FlowStep

    /** Scans a picked screenshot or photo (PNG/JPEG bytes) and feeds the result to the flow. */
    fun submitImage(encoded: ByteArray): FlowStep

    /** Feeds an `otpauth://` link opened from another app, as if it had been scanned. */
    fun submitLink(uri: String): FlowStep

    /** Live validation of the Trouble Scanning form. */
    fun updateManual(form: ManualForm): FlowStep
    fun submitManual(form: ManualForm): FlowStep
    fun editLabels(issuer: String?, name: String): FlowStep
    fun confirm(choice: DuplicateChoice?, nowSeconds: Long): FlowStep
    fun refreshCode(nowSeconds: Long): FlowStep
    fun codeEntered(): FlowStep
    fun acknowledge(acknowledged: Boolean): FlowStep
    fun saveRecoveryCode(code: String, nowSeconds: Long): FlowStep
    fun skipRecoveryCode(): FlowStep
    fun back(nowSeconds: Long): FlowStep
    fun cancel(nowSeconds: Long): FlowStep
}

enum class VaultState { NO_VAULT, LOCKED, UNLOCKED }

/** A one-time code; [validUntil] is null for HOTP (valid until used); [grouped] is the core's grouping ("123 456"). */
data class OtpCode(val value: String, val validFrom: Long, val validUntil: Long?, val grouped: String) {
    override fun toString(): String = "OtpCode(value=<redacted>, validFrom=$validFrom, validUntil=$validUntil)"
}

sealed interface CodeKind {
    data class Totp(val periodSeconds: Int) : CodeKind
    data object Hotp : CodeKind
    data object Steam : CodeKind
}

/** An account as listed: never its secret. */
data class AccountSummary(
    val id: String,
    val issuer: String?,
    val name: String,
    val kind: CodeKind,
    /** The core's label: "Issuer (name)", "Issuer" or "name"; empty when both are (the app shows its "unnamed" text). */
    val label: String,
)

/** An account and its current code (null for HOTP until "next code", or when none could be computed). */
data class AccountCode(val account: AccountSummary, val code: OtpCode?)

/** The codes, and how many stored rows failed authentication (tampered or corrupted). */
data class CodesResult(val codes: List<AccountCode>, val unreadable: Int = 0)

/**
 * A camera frame's luma plane, lent for the duration of one call: [luma] is
 * CameraX's plane-0 buffer itself (direct, position 0), which the core reads
 * in place without a copy. [rowStride] may exceed [width] (padding at the end
 * of each row), exactly as CameraX delivers plane 0.
 */
class LumaFrame(val luma: ByteBuffer, val width: Int, val height: Int, val rowStride: Int)

enum class EnrollMethod { CAMERA, IMAGE, MANUAL }

enum class OtpType { TOTP, HOTP, STEAM }

enum class HashAlgorithm { SHA1, SHA256, SHA512 }

/** The Trouble Scanning form as typed. Numbers stay text until submitted. */
data class ManualForm(
    val key: String = "",
    val name: String = "",
    val issuer: String = "",
    val type: OtpType = OtpType.TOTP,
    val algorithm: HashAlgorithm = HashAlgorithm.SHA1,
    val digits: Int = 6,
    val period: String = "30",
    val counter: String = "0",
) {
    override fun toString(): String =
        "ManualForm(key=<redacted>, name=$name, issuer=$issuer, type=$type, algorithm=$algorithm, " +
            "digits=$digits, period=$period, counter=$counter)"
}

enum class FormField { KEY, NAME, ISSUER, DIGITS, PERIOD, COUNTER }

/** The exact problem with a typed key (positions are 1-based, as typed). */
sealed interface KeyIssue {
    data object Empty : KeyIssue
    data class InvalidCharacter(val character: String, val position: Int, val hint: String?) : KeyIssue
    data class MisplacedPadding(val position: Int) : KeyIssue
    data class InvalidLength(val length: Int) : KeyIssue
    data class TooShort(val bits: Int, val minBits: Int) : KeyIssue
    data class TooLong(val bits: Int) : KeyIssue
}

/** One problem with one form field, as the core reports it. */
data class FieldIssue(val field: FormField, val reason: String, val keyIssue: KeyIssue? = null)

sealed interface ScanHint {
    data object HoldSteady : ScanHint
    data object NoCodeInImage : ScanHint
    data class NotAnAuthenticatorCode(val text: String) : ScanHint
    data class InvalidSetupCode(val reason: String) : ScanHint
    data object UseImportForExports : ScanHint
}

/** [label] is the core's ("Issuer (name)"). */
data class ExistingAccount(val id: String, val issuer: String?, val name: String, val label: String)

enum class DuplicateChoice { REPLACE, KEEP_BOTH }

/** The core flow's steps (core/src/enroll/state.rs), one to one. */
sealed interface FlowStep {
    data object ChooseMethod : FlowStep
    data class Scanning(val method: EnrollMethod, val hint: ScanHint?) : FlowStep
    data class ManualEntry(val errors: List<FieldIssue>) : FlowStep
    data class Confirm(
        val issuer: String?,
        val name: String,
        val duplicate: ExistingAccount?,
        val shortKey: Boolean,
    ) : FlowStep
    data class ShowCode(val accountId: String, val code: OtpCode) : FlowStep
    data class RecoveryCode(val accountId: String, val acknowledged: Boolean) : FlowStep
    data class Done(val accountId: String) : FlowStep
    data object Cancelled : FlowStep
}

/**
 * A failure reported by the core, already free of secrets. Screens choose by
 * [kind] (and [fieldIssues], [weakness]); [message] is the core's sentence
 * for a detail line, never something to parse.
 */
class CoreException(
    val kind: Kind,
    message: String,
    val fieldIssues: List<FieldIssue> = emptyList(),
    /** For [Kind.WEAK_PASSWORD]: why the core's floor refused the password, when it names a reason. */
    val weakness: PasswordWeakness? = null,
) : Exception(message) {
    enum class Kind {
        /** A form or label is invalid; see [fieldIssues]. */
        INVALID_FORM,

        /** A key, URI, image or code parameter is invalid. */
        INVALID_INPUT,

        /** The flow needs something first (a duplicate choice, the acknowledgement…), or a recovery code was already used. */
        FLOW,
        LOCKED,

        /** The vault's password, or an imported file's, is wrong. Nothing was written. */
        WRONG_PASSWORD,

        /** A new password is below the core's floor (see [CoreGateway.passwordStrength]); nothing was written. */
        WEAK_PASSWORD,

        /** An encrypted export or backup needs its password: ask, then read it again. */
        PASSWORD_REQUIRED,

        /** A file cannot be imported (unknown format, damaged, another export's QR code…). Nothing was written. */
        IMPORT_FAILED,

        /** An export or backup could not be produced. */
        EXPORT_FAILED,

        /** The device key store failed (it threw: not authenticated, hardware error…). */
        KEY_PROVIDER,

        /** The device key store answered, but its key no longer opens this vault (revoked, replaced). */
        KEY_INVALIDATED,

        /** The user cancelled the system authentication prompt. */
        CANCELLED,

        /** A stored row or key slot failed authentication or is damaged; the rest of the vault stays readable. */
        DAMAGED,

        /** The file is not a usable vault (missing, not a vault, from a newer app, a failed upgrade); it was left untouched. */
        VAULT_UNUSABLE,

        /** No such account, recovery code or key slot. */
        NOT_FOUND,

        /** A request the vault cannot honour as asked (removing the last key slot, an empty recovery code…). */
        INVALID_REQUEST,

        /** The storage below the vault failed (disk full, busy, read-only, I/O…). */
        STORAGE,

        /** A bug in the core. */
        INTERNAL,
    }
}
