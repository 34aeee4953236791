package app.twofold.presentation.transfer

import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.GoogleExportCollector
import app.twofold.presentation.GoogleExportProgress
import app.twofold.presentation.ImportFrameScan
import app.twofold.presentation.ImportFormat
import app.twofold.presentation.ImportIssue
import app.twofold.presentation.IncompleteGoogleExport
import app.twofold.presentation.ImportScanner
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.PendingImport
import app.twofold.presentation.ImportSummary
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** The screens of "Import accounts", each with everything it shows and enables. */
sealed interface ImportScreen {
    /** Choose the export file (or a screenshot of a Google export QR code). */
    data class PickFile(
        /** Open the system file picker now (on entry and after "choose another file"). */
        val launchPicker: Boolean,
    ) : ImportScreen

    /** The file is encrypted: its own password (not the vault's). */
    data class Password(
        val password: String,
        /** The last password tried was wrong (cleared when the user types). */
        val wrongPassword: Boolean,
        val canSubmit: Boolean,
    ) : ImportScreen {
        override fun toString() = "Password(wrongPassword=$wrongPassword, canSubmit=$canSubmit)"
    }

    /** Part of a multi-QR Google Authenticator export was read: add the other QR codes. */
    data class GoogleParts(
        val scanned: Int,
        val total: Int,
        /** 1-based numbers of the QR codes still missing, as the user counts them. */
        val missing: List<Int>,
        /** Importing only the codes read so far needs this explicit choice. */
        val canImportPartial: Boolean,
    ) : ImportScreen

    /**
     * The app's camera, reading the QR codes of a Google Authenticator export
     * ("Transfer accounts" on the old phone) one after the other. [total] is
     * null until the first code is read; [missing] are 1-based.
     */
    data class ScanExport(
        val scanned: Int,
        val total: Int?,
        val missing: List<Int>,
        val hint: ExportScanHint?,
        /** Importing only the codes read so far needs this explicit choice. */
        val canImportPartial: Boolean,
    ) : ImportScreen

    /** What the file holds, before anything is written. */
    data class Review(
        val format: ImportFormat,
        /** Labels of the readable accounts. */
        val accounts: List<String>,
        /** Each unreadable entry, with its position and the core's reason. */
        val problems: List<ImportIssue>,
        /** Google Authenticator exports whose QR codes were not all given. */
        val incompleteGoogle: List<IncompleteGoogleExport>,
        /** The file has unreadable entries: the user must tick "import the readable rest". */
        val needsAcceptance: Boolean,
        val acceptRest: Boolean,
        /** Show the "import the N readable accounts, without the M entries listed" checkbox. */
        val offerAcceptRest: Boolean,
        val canImport: Boolean,
    ) : ImportScreen

    /** Imported ([duplicates]: labels of accounts already in the vault, skipped). */
    data class Done(val added: Int, val duplicates: List<String>) : ImportScreen

    /**
     * Nothing was imported; [reason] is the core's own (untranslated) reason,
     * shown as detail. "Choose another file" starts over.
     */
    data class Failed(val reason: String) : ImportScreen
}

/** Why the last camera frame was not added, as a key for the app's text. */
enum class ExportScanHint {
    /** A setup code for one account: use "Add account". */
    SETUP_CODE,

    /** A QR code that is not a Google Authenticator export. */
    NOT_AN_EXPORT,

    /** A code of another export than the one being collected. */
    OTHER_EXPORT,
}

data class ImportUi(
    val screen: ImportScreen,
    /** The core's reason a QR code was refused on the Google screen. */
    val error: String? = null,
)

/**
 * Import from another authenticator app or a Twofold backup: pick a file,
 * give its password if it is encrypted, review what it holds (unreadable
 * entries listed with their position and reason), explicitly accept importing
 * the readable rest when some entries are unreadable, then import in one
 * transaction. The core reads and writes; this class decides what is shown.
 * The picked file's bytes are kept only until it is read, then wiped.
 */
