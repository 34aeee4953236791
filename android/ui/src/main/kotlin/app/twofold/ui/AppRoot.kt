package app.twofold.ui

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.twofold.presentation.AppModel
import app.twofold.presentation.codes.ClipboardCopy
import app.twofold.presentation.lock.LockMethod
import app.twofold.ui.enroll.EnrollmentFlow
import app.twofold.ui.transfer.ExportFlow
import app.twofold.ui.transfer.ImportFlow
import app.twofold.presentation.Destination
import app.twofold.presentation.lock.LockScreen

/**
 * What the app's shell does around the models: the clock, the worker thread,
 * the clipboard and the device-key prompts (Android's ViewModel; a test double
 * on the desktop).
 */
interface AppShell {
    fun now(): Long

    /** Runs a slow core call (key derivation) off the main thread. */
    fun background(block: () -> Unit)

    /** Launches a system picker or settings page with auto-lock suspended until it returns. */
    fun launchExternal(launch: () -> Unit)

    fun externalScreenClosed()

    fun putOnClipboard(copy: ClipboardCopy)

    fun copyWithTimer(label: String, value: String)

    fun createVaultWithDeviceKey(method: LockMethod)

    fun unlockWithDevice(userAsked: Boolean = false)

    fun switchToDeviceMethod(method: LockMethod)

    fun switchToPassword()
}

/** Renders the [AppModel]: the lock screens first, then the destination. */
@Composable
fun AppRoot(app: AppModel, shell: AppShell) {
    val lockUi by app.lock.state.collectAsStateWithLifecycle()
    val destination by app.destination.collectAsStateWithLifecycle()
    val unlocked = lockUi.screen == LockScreen.Unlocked

    LaunchedEffect(unlocked) { app.onLockChanged(unlocked, shell.now()) }

    Surface(Modifier.fillMaxSize()) {
        when (val screen = lockUi.screen) {
            is LockScreen.Setup -> SetupScreen(
                screen = screen,
                busy = lockUi.busy,
                onMethod = app.lock::chooseMethod,
                onPassword = app.lock::setPassword,
                onPasswordRepeat = app.lock::setPasswordRepeat,
                onCreate = {
                    if (screen.needsDeviceKey) {
                        // A fresh per-operation key, then one prompt to seal the data key with it.
                        shell.createVaultWithDeviceKey(screen.method)
                    } else {
                        shell.background { app.lock.create(shell.now()) }
                    }
                },
            )
            is LockScreen.Locked -> {
                // Open the prompt as soon as the lock screen shows (the ViewModel ignores a repeat).
                LaunchedEffect(screen.promptForDeviceAuth) {
                    if (screen.promptForDeviceAuth) shell.unlockWithDevice()
                }
                LockedScreen(
                    screen = screen,
                    busy = lockUi.busy,
                    onUnlockWithDevice = {
                        app.lock.showDevicePrompt()
                        shell.unlockWithDevice(userAsked = true)
                    },
                    onUsePassword = app.lock::showPasswordForm,
                    onPassword = app.lock::editPassword,
                    onUnlockWithPassword = { shell.background { app.lock.unlockWithPassword() } },
                )
            }
            LockScreen.Unlocked -> when (destination) {
                Destination.CODES -> {
                    val codes by app.codes.state.collectAsStateWithLifecycle()
                    CodesScreen(
                        state = codes,
                        model = app.codes,
                        now = shell::now,
                        onCopy = shell::putOnClipboard,
                        onAdd = { app.startEnrollment() },
                        onSettings = app::openSettings,
                        onLock = app.lock::lockNow,
                        onBackUp = {
                            app.openSettings()
                            app.startExport()
                        },
                    )
                }
                Destination.ENROLL -> {
                    val enrollment by app.enrollment.collectAsStateWithLifecycle()
                    val copyLabel = string("enroll_title_code")
                    enrollment?.let { model ->
                        val ui by model.state.collectAsStateWithLifecycle()
                        LaunchedEffect(ui.screen) { app.onEnrollmentScreen(ui.screen, shell.now()) }
                        EnrollmentFlow(
                            ui = ui,
                            model = model,
                            now = shell::now,
                            onCopyCode = { code -> shell.copyWithTimer(copyLabel, code) },
                            launchExternal = shell::launchExternal,
                            externalClosed = shell::externalScreenClosed,
                            cameraDeniedBefore = { app.settings.current.cameraDeniedBefore },
                            onCameraDenied = { app.settings.setCameraDeniedBefore(true) },
                            onScanExport = { app.scanGoogleExport(shell.now()) },
                        )
                    }
                }
                Destination.SETTINGS -> {
                    val settings by app.settings.state.collectAsStateWithLifecycle()
                    val lockMethod by app.lockMethod.state.collectAsStateWithLifecycle()
                    val recoveryPassword by app.recoveryPassword.state.collectAsStateWithLifecycle()
                    LocalPlatform.current.BackHandler { app.back() }
                    SettingsScreen(
                        ui = settings,
                        model = app.settings,
                        lockMethod = lockMethod,
                        onLockMethod = { method ->
                            app.lockMethod.choose(method)
                            val pending = app.lockMethod.state.value.pending
                            when {
                                pending == null -> Unit
                                pending.usesDeviceKey -> shell.switchToDeviceMethod(pending)
                                else -> shell.switchToPassword()
                            }
                        },
                        onLockMethodProblemShown = app.lockMethod::problemShown,
                        recoveryPassword = recoveryPassword,
                        recoveryPasswordModel = app.recoveryPassword,
                        now = shell::now,
                        background = shell::background,
                        onBack = { app.back() },
                        onImport = { app.startImport() },
                        onExport = { app.startExport() },
                    )
                }
                Destination.IMPORT -> {
                    val importing by app.importing.collectAsStateWithLifecycle()
                    importing?.let { model ->
                        val ui by model.state.collectAsStateWithLifecycle()
                        LaunchedEffect(ui.screen) { app.onImportScreen(ui.screen, shell.now()) }
                        ImportFlow(
                            ui = ui,
                            model = model,
                            now = shell::now,
                            background = shell::background,
                            launchExternal = shell::launchExternal,
                            externalClosed = shell::externalScreenClosed,
                            onClose = { app.back() },
                        )
                    }
                }
                Destination.EXPORT -> {
                    val exporting by app.exporting.collectAsStateWithLifecycle()
                    exporting?.let { model ->
                        val ui by model.state.collectAsStateWithLifecycle()
                        ExportFlow(
                            ui = ui,
                            model = model,
                            now = shell::now,
                            background = shell::background,
                            launchExternal = shell::launchExternal,
                            externalClosed = shell::externalScreenClosed,
                            onClose = { app.back() },
                        )
                    }
                }
            }
        }
    }
}
