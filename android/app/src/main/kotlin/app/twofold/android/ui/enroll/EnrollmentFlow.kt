package app.twofold.android.ui.enroll

import android.Manifest
import android.app.Activity
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import androidx.activity.compose.BackHandler
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
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
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.core.content.ContextCompat
import app.twofold.android.R
import app.twofold.presentation.EnrollMethod
import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.enroll.CameraPermissionRule
import app.twofold.presentation.enroll.EnrollScreen
import app.twofold.presentation.enroll.EnrollmentModel
import app.twofold.presentation.enroll.EnrollmentUi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.ByteArrayOutputStream
import java.io.InputStream

/** Largest picked image read into memory (a 12 MP JPEG is ~5 MB; PNG screenshots are smaller). */
private const val MAX_IMAGE_BYTES = 40 * 1024 * 1024

/** The stream's bytes, or null when it is longer than [limit] (never reads more than limit + 1). */
internal fun readAtMost(input: InputStream, limit: Int): ByteArray? {
    val out = ByteArrayOutputStream()
    val chunk = ByteArray(64 * 1024)
    while (true) {
        val read = input.read(chunk)
        if (read < 0) return out.toByteArray()
        out.write(chunk, 0, read)
        if (out.size() > limit) return null
    }
}

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
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val snackbar = remember { SnackbarHostState() }
    var askCancel by remember { mutableStateOf(false) }

    // shouldShowRequestPermissionRationale just before the request: a dismissed dialog and a
    // "don't ask again" both come back as "not granted, no rationale" (CameraPermissionRule).
    var rationaleBefore by remember { mutableStateOf(false) }
    val permissionLauncher = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        val activity = context as? Activity
        val rationaleAfter = activity?.shouldShowRequestPermissionRationale(Manifest.permission.CAMERA) == true
        if (CameraPermissionRule.recordsDenial(granted, rationaleAfter)) onCameraDenied()
        model.onCameraPermission(
            CameraPermissionRule.afterRequest(granted, rationaleBefore, rationaleAfter, cameraDeniedBefore()),
        )
    }
    val requestCamera = {
        rationaleBefore = (context as? Activity)?.shouldShowRequestPermissionRationale(Manifest.permission.CAMERA) == true
        permissionLauncher.launch(Manifest.permission.CAMERA)
    }

    val pickerLauncher = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri: Uri? ->
        externalClosed() // before the result is used: the flow is still there
        if (uri == null) {
            model.pickerCancelled(now())
        } else {
            scope.launch {
                val bytes = withContext(Dispatchers.IO) {
                    runCatching {
                        context.contentResolver.openInputStream(uri)?.use { input -> readAtMost(input, MAX_IMAGE_BYTES) }
                    }.getOrNull()
                }
                // Decoding a large photo takes a moment: keep it off the main thread.
                withContext(Dispatchers.Default) { model.onImage(bytes ?: ByteArray(0)) }
            }
        }
    }

    val screen = ui.screen

    // Camera permission: already granted, or ask once on entry.
    LaunchedEffect(screen is EnrollScreen.Camera && screen.showPermissionRequest) {
        if (screen is EnrollScreen.Camera && screen.showPermissionRequest) {
            val granted = ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) ==
                PackageManager.PERMISSION_GRANTED
            if (granted) model.onCameraPermission(CameraPermission.GRANTED) else requestCamera()
        }
    }
    // Photo picker: open when the model asks for it.
    LaunchedEffect(screen is EnrollScreen.Image && screen.launchPicker) {
        if (screen is EnrollScreen.Image && screen.launchPicker) {
            model.pickerLaunched()
            // The system photo picker (API 33+, or Play's backport) runs in its own process; the
            // fallback is DocumentsUI, which stops this activity: suspend auto-lock either way.
            launchExternal { pickerLauncher.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly)) }
        }
    }
    LaunchedEffect(ui.error) {
        ui.error?.let {
            snackbar.showSnackbar(it)
            model.errorShown()
        }
    }

    BackHandler { model.back(now()) }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(stringResource(enrollTitle(screen))) },
                navigationIcon = {
                    IconButton(onClick = { model.back(now()) }) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = stringResource(R.string.action_back))
                    }
                },
                actions = {
                    IconButton(onClick = { if (ui.confirmCancel) askCancel = true else model.cancel(now()) }) {
                        Icon(Icons.Filled.Close, contentDescription = stringResource(R.string.action_cancel_adding))
                    }
                },
            )
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        Column(Modifier.padding(padding).fillMaxSize()) {
            when (screen) {
                EnrollScreen.ChooseMethod -> ChooseMethodScreen(onChoose = model::choose)
                is EnrollScreen.Camera -> CameraScreen(
                    screen = screen,
                    onFrame = model::onFrame,
                    onToggleTorch = model::toggleTorch,
                    onTorchAvailable = model::onTorchAvailable,
                    onRetryPermission = requestCamera,
                    onOpenSettings = {
                        // The app's own settings page: coming back from it is not a return from the background.
                        launchExternal {
                            context.startActivity(
                                Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null)),
                            )
                        }
                    },
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
            title = { Text(stringResource(R.string.enroll_cancel_title)) },
            text = { Text(stringResource(R.string.enroll_cancel_body)) },
            confirmButton = {
                TextButton(onClick = { askCancel = false; model.cancel(now()) }) { Text(stringResource(R.string.action_stop_adding)) }
            },
            dismissButton = {
                TextButton(onClick = { askCancel = false }) { Text(stringResource(R.string.action_keep_going)) }
            },
        )
    }
}

private fun enrollTitle(screen: EnrollScreen): Int = when (screen) {
    EnrollScreen.ChooseMethod, EnrollScreen.Cancelled -> R.string.enroll_title_choose
    is EnrollScreen.Camera -> R.string.enroll_method_camera
    is EnrollScreen.Image -> R.string.enroll_method_image
    is EnrollScreen.TroubleScanning -> R.string.enroll_title_trouble_scanning
    is EnrollScreen.Confirm -> R.string.enroll_title_confirm
    is EnrollScreen.ShowCode -> R.string.enroll_title_code
    is EnrollScreen.RecoveryCode -> R.string.enroll_title_recovery
    is EnrollScreen.Done -> R.string.enroll_title_done
}
