package app.twofold.android.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.twofold.android.AppViewModel
import app.twofold.android.R
import app.twofold.android.ui.enroll.EnrollmentFlow
import app.twofold.android.ui.transfer.ExportFlow
import app.twofold.android.ui.transfer.ImportFlow
import app.twofold.presentation.Destination
import app.twofold.presentation.lock.LockScreen

/** Renders the [app.twofold.presentation.AppModel]: the lock screens first, then the destination. */
@Composable
fun AppRoot(vm: AppViewModel) {
    val app = vm.model
    val lockUi by app.lock.state.collectAsStateWithLifecycle()
    val destination by app.destination.collectAsStateWithLifecycle()
    val unlocked = lockUi.screen == LockScreen.Unlocked

    LaunchedEffect(unlocked) { app.onLockChanged(unlocked, vm.now()) }

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
                        vm.createVaultWithDeviceKey(screen.method)
                    } else {
                        vm.background { app.lock.create(vm.now()) }
                    }
                },
            )
            is LockScreen.Locked -> {
                // Open the prompt as soon as the lock screen shows (the ViewModel ignores a repeat).
                LaunchedEffect(screen.promptForDeviceAuth) {
                    if (screen.promptForDeviceAuth) vm.unlockWithDevice()
                }
                LockedScreen(
                    screen = screen,
                    busy = lockUi.busy,
                    onUnlockWithDevice = {
                        app.lock.showDevicePrompt()
                        vm.unlockWithDevice(userAsked = true)
                    },
                    onUsePassword = app.lock::showPasswordForm,
                    onPassword = app.lock::editPassword,
                    onUnlockWithPassword = { vm.background { app.lock.unlockWithPassword() } },
                )
            }
            LockScreen.Unlocked -> when (destination) {
                Destination.CODES -> {
                    val codes by app.codes.state.collectAsStateWithLifecycle()
                    CodesScreen(
                        state = codes,
                        model = app.codes,
                        now = vm::now,
                        onCopy = vm::putOnClipboard,
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
                    val copyLabel = stringResource(R.string.enroll_title_code)
                    enrollment?.let { model ->
                        val ui by model.state.collectAsStateWithLifecycle()
                        LaunchedEffect(ui.screen) { app.onEnrollmentScreen(ui.screen, vm.now()) }
                        EnrollmentFlow(
                            ui = ui,
                            model = model,
                            now = vm::now,
                            onCopyCode = { code -> vm.copyWithTimer(copyLabel, code) },
                            launchExternal = vm::launchExternal,
                            externalClosed = vm::externalScreenClosed,
                            cameraDeniedBefore = { app.settings.current.cameraDeniedBefore },
                            onCameraDenied = { app.settings.setCameraDeniedBefore(true) },
                            onScanExport = { app.scanGoogleExport(vm.now()) },
                        )
                    }
                }
                Destination.SETTINGS -> {
                    val settings by app.settings.state.collectAsStateWithLifecycle()
                    val lockMethod by app.lockMethod.state.collectAsStateWithLifecycle()
                    val recoveryPassword by app.recoveryPassword.state.collectAsStateWithLifecycle()
                    BackHandler { app.back() }
                    SettingsScreen(
                        ui = settings,
                        model = app.settings,
                        lockMethod = lockMethod,
                        onLockMethod = { method ->
                            app.lockMethod.choose(method)
                            val pending = app.lockMethod.state.value.pending
                            when {
                                pending == null -> Unit
                                pending.usesDeviceKey -> vm.switchToDeviceMethod(pending)
                                else -> vm.switchToPassword()
                            }
                        },
                        onLockMethodProblemShown = app.lockMethod::problemShown,
                        recoveryPassword = recoveryPassword,
                        recoveryPasswordModel = app.recoveryPassword,
                        now = vm::now,
                        background = vm::background,
                        onBack = { app.back() },
                        onImport = { app.startImport() },
                        onExport = { app.startExport() },
                    )
                }
                Destination.IMPORT -> {
                    val importing by app.importing.collectAsStateWithLifecycle()
                    importing?.let { model ->
                        val ui by model.state.collectAsStateWithLifecycle()
                        LaunchedEffect(ui.screen) { app.onImportScreen(ui.screen, vm.now()) }
                        ImportFlow(
                            ui = ui,
                            model = model,
                            now = vm::now,
                            background = vm::background,
                            launchExternal = vm::launchExternal,
                            externalClosed = vm::externalScreenClosed,
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
                            now = vm::now,
                            background = vm::background,
                            launchExternal = vm::launchExternal,
                            externalClosed = vm::externalScreenClosed,
                            onClose = { app.back() },
                        )
                    }
                }
            }
        }
    }
}