class ImportModel(
    private val core: CoreGateway,
    /** Accounts were added (the app counts them as changes since the last backup). */
    private val onImported: (added: Int) -> Unit = {},
) : AutoCloseable {
    private val lock = Any()
    private var screen: ImportScreen = ImportScreen.PickFile(launchPicker = true)
    private var error: String? = null
    private var file: ByteArray? = null
    private var pending: PendingImport? = null
    private var collector: GoogleExportCollector? = null
    private var acceptRest = false
    private var scanner: ImportScanner? = null
    private var scanHint: ExportScanHint? = null

    private val _state = MutableStateFlow(render())
    val state: StateFlow<ImportUi> = _state.asStateFlow()

    // --- picking ------------------------------------------------------------------------

    fun pickerLaunched() = update {
        (screen as? ImportScreen.PickFile)?.let { screen = it.copy(launchPicker = false) }
    }

    /** "Choose another file", from the failure screen or the picker screen. */
    fun chooseAnotherFile() = update {
        reset()
        screen = ImportScreen.PickFile(launchPicker = true)
    }

    /**
     * A picked file's bytes (an export, a backup, or a text file of links). On
     * the Google screen, one more QR code of the same export.
     */
    fun onFile(bytes: ByteArray) = update {
        if (screen is ImportScreen.GoogleParts) {
            addGooglePart { core.readImport(bytes, null) }
            bytes.fill(0)
            return@update
        }
        reset()
        file = bytes
        read(password = null)
    }

    /** A picked screenshot or photo of a Google Authenticator export QR code. */
    fun onImage(encoded: ByteArray) = update {
        if (screen is ImportScreen.GoogleParts) {
            addGooglePart { core.readImportImage(encoded) }
            return@update
        }
        reset()
        try {
            received(core.readImportImage(encoded))
        } catch (e: CoreException) {
            fail(e)
        }
    }

    // --- password -----------------------------------------------------------------------

    fun editPassword(password: String) = update {
        val current = screen as? ImportScreen.Password ?: return@update
        screen = current.copy(password = password, wrongPassword = false, canSubmit = password.isNotEmpty())
    }

    fun submitPassword() = update {
        val current = screen as? ImportScreen.Password ?: return@update
        if (current.password.isEmpty()) return@update
        read(current.password)
    }

    // --- Google multi-QR ----------------------------------------------------------------

    /** Import the QR codes read so far, although some are missing (asked explicitly). */
    fun importScannedParts() = update {
        if (screen !is ImportScreen.GoogleParts && screen !is ImportScreen.ScanExport) return@update
        closeScanner()
        finishGoogle()
    }

    // --- Google export with the app's camera -------------------------------------------

    /** "Scan with camera": read the export's QR codes from the old phone's screen. */
    fun startCameraScan() = update {
        if (collector == null) reset()
        if (scanner == null) scanner = core.startImportScanner()
        scanHint = null
        screen = scanScreen(if (collector != null) lastProgress else null)
    }

    /**
     * One camera frame. Scanning runs outside the model's lock (tens of
     * milliseconds) so the UI thread never waits for it. Returns whether
     * frames are still wanted.
     */
    fun onFrame(frame: LumaFrame): Boolean {
        val reading = synchronized(lock) { scanner.takeIf { screen is ImportScreen.ScanExport } } ?: return false
        val result = try {
            reading.scanFrame(frame)
        } catch (_: CoreException) {
            return true
        } catch (_: IllegalStateException) {
            return false // closed while this frame was on its way
        }
        var wanted = false
        update {
            if (screen !is ImportScreen.ScanExport || scanner !== reading) {
                (result as? ImportFrameScan.ExportPart)?.part?.close()
                return@update
            }
            when (result) {
                is ImportFrameScan.ExportPart -> addScannedPart(result.part)
                ImportFrameScan.SetupCode -> scanHint = ExportScanHint.SETUP_CODE
                ImportFrameScan.NotAnExport -> scanHint = ExportScanHint.NOT_AN_EXPORT
                ImportFrameScan.Nothing -> Unit
            }
            if (screen is ImportScreen.ScanExport) screen = scanScreen(lastProgress)
            wanted = screen is ImportScreen.ScanExport
        }
        return wanted
    }

    private var lastProgress: GoogleExportProgress? = null

    private fun addScannedPart(part: PendingImport) {
        val batch = part.summary.googleBatch
        if (collector == null && (batch == null || batch.size <= 1)) {
            // A one-code export: nothing to collect, review it at once.
            closeScanner()
            pending = part
            acceptRest = false
            showReview()
            return
        }
        val collecting = collector ?: core.startGoogleExport().also { collector = it }
        try {
            val progress = collecting.add(part)
            scanHint = null
            lastProgress = progress
            if (progress.missing.isEmpty()) {
                closeScanner()
                finishGoogle()
            }
        } catch (_: CoreException) {
            scanHint = ExportScanHint.OTHER_EXPORT
        } finally {
            part.close()
        }
    }

    private fun scanScreen(progress: GoogleExportProgress?): ImportScreen.ScanExport {
        val scanned = progress?.let { it.size - it.missing.size } ?: 0
        return ImportScreen.ScanExport(
            scanned = scanned,
            total = progress?.size,
            missing = progress?.missing?.map { it + 1 }.orEmpty(),
            hint = scanHint,
            canImportPartial = scanned > 0,
        )
    }

    /** Leave the camera (back to choosing a file, keeping what was read). */
    fun stopCameraScan() = update {
        closeScanner()
        val progress = lastProgress
        screen = if (collector != null && progress != null) {
            showProgress(progress)
            screen
        } else {
            ImportScreen.PickFile(launchPicker = false)
        }
    }

    // --- review and import --------------------------------------------------------------

    fun setAcceptRest(accept: Boolean) = update {
        if (screen !is ImportScreen.Review) return@update
        acceptRest = accept
        showReview()
    }

    fun confirm(nowMillis: Long) = update {
        val review = screen as? ImportScreen.Review ?: return@update
        val file = pending ?: return@update
        if (!review.canImport) return@update
        screen = try {
            val result = core.importAccounts(file, acceptProblems = review.needsAcceptance && acceptRest, nowSeconds = nowMillis / 1000)
            closePending()
            if (result.added > 0) onImported(result.added)
            ImportScreen.Done(result.added, result.duplicates)
        } catch (e: CoreException) {
            closePending()
            ImportScreen.Failed(failureReason(e))
        }
    }

    fun errorShown() = update { error = null }

    override fun close() = update { reset() }

    // --- internals ----------------------------------------------------------------------

    private fun read(password: String?) {
        val bytes = file ?: return
        try {
            val read = core.readImport(bytes, password)
            wipeFile()
            received(read)
        } catch (e: CoreException) {
            when (e.kind) {
                CoreException.Kind.PASSWORD_REQUIRED ->
                    screen = ImportScreen.Password(password = "", wrongPassword = false, canSubmit = false)
                CoreException.Kind.WRONG_PASSWORD ->
                    screen = ImportScreen.Password(password = "", wrongPassword = true, canSubmit = false)
                else -> {
                    wipeFile()
                    fail(e)
                }
            }
        }
    }

    /** A file or image was read: a part of a multi-QR Google export, or a whole file to review. */
    private fun received(read: PendingImport) {
        val batch = read.summary.googleBatch
        if (batch == null || batch.size <= 1) {
            pending = read
            acceptRest = false
            showReview()
            return
        }
        val started = core.startGoogleExport()
        collector = started
        try {
            showProgress(started.add(read))
        } catch (e: CoreException) {
            fail(e)
        } finally {
            read.close()
        }
    }

    private inline fun addGooglePart(readPart: () -> PendingImport) {
        val collecting = collector ?: return
        try {
            readPart().use { part -> showProgress(collecting.add(part)) }
            error = null
        } catch (e: CoreException) {
            error = when (e.kind) {
                CoreException.Kind.IMPORT_FAILED, CoreException.Kind.INVALID_INPUT -> e.message
                else -> e.message ?: "This QR code could not be added."
            }
        }
    }

    private fun showProgress(progress: GoogleExportProgress) {
        lastProgress = progress
        if (progress.missing.isEmpty()) {
            finishGoogle()
            return
        }
        val scanned = progress.size - progress.missing.size
        val numbers = progress.missing.map { it + 1 }
        screen = ImportScreen.GoogleParts(
            scanned = scanned,
            total = progress.size,
            missing = numbers,
            canImportPartial = scanned > 0,
        )
    }

    private fun finishGoogle() {
        val collecting = collector ?: return
        collector = null
        pending = collecting.finish()
        collecting.close()
        acceptRest = false
        showReview()
    }

    private fun showReview() {
        val summary = pending?.summary ?: return
        screen = review(summary, acceptRest)
    }

    private fun fail(e: CoreException) {
        closeScanner()
        closePending()
        closeCollector()
        screen = ImportScreen.Failed(failureReason(e))
    }

    private fun closeScanner() {
        scanner?.close()
        scanner = null
        scanHint = null
    }

    private fun reset() {
        closeScanner()
        lastProgress = null
        wipeFile()
        closePending()
        closeCollector()
        acceptRest = false
        error = null
    }

    private fun wipeFile() {
        file?.fill(0)
        file = null
    }

    private fun closePending() {
        pending?.close()
        pending = null
    }

    private fun closeCollector() {
        collector?.close()
        collector = null
    }

    /** The shell runs core calls off the main thread while the UI edits: one change at a time. */
    private inline fun update(block: () -> Unit) {
        synchronized(lock) {
            block()
            _state.value = render()
        }
    }

    private fun render() = ImportUi(screen, error)

    companion object {
        fun review(summary: ImportSummary, acceptRest: Boolean): ImportScreen.Review {
            val count = summary.accounts.size
            val needsAcceptance = summary.needsConsent
            return ImportScreen.Review(
                format = summary.format,
                accounts = summary.accounts,
                problems = summary.problems,
                incompleteGoogle = summary.incompleteGoogle,
                needsAcceptance = needsAcceptance,
                acceptRest = needsAcceptance && acceptRest,
                offerAcceptRest = needsAcceptance && count > 0,
                canImport = count > 0 && (!needsAcceptance || acceptRest),
            )
        }

        private fun failureReason(e: CoreException): String = e.message ?: e.kind.name
    }
}
