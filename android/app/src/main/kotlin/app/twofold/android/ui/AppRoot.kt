package app.twofold.android.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.twofold.android.AppViewModel
import app.twofold.android.R
import app.twofold.android.security.DeviceAuth
import app.twofold.android.ui.enroll.EnrollmentFlow
import app.twofold.android.ui.transfer.ExportFlow
import app.twofold.android.ui.transfer.ImportFlow
import app.twofold.presentation.Destination
import app.twofold.presentation.lock.LockScreen

/** Renders the [app.twofold.presentation.AppModel]: the lock screens first, then the destination. */
@Composable
fun AppRoot(activity: FragmentActivity, vm: AppViewModel) {
    val app = vm.model
    val lockUi by app.lock.state.collectAsStateWithLifecycle()
    val destination by app.destination.collectAsStateWithLifecycle()
    val unlocked = lockUi.screen == LockScreen.Unlocked

    LaunchedEffect(unlocked) { app.onLockChanged(unlocked, vm.now()) }

    val promptTitle = stringResource(R.string.auth_prompt_title)
    val promptSubtitle = stringResource(R.string.auth_prompt_subtitle)
    val promptFallback = stringResource(R.string.locked_use_password)

    Surface(Modifier.fillMaxSize()) {
        when (val screen = lockUi.screen) {
            is LockScreen.Setup -> SetupScreen(
                screen = screen,
                busy = lockUi.busy,
                onRequireDeviceAuth = app.lock::setRequireDeviceAuth,
                onPassword = app.lock::setPassword,
                onPasswordRepeat = app.lock::setPasswordRepeat,
                onCreate = {
                    // A fresh device key per vault, with the chosen authentication requirement.
                    // If the Keystore refuses an authentication-bound key (no secure lock screen
                    // after all), fall back to a plain device key rather than failing setup.
                    val authBound = screen.requireDeviceAuth &&
                        runCatching { vm.keyProvider.resetKey(requireUserAuth = true) }.isSuccess
                    if (!authBound) {
                        if (screen.requireDeviceAuth) app.lock.setRequireDeviceAuth(false)
                        // A failure here surfaces as the core's key-provider error when the vault is created.
                        runCatching { vm.keyProvider.resetKey(requireUserAuth = false) }
                    }
                    if (authBound) {
                        DeviceAuth.prompt(
                            activity, promptTitle, promptSubtitle, promptFallback,
                            onSuccess = { vm.background { app.lock.create(vm.now()) } },
                            onFailure = { },
                        )
                    } else {
                        vm.background { app.lock.create(vm.now()) }
                    }
                },
            )
            is LockScreen.Locked -> {
                val unlockWithDevice = {
                    if (screen.promptForDeviceAuth || screen.showPassword && vm.model.settings.current.deviceAuthRequired) {
                        DeviceAuth.prompt(
                            activity, promptTitle, promptSubtitle, promptFallback,
                            onSuccess = { vm.background { app.lock.unlockWithDevice() } },
                            onFailure = app.lock::deviceAuthFailed,
                        )
                    } else {
                        vm.background { app.lock.unlockWithDevice() }
                    }
                }
                // Open the prompt (or unwrap directly) as soon as the lock screen shows.
                LaunchedEffect(screen.promptForDeviceAuth, screen.showPassword) {
                    if (!screen.showPassword) unlockWithDevice()
                }
                LockedScreen(
                    screen = screen,
                    busy = lockUi.busy,
                    onUnlockWithDevice = unlockWithDevice,
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
                    )
                }
                Destination.ENROLL -> {
                    val enrollment by app.enrollment.collectAsStateWithLifecycle()
                    enrollment?.let { model ->
                        val ui by model.state.collectAsStateWithLifecycle()
                        LaunchedEffect(ui.screen) { app.onEnrollmentScreen(ui.screen, vm.now()) }
                        EnrollmentFlow(
                            ui = ui,
                            model = model,
                            now = vm::now,
                            onCopyCode = { code -> vm.copyWithTimer(ui.title, code) },
                        )
                    }
                }
                Destination.SETTINGS -> {
                    val settings by app.settings.state.collectAsStateWithLifecycle()
                    BackHandler { app.back() }
                    SettingsScreen(
                        ui = settings,
                        model = app.settings,
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
                        ImportFlow(ui = ui, model = model, now = vm::now, background = vm::background, onClose = { app.back() })
                    }
                }
                Destination.EXPORT -> {
                    val exporting by app.exporting.collectAsStateWithLifecycle()
                    exporting?.let { model ->
                        val ui by model.state.collectAsStateWithLifecycle()
                        ExportFlow(ui = ui, model = model, now = vm::now, background = vm::background, onClose = { app.back() })
                    }
                }
            }
        }
    }
}
