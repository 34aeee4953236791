package app.twofold.gateway

import app.twofold.core.ImportProblem
import app.twofold.core.Scanner
import app.twofold.core.ScanOutcome
import app.twofold.core.Vault
import app.twofold.core.readImport
import app.twofold.core.scanImage
import app.twofold.presentation.BackupReminder
import app.twofold.presentation.CoreException
import app.twofold.presentation.GoogleBatch
import app.twofold.presentation.GoogleExportCollector
import app.twofold.presentation.GoogleExportProgress
import app.twofold.presentation.GoogleQrExport
import app.twofold.presentation.ImportFormat
import app.twofold.presentation.ImportFrameScan
import app.twofold.presentation.ImportScanner
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.ImportIssue
import app.twofold.presentation.IncompleteGoogleExport
import app.twofold.presentation.ImportResult
import app.twofold.presentation.ImportSummary
import app.twofold.presentation.PendingImport
import java.nio.ByteBuffer
import app.twofold.core.BackupReminder as CoreBackupReminder
import app.twofold.core.GoogleExportCollector as CoreGoogleExportCollector
import app.twofold.core.GoogleExportProgress as CoreGoogleExportProgress
import app.twofold.core.ImportFormat as CoreImportFormat
import app.twofold.core.PendingImport as CorePendingImport

// Import and export over the generated bindings (bindings/src/transfer.rs).
// The secrets of a read file stay in Rust inside `PendingImport`; only labels,
// problems and batch positions cross into :presentation.

/** A read export file: the binding's object and its secret-free summary. */
internal class BindingsPendingImport(val pending: CorePendingImport) : PendingImport {
    override val summary: ImportSummary = core {
        ImportSummary(
            format = pending.format().toImportFormat(),
            accounts = pending.entries().map { it.label },
            problems = pending.problems().map { it.toImportIssue() },
            googleBatch = pending.googleBatch()?.let { GoogleBatch(it.batchId, it.index.toInt(), it.size.toInt()) },
            incompleteGoogle = pending.incompleteGoogleExports().map { export ->
                IncompleteGoogleExport(export.size.toInt(), export.missing.map { it.toInt() })
            },
            needsConsent = pending.needsConsent(),
        )
    }

    override fun close() = pending.close()
}

internal class BindingsGoogleCollector : GoogleExportCollector {
    private val collector = CoreGoogleExportCollector()

    override fun add(part: PendingImport): GoogleExportProgress =
        core { collector.add(part.binding()).toProgress() }

    override fun finish(): PendingImport = BindingsPendingImport(collector.finish())

    override fun close() = collector.close()
}

/** The import's camera: the camera-loop scanner, keeping only Google export codes. */
internal class BindingsImportScanner : ImportScanner {
    private val scanner = Scanner()

    override fun scanFrame(frame: LumaFrame): ImportFrameScan {
        val outcome = core {
            scanner.scanFrame(frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt())
        }
        return when (outcome) {
            is ScanOutcome.Migration -> ImportFrameScan.ExportPart(BindingsPendingImport(outcome.export))
            is ScanOutcome.Account -> {
                outcome.account.close()
                ImportFrameScan.SetupCode
            }
            is ScanOutcome.BareKey -> {
                // A site's bare key is a setup code too, not an export part.
                outcome.key.close()
                ImportFrameScan.SetupCode
            }
            is ScanOutcome.InvalidAccount, is ScanOutcome.NotAnAuthenticatorCode -> ImportFrameScan.NotAnExport
            ScanOutcome.Nothing -> ImportFrameScan.Nothing
        }
    }

    override fun close() = scanner.close()
}

internal fun CoreBackupReminder.toBackupReminder(): BackupReminder = when (this) {
    CoreBackupReminder.UpToDate -> BackupReminder.UpToDate
    is CoreBackupReminder.NeverBackedUp -> BackupReminder.NeverBackedUp(accounts.toInt())
    is CoreBackupReminder.ChangesNotBackedUp -> BackupReminder.ChangesNotBackedUp(changes.toInt(), lastBackupAt.toLong())
}

internal fun readImportFile(bytes: ByteArray, password: String?): PendingImport =
    core { BindingsPendingImport(readImport(bytes, password)) }

