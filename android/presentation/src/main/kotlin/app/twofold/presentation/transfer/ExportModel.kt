package app.twofold.presentation.transfer

import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.ImportIssue
import app.twofold.presentation.PasswordStrength
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import java.io.IOException
import java.io.OutputStream

/** What the user can export to, and whether the file protects the secrets (the app names and describes each). */
enum class ExportFormat(val encrypted: Boolean) {
    /** Every account with notes, counters and recovery codes; restored in Twofold. */
    TWOFOLD_BACKUP(encrypted = true),

    /** An Aegis vault that Aegis and other apps import. */
    AEGIS(encrypted = true),

    /** One otpauth:// link per account, in a text file. */
    OTPAUTH_LIST(encrypted = false),

    /** QR codes to scan with Google Authenticator. */
    GOOGLE_QR(encrypted = false),
}

/** One file for the platform share sheet. The bytes hold secrets: wipe them with [ExportModel.finished]. */
class ExportFile(val name: String, val mimeType: String, val bytes: ByteArray) {
    override fun toString() = "ExportFile(name=$name, mimeType=$mimeType, size=${bytes.size})"
}

/**
 * The document the user chose for one file (Android: the `content://` URI
 * returned by ACTION_CREATE_DOCUMENT, which the provider has already created,
 * empty). The app implements it over `ContentResolver` and `DocumentsContract`.
 */
interface SaveTarget {
    /** Opens the document for writing; null when the provider gives no stream. May throw [IOException]. */
    fun open(): OutputStream?

    /** Deletes the document after a failed write; false when it could not be deleted. */
    fun delete(): Boolean
}

/** What is wrong with an export password, as a key for the app's text. */
enum class ExportPasswordProblem {
    EMPTY,

    /** Below the core's floor (also when the core refused it): `Password.strength` says how weak and why. */
    TOO_WEAK,
    MISMATCH,
}

/** Why a file was not saved, as a key for the app's text. */
enum class SaveProblem {
    /** The provider returned no stream. */
    NO_STREAM,

    /** Writing or closing failed (full disk, provider error, revoked access…). */
    WRITE_FAILED,
}

sealed interface ExportScreen {
    data class ChooseFormat(val formats: List<ExportFormat>) : ExportScreen

    /** Encrypted formats: the file's password, typed twice. */
    data class Password(
        val format: ExportFormat,
        val password: String,
        val repeat: String,
        /** Shown once something was typed (or export was tried); the app words it. */
        val problem: ExportPasswordProblem?,
        val canExport: Boolean,
        /** The core's estimate of [password] as typed (null while it is empty). */
        val strength: PasswordStrength? = null,
    ) : ExportScreen {
        override fun toString() = "Password(format=$format, problem=$problem, canExport=$canExport, strength=$strength)"
    }

    /** Unencrypted formats: an explicit "I understand this file is unencrypted" before any byte is produced. */
    data class Unencrypted(
        val format: ExportFormat,
        val acknowledged: Boolean,
        val canExport: Boolean,
    ) : ExportScreen

    /**
     * The files to save, one after the other ([leftOut]: accounts the format
     * could not carry, with the core's reason). [saved] files are written; the
     * next one is `files[saved]`.
     */
    data class Ready(
        val format: ExportFormat,
        val files: List<ExportFile>,
        val leftOut: List<ImportIssue> = emptyList(),
        val saved: Int = 0,
        val saveProblem: SaveProblem? = null,
        /** The platform's reason with [SaveProblem.WRITE_FAILED]. */
        val saveDetail: String? = null,
        /** The failed, empty or partial document could not be deleted: tell the user to delete it. */
        val leftoverDocument: Boolean = false,
    ) : ExportScreen {
        val next: ExportFile? get() = files.getOrNull(saved)
        val complete: Boolean get() = saved >= files.size
    }

    data class Failed(val format: ExportFormat, val reason: String) : ExportScreen
}

data class ExportUi(val screen: ExportScreen)

