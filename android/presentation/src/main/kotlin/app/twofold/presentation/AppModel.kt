package app.twofold.presentation

import app.twofold.presentation.codes.BackupStatus
import app.twofold.presentation.codes.CodesListModel
import app.twofold.presentation.enroll.EnrollScreen
import app.twofold.presentation.enroll.EnrollmentModel
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.lock.LockModel
import app.twofold.presentation.settings.LockMethodModel
import app.twofold.presentation.settings.RecoveryPasswordModel
import app.twofold.presentation.settings.SettingsModel
import app.twofold.presentation.settings.SettingsStore
import app.twofold.presentation.transfer.ExportModel
import app.twofold.presentation.transfer.ImportModel
import app.twofold.presentation.transfer.ImportScreen
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

enum class Destination { CODES, ENROLL, SETTINGS, IMPORT, EXPORT }

/**
 * The whole app's presentation: which screen is up, and the models behind
 * each. The platform shell renders [destination] (behind [lock] when locked)
 * and forwards events; every decision is made here.
 *
 * One instance per process: on Android the Application creates it and feeds
 * it the process lifecycle ([onProcessStart]/[onProcessStop]); activities and
 * their ViewModels come and go without touching the lock.
 */
class AppModel(
    private val core: CoreGateway,
    settingsStore: SettingsStore,
    /** The device lock methods usable now (asked again each time: a screen lock can be removed). */
    availableMethods: () -> Set<LockMethod>,
) {
    val settings = SettingsModel(settingsStore)

    val lock = LockModel(
        core = core,
        availableMethods = availableMethods,
        lockMethod = { settings.current.lockMethod },
        autoLock = { settings.current.autoLock },
        onCreated = settings::setLockMethod,
    )

    /** Settings → "Unlock with". */
    val lockMethod = LockMethodModel(core, settings, availableMethods)

    /** Settings → "Change recovery password". */
    val recoveryPassword = RecoveryPasswordModel(core)

    val codes = CodesListModel(
        core = core,
        clipboardClearSeconds = { settings.current.clipboardClearSeconds },
        tapToReveal = { settings.current.tapToReveal },
        backupStatus = { settings.current.let { BackupStatus(it.changesSinceBackup, it.lastBackupAtSeconds) } },
        onChanged = { settings.recordChanges() },
    )

    // --- process lifecycle and auto-lock ------------------------------------------------

    /** ProcessLifecycleOwner ON_START (`elapsedMillis`: `SystemClock.elapsedRealtime()`). */
    fun onProcessStart(elapsedMillis: Long) {
        lock.onProcessStart(elapsedMillis)
        forgetIfLocked()
    }

    /** ProcessLifecycleOwner ON_STOP. */
    fun onProcessStop(elapsedMillis: Long) {
        lock.onProcessStop(elapsedMillis)
        forgetIfLocked()
    }

    /** A lock with no activity on screen still drops the codes and flows at once. */
    private fun forgetIfLocked() {
        if (!lock.isUnlocked) onLockChanged(unlocked = false, nowMillis = 0)
    }

    /** Just before the app launches a system picker or its settings page and waits for the result. */
    fun externalScreenOpening(elapsedMillis: Long) = lock.suspendAutoLock(elapsedMillis)

    /** The picker returned (call before handing its result to the flow) or failed to open. */
    fun externalScreenClosed() = lock.resumeAutoLock()

    private val _destination = MutableStateFlow(Destination.CODES)
    val destination: StateFlow<Destination> = _destination.asStateFlow()

    private val _enrollment = MutableStateFlow<EnrollmentModel?>(null)

    /** The running enrollment, while [destination] is [Destination.ENROLL]. */
    val enrollment: StateFlow<EnrollmentModel?> = _enrollment.asStateFlow()

    private val _importing = MutableStateFlow<ImportModel?>(null)

    /** The running import, while [destination] is [Destination.IMPORT] (opened from Settings). */
    val importing: StateFlow<ImportModel?> = _importing.asStateFlow()

    private val _exporting = MutableStateFlow<ExportModel?>(null)

    /** The running export, while [destination] is [Destination.EXPORT] (opened from Settings). */
    val exporting: StateFlow<ExportModel?> = _exporting.asStateFlow()

    /** An otpauth:// link that arrived while locked; opened right after unlock. */
    private var pendingLink: String? = null

    /** The lock screen reported a change (after unlock/lock/auto-lock). */
    fun onLockChanged(unlocked: Boolean, nowMillis: Long) {
        if (!unlocked) {
            codes.clear()
            recoveryPassword.reset()
            endEnrollment()
            endTransfer()
            _destination.value = Destination.CODES
            return
        }
        codes.load(nowMillis)
        pendingLink?.let { link ->
            pendingLink = null
            openLink(link, nowMillis)
        }
    }

    fun startEnrollment(): EnrollmentModel {
        _enrollment.value?.let { return it }
        return runEnrollment()
    }

    private fun runEnrollment(): EnrollmentModel {
        val model = EnrollmentModel(core)
        _enrollment.value = model
        _destination.value = Destination.ENROLL
        return model
    }

    /** An `otpauth://` link from another app (or a scanned link shared to Twofold). */
    fun openLink(uri: String, nowMillis: Long) {
        if (!lock.isUnlocked) {
            pendingLink = uri
            return
        }
        // A link replaces an enrollment in progress only if it has not saved anything yet.
        val running = _enrollment.value
        val model = if (running == null || running.state.value.screen.isBeforeSave()) {
            running?.cancel(nowMillis)
            endEnrollment()
            runEnrollment()
        } else {
            running
        }
        model.onLink(uri)
    }

    /** Called by the shell whenever the enrollment's screen changes. */
    fun onEnrollmentScreen(screen: EnrollScreen, nowMillis: Long) {
        when (screen) {
            is EnrollScreen.Done, EnrollScreen.Cancelled -> {
                if (screen is EnrollScreen.Done) settings.recordChanges()
                endEnrollment()
                _destination.value = Destination.CODES
                codes.load(nowMillis)
            }
            else -> Unit
        }
    }

    fun openSettings() {
        lockMethod.refresh()
        recoveryPassword.reset()
        _destination.value = Destination.SETTINGS
    }

    /** Settings → "Import accounts". */
    fun startImport(): ImportModel {
        endTransfer()
        return ImportModel(core, onImported = settings::recordChanges).also {
            _importing.value = it
            _destination.value = Destination.IMPORT
        }
    }

    /** Settings → "Export accounts". */
    fun startExport(): ExportModel {
        endTransfer()
        return ExportModel(core, onBackupCompleted = settings::recordBackup).also {
            _exporting.value = it
            _destination.value = Destination.EXPORT
        }
    }

    /**
     * The enrollment camera saw a Google Authenticator export: collect it with
     * the same camera in the import flow ("3 of 5 codes read").
     */
    fun scanGoogleExport(nowMillis: Long): ImportModel {
        _enrollment.value?.cancel(nowMillis)
        endEnrollment()
        return startImport().also { it.startCameraScan() }
    }

    /** Called by the shell whenever the import's screen changes: the list shows imported accounts at once. */
    fun onImportScreen(screen: ImportScreen, nowMillis: Long) {
        if (screen is ImportScreen.Done) codes.load(nowMillis)
    }

    /** System back outside the enrollment. Returns false when the app should close. */
    fun back(): Boolean = when (_destination.value) {
        Destination.SETTINGS -> {
            _destination.value = Destination.CODES
            true
        }
        Destination.ENROLL -> true // the enrollment handles its own back
        Destination.IMPORT, Destination.EXPORT -> {
            endTransfer()
            _destination.value = Destination.SETTINGS
            true
        }
        Destination.CODES -> false
    }

    /** Closes a running import or export (releasing the read file, wiping produced bytes). */
    private fun endTransfer() {
        _importing.value?.close()
        _importing.value = null
        _exporting.value?.close()
        _exporting.value = null
    }

    private fun endEnrollment() {
        _enrollment.value?.close()
        _enrollment.value = null
    }

    private fun EnrollScreen.isBeforeSave(): Boolean = when (this) {
        EnrollScreen.ChooseMethod, is EnrollScreen.Camera, is EnrollScreen.Image,
        is EnrollScreen.TroubleScanning, is EnrollScreen.Confirm, EnrollScreen.Cancelled, is EnrollScreen.Done,
        -> true
        is EnrollScreen.ShowCode, is EnrollScreen.RecoveryCode -> false
    }
}