/** A screenshot of one Google Authenticator export QR code. */
internal fun scanImportImage(encoded: ByteArray): PendingImport {
    // The scanner borrows its input: a direct buffer, as for camera frames.
    val buffer = ByteBuffer.allocateDirect(encoded.size).put(encoded).flip()
    return when (val outcome = core { scanImage(buffer) }) {
        is ScanOutcome.Migration -> BindingsPendingImport(outcome.export)
        is ScanOutcome.Account -> {
            outcome.account.close()
            throw CoreException(
                CoreException.Kind.INVALID_INPUT,
                "this QR code sets up one account, not an export: add it with Add account",
            )
        }
        is ScanOutcome.BareKey -> {
            outcome.key.close()
            throw CoreException(
                CoreException.Kind.INVALID_INPUT,
                "this QR code holds a site's key, not an export: add it with Add account",
            )
        }
        else -> throw CoreException(CoreException.Kind.INVALID_INPUT, "no Google Authenticator export QR code in this image")
    }
}

internal fun Vault.importPending(pending: PendingImport, acceptProblems: Boolean, nowSeconds: Long): ImportResult {
    // The core refuses a partly readable file unless the user accepted the rest.
    val report = core { importAccounts(pending.binding(), acceptProblems, nowSeconds.toULong()) }
    return ImportResult(added = report.added.size, duplicates = report.duplicates.map { it.label })
}

internal fun Vault.googleQr(accountsPerCode: Int?): GoogleQrExport = core {
    val export = exportGoogleQr(accountsPerCode?.coerceAtLeast(1)?.toUInt())
    GoogleQrExport(export.pngs, export.leftOut.map { it.toImportIssue() })
}

private fun PendingImport.binding(): CorePendingImport =
    (this as? BindingsPendingImport)?.pending
        ?: throw IllegalArgumentException("not a pending import of this gateway")

internal fun CoreImportFormat.toImportFormat(): ImportFormat = when (this) {
    CoreImportFormat.GOOGLE_MIGRATION -> ImportFormat.GOOGLE_AUTHENTICATOR
    CoreImportFormat.AEGIS_PLAIN -> ImportFormat.AEGIS
    CoreImportFormat.AEGIS_ENCRYPTED -> ImportFormat.AEGIS_ENCRYPTED
    CoreImportFormat.TWO_FAS -> ImportFormat.TWO_FAS
    CoreImportFormat.AND_OTP -> ImportFormat.AND_OTP
    CoreImportFormat.BITWARDEN -> ImportFormat.BITWARDEN
    CoreImportFormat.URI_LIST -> ImportFormat.OTPAUTH_LIST
    CoreImportFormat.TWOFOLD_BACKUP -> ImportFormat.TWOFOLD_BACKUP
    CoreImportFormat.BITWARDEN_CSV -> ImportFormat.BITWARDEN_CSV
    CoreImportFormat.FREE_OTP_XML -> ImportFormat.FREE_OTP
    CoreImportFormat.FREE_OTP_PLUS_JSON -> ImportFormat.FREE_OTP_PLUS
    CoreImportFormat.STEAM_MA_FILE -> ImportFormat.STEAM
    CoreImportFormat.PROTON_AUTHENTICATOR -> ImportFormat.PROTON
    CoreImportFormat.DUO_MOBILE -> ImportFormat.DUO
    CoreImportFormat.STRATUM_PLAIN -> ImportFormat.STRATUM
    CoreImportFormat.AUTHY_XML -> ImportFormat.AUTHY
    CoreImportFormat.BATTLE_NET_XML -> ImportFormat.BATTLE_NET
    CoreImportFormat.GOOGLE_AUTHENTICATOR_DB -> ImportFormat.GOOGLE_AUTHENTICATOR_DB
    CoreImportFormat.MICROSOFT_AUTHENTICATOR_DB -> ImportFormat.MICROSOFT_AUTHENTICATOR_DB
    // Named as their plain forms until the screens get their own strings.
    CoreImportFormat.TWO_FAS_ENCRYPTED -> ImportFormat.TWO_FAS
    CoreImportFormat.AND_OTP_ENCRYPTED -> ImportFormat.AND_OTP
    CoreImportFormat.BITWARDEN_ENCRYPTED -> ImportFormat.BITWARDEN
}

internal fun ImportProblem.toImportIssue(): ImportIssue = ImportIssue(position.toInt(), label, reason)

internal fun CoreGoogleExportProgress.toProgress(): GoogleExportProgress =
    GoogleExportProgress(size.toInt(), missing.map { it.toInt() })