/**
 * "Export accounts": choose a format; encrypted ones need a password typed
 * twice that passes the core's floor for new passwords (shown as typed), unencrypted ones the
 * user's explicit acknowledgement; then the core produces the files, which go
 * to the share sheet and are wiped afterwards.
 */
class ExportModel(
    private val core: CoreGateway,
    /** Every file of an encrypted export was written: the vault is backed up as of now (unix seconds). */
    private val onBackupCompleted: (nowSeconds: Long) -> Unit = {},
) : AutoCloseable {
    private val lock = Any()
    private var screen: ExportScreen = ExportScreen.ChooseFormat(ExportFormat.entries)
    private var tried = false

    private val _state = MutableStateFlow(render())
    val state: StateFlow<ExportUi> = _state.asStateFlow()

    fun choose(format: ExportFormat) = update {
        tried = false
        screen = if (format.encrypted) {
            passwordScreen(format, "", "")
        } else {
            unencryptedScreen(format, acknowledged = false)
        }
    }

    fun editPassword(password: String) = update {
        val current = screen as? ExportScreen.Password ?: return@update
        screen = passwordScreen(current.format, password, current.repeat)
    }

    fun editRepeat(repeat: String) = update {
        val current = screen as? ExportScreen.Password ?: return@update
        screen = passwordScreen(current.format, current.password, repeat)
    }

    fun acknowledge(checked: Boolean) = update {
        val current = screen as? ExportScreen.Unencrypted ?: return@update
        screen = unencryptedScreen(current.format, checked)
    }

    /** Produces the files. Does nothing until the password or the acknowledgement allows it. */
    fun export(nowMillis: Long) = update {
        when (val current = screen) {
            is ExportScreen.Password -> {
                tried = true
                val checked = passwordScreen(current.format, current.password, current.repeat)
                if (!checked.canExport) {
                    screen = checked
                    return@update
                }
                try {
                    produce(current.format) {
                        val bytes = when (current.format) {
                            ExportFormat.TWOFOLD_BACKUP -> core.exportBackup(current.password, nowMillis / 1000)
                            else -> core.exportAegis(current.password)
                        }
                        listOf(fileFor(current.format, bytes)) to emptyList()
                    }
                } catch (e: CoreException) {
                    // Only the floor refusal reaches here (produce keeps the rest): back to the form, as a state.
                    screen = checked.copy(problem = ExportPasswordProblem.TOO_WEAK, canExport = false)
                }
            }
            is ExportScreen.Unencrypted -> {
                if (!current.acknowledged) return@update
                produce(current.format) {
                    when (current.format) {
                        ExportFormat.OTPAUTH_LIST ->
                            listOf(fileFor(current.format, core.exportOtpauthList().toByteArray(Charsets.UTF_8))) to emptyList()
                        else -> {
                            val export = core.exportGoogleQr()
                            val files = export.pngs.mapIndexed { index, png ->
                                ExportFile(
                                    name = if (export.pngs.size == 1) "google-authenticator.png" else "google-authenticator-${index + 1}.png",
                                    mimeType = "image/png",
                                    bytes = png,
                                )
                            }
                            files to export.leftOut
                        }
                    }
                }
            }
            else -> Unit
        }
    }

    /**
     * Writes the next file to [target], the document the user just created. A
     * null stream or a failing write is an error, never "saved", and the
     * document (empty, or cut short) is deleted.
     */
    fun save(target: SaveTarget, nowMillis: Long) = update {
        val ready = screen as? ExportScreen.Ready ?: return@update
        val file = ready.next ?: return@update
        val problem: SaveProblem?
        var detail: String? = null
        try {
            val stream = target.open()
            if (stream == null) {
                problem = SaveProblem.NO_STREAM
            } else {
                // close() is part of the write: many providers only upload or fsync there.
                stream.use { it.write(file.bytes); it.flush() }
                problem = null
            }
        } catch (e: IOException) {
            return@update saveFailed(ready, SaveProblem.WRITE_FAILED, e.message ?: e.javaClass.simpleName, target)
        } catch (e: SecurityException) {
            return@update saveFailed(ready, SaveProblem.WRITE_FAILED, e.message ?: e.javaClass.simpleName, target)
        }
        if (problem != null) return@update saveFailed(ready, problem, detail, target)
        val done = ready.copy(saved = ready.saved + 1, saveProblem = null, saveDetail = null, leftoverDocument = false)
        screen = done
        if (done.complete && ready.format.encrypted) onBackupCompleted(nowMillis / 1000)
    }

    private fun saveFailed(ready: ExportScreen.Ready, problem: SaveProblem, detail: String?, target: SaveTarget) {
        val deleted = runCatching { target.delete() }.getOrDefault(false)
        screen = ready.copy(saveProblem = problem, saveDetail = detail, leftoverDocument = !deleted)
    }

    /** Back to the formats (from a form, a failure, or after sharing); wipes any produced bytes. */
    fun back() = update {
        wipe()
        tried = false
        screen = ExportScreen.ChooseFormat(ExportFormat.entries)
    }

    /** The share sheet closed: the bytes are no longer needed. */
    fun finished() = back()

    override fun close() = update { wipe() }

    /** A [CoreException.Kind.WEAK_PASSWORD] refusal is rethrown for the password form; any other failure is [ExportScreen.Failed]. */
    private inline fun produce(format: ExportFormat, block: () -> Pair<List<ExportFile>, List<ImportIssue>>) {
        screen = try {
            val (files, leftOut) = block()
            ExportScreen.Ready(format, files, leftOut)
        } catch (e: CoreException) {
            if (e.kind == CoreException.Kind.WEAK_PASSWORD) throw e
            ExportScreen.Failed(format, e.message ?: "The export failed.")
        }
    }

    private fun passwordScreen(format: ExportFormat, password: String, repeat: String): ExportScreen.Password {
        val strength = password.takeIf { it.isNotEmpty() }?.let(core::passwordStrength)
        val problem = passwordProblem(password, repeat, strength)
        val typed = password.isNotEmpty() || repeat.isNotEmpty()
        return ExportScreen.Password(
            format = format,
            password = password,
            repeat = repeat,
            problem = problem.takeIf { tried || (typed && !(problem == ExportPasswordProblem.MISMATCH && repeat.isEmpty())) },
            canExport = problem == null,
            strength = strength,
        )
    }

    private fun unencryptedScreen(format: ExportFormat, acknowledged: Boolean) = ExportScreen.Unencrypted(
        format = format,
        acknowledged = acknowledged,
        canExport = acknowledged,
    )

    private fun wipe() {
        (screen as? ExportScreen.Ready)?.files?.forEach { it.bytes.fill(0) }
    }

    /** The shell runs core calls off the main thread while the UI edits: one change at a time. */
    private inline fun update(block: () -> Unit) {
        synchronized(lock) {
            block()
            _state.value = render()
        }
    }

    private fun render() = ExportUi(screen)

    companion object {
        /** An export password is required, must pass the core's floor ([strength] of [password]), and is typed twice. */
        fun passwordProblem(password: String, repeat: String, strength: PasswordStrength?): ExportPasswordProblem? = when {
            password.isEmpty() -> ExportPasswordProblem.EMPTY
            strength?.acceptable != true -> ExportPasswordProblem.TOO_WEAK
            password != repeat -> ExportPasswordProblem.MISMATCH
            else -> null
        }

        fun fileFor(format: ExportFormat, bytes: ByteArray): ExportFile = when (format) {
            ExportFormat.TWOFOLD_BACKUP -> ExportFile("twofold-backup.json", "application/json", bytes)
            ExportFormat.AEGIS -> ExportFile("aegis-export.json", "application/json", bytes)
            ExportFormat.OTPAUTH_LIST -> ExportFile("twofold-otpauth.txt", "text/plain", bytes)
            ExportFormat.GOOGLE_QR -> ExportFile("google-authenticator.png", "image/png", bytes)
        }
    }
}
