package app.twofold.ui.enroll

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.filled.Close
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import app.twofold.presentation.EnrollMethod
import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.enroll.EnrollScreen
import app.twofold.presentation.enroll.EnrollmentModel
import app.twofold.presentation.enroll.EnrollmentUi
import app.twofold.ui.LocalPlatform
import app.twofold.ui.readableWidth
import app.twofold.ui.plural
import app.twofold.ui.string
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The enrollment flow's screens, mirroring the seed: choose a method → scan
 * (camera or screenshot) or Trouble Scanning → confirm → enter the code →
 * save the recovery code. Everything shown comes from [EnrollmentUi].
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun EnrollmentFlow(
    ui: EnrollmentUi,
    model: EnrollmentModel,
    now: () -> Long,
    onCopyCode: (String) -> Unit,
    /** Launches a picker or the settings page with auto-lock suspended until it returns. */
    launchExternal: (() -> Unit) -> Unit,
    externalClosed: () -> Unit,
    /** The user really denied the camera once before (persisted). */
    cameraDeniedBefore: () -> Boolean,
    onCameraDenied: () -> Unit,
    /** The camera saw a Google Authenticator export: collect it in the import flow. */
    onScanExport: () -> Unit,
) {
    val platform = LocalPlatform.current
    val scope = rememberCoroutineScope()
    val snackbar = remember { SnackbarHostState() }
    var askCancel by remember { mutableStateOf(false) }

    val camera = platform.rememberCameraAccess(cameraDeniedBefore, onCameraDenied, model::onCameraPermission)
    val pickImage = platform.rememberImagePicker { bytes ->
        externalClosed() // before the result is used: the flow is still there
        if (bytes == null) {
            model.pickerCancelled(now())
        } else {
            // Decoding a large photo takes a moment: keep it off the main thread.
            scope.launch { withContext(Dispatchers.Default) { model.onImage(bytes) } }
        }
    }

    val screen = ui.screen

    // Camera permission: already granted, or ask once on entry.
    LaunchedEffect(screen is EnrollScreen.Camera && screen.showPermissionRequest) {
        if (screen is EnrollScreen.Camera && screen.showPermissionRequest) {
            if (camera.granted) model.onCameraPermission(CameraPermission.GRANTED) else camera.request()
        }
    }
    // Photo picker: open when the model asks for it.
    LaunchedEffect(screen is EnrollScreen.Image && screen.launchPicker) {
        if (screen is EnrollScreen.Image && screen.launchPicker) {
            model.pickerLaunched()
            // The system photo picker runs in its own process, or stops this activity: suspend
            // auto-lock either way.
            launchExternal(pickImage)
        }
    }
    LaunchedEffect(ui.error) {
        ui.error?.let {
            snackbar.showSnackbar(it)
            model.errorShown()
        }
    }

    platform.BackHandler { model.back(now()) }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(string(enrollTitle(screen))) },
                navigationIcon = {
                    IconButton(onClick = { model.back(now()) }) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = string("action_back"))
                    }
                },
                actions = {
                    IconButton(onClick = { if (ui.confirmCancel) askCancel = true else model.cancel(now()) }) {
                        Icon(Icons.Filled.Close, contentDescription = string("action_cancel_adding"))
                    }
                },
            )
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        Column(Modifier.padding(padding).fillMaxSize().readableWidth()) {
            when (screen) {
                EnrollScreen.ChooseMethod -> ChooseMethodScreen(onChoose = model::choose)
                is EnrollScreen.Camera -> CameraScreen(
                    screen = screen,
                    onFrame = model::onFrame,
                    onToggleTorch = model::toggleTorch,
                    onTorchAvailable = model::onTorchAvailable,
                    onRetryPermission = camera::request,
                    // The app's own settings page: coming back from it is not a return from the background.
                    onOpenSettings = { launchExternal(platform::openAppSettings) },
                    onScanExport = onScanExport,
                    onSwitch = { method -> model.switchTo(method, now()) },
                )
                is EnrollScreen.Image -> ImageScreen(
                    screen = screen,
                    onChooseAnother = model::chooseAnotherImage,
                    onTroubleScanning = { model.switchTo(EnrollMethod.MANUAL, now()) },
                )
                is EnrollScreen.TroubleScanning -> TroubleScanningScreen(
                    screen = screen,
                    onEdit = model::editForm,
                    onToggleAdvanced = model::toggleAdvanced,
                    onSubmit = model::submitManual,
                )
                is EnrollScreen.Confirm -> ConfirmScreen(
                    screen = screen,
                    onIssuer = model::editIssuer,
                    onName = model::editName,
                    onDuplicateChoice = model::chooseDuplicate,
                    onConfirm = { model.confirm(now()) },
                )
                is EnrollScreen.ShowCode -> ShowCodeScreen(
                    screen = screen,
                    onCopy = { onCopyCode(screen.copyValue) },
                    onContinue = model::codeEntered,
                )
                is EnrollScreen.RecoveryCode -> RecoveryCodeScreen(
                    screen = screen,
                    onText = model::editRecoveryCode,
                    onAcknowledge = model::acknowledge,
                    onSave = { model.saveRecoveryCode(now()) },
                    onSkip = model::skipRecoveryCode,
                )
                // The app model leaves the flow on these; nothing to draw meanwhile.
                is EnrollScreen.Done, EnrollScreen.Cancelled -> Unit
            }
        }
    }

    if (askCancel) {
        AlertDialog(
            onDismissRequest = { askCancel = false },
            title = { Text(string("enroll_cancel_title")) },
            text = { Text(string("enroll_cancel_body")) },
            confirmButton = {
                TextButton(onClick = { askCancel = false; model.cancel(now()) }) { Text(string("action_stop_adding")) }
            },
            dismissButton = {
                TextButton(onClick = { askCancel = false }) { Text(string("action_keep_going")) }
            },
        )
    }
}

private fun enrollTitle(screen: EnrollScreen): String = when (screen) {
    EnrollScreen.ChooseMethod, EnrollScreen.Cancelled -> "enroll_title_choose"
    is EnrollScreen.Camera -> "enroll_method_camera"
    is EnrollScreen.Image -> "enroll_method_image"
    is EnrollScreen.TroubleScanning -> "enroll_title_trouble_scanning"
    is EnrollScreen.Confirm -> "enroll_title_confirm"
    is EnrollScreen.ShowCode -> "enroll_title_code"
    is EnrollScreen.RecoveryCode -> "enroll_title_recovery"
    is EnrollScreen.Done -> "enroll_title_done"
}
