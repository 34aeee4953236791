package app.twofold.ui.transfer

import app.twofold.ui.plural
import app.twofold.ui.string
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.material3.TextButton
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import app.twofold.ui.LocalPlatform
import app.twofold.ui.readableWidth
import app.twofold.presentation.ImportFormat
import app.twofold.presentation.ImportIssue
import app.twofold.presentation.enroll.CameraPermission
import app.twofold.ui.PasswordStrengthMeter
import app.twofold.presentation.transfer.ExportFormat
import app.twofold.presentation.transfer.ExportPasswordProblem
import app.twofold.presentation.transfer.ExportScanHint
import app.twofold.presentation.transfer.SaveProblem
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import app.twofold.presentation.transfer.ExportModel
import app.twofold.presentation.transfer.ExportScreen
import app.twofold.presentation.transfer.ExportUi
import app.twofold.presentation.transfer.ImportModel
import app.twofold.presentation.transfer.ImportScreen
import app.twofold.presentation.transfer.ImportUi

/**
 * "Import accounts" over [ImportModel]. Reading an encrypted file derives a
 * key (slow): every model call that reaches the core runs in [background].
 */
@Composable
fun ImportFlow(
    ui: ImportUi,
    model: ImportModel,
    now: () -> Long,
    background: (() -> Unit) -> Unit,
    /** Launches a picker with auto-lock suspended until it returns. */
    launchExternal: (() -> Unit) -> Unit,
    externalClosed: () -> Unit,
    onClose: () -> Unit,
) {
    val platform = LocalPlatform.current
    val pickFile = platform.rememberFilePicker { file ->
        externalClosed() // before the result is used: the flow is still there
        if (file != null) {
            background { if (file.mimeType.startsWith("image/")) model.onImage(file.bytes) else model.onFile(file.bytes) }
        }
    }
    val anyFile = listOf("*/*")
    val screen = ui.screen
    LaunchedEffect(screen is ImportScreen.PickFile && screen.launchPicker) {
        if (screen is ImportScreen.PickFile && screen.launchPicker) {
            model.pickerLaunched()
            launchExternal { pickFile(anyFile) }
        }
    }
    platform.BackHandler(onBack = onClose)
    TransferScaffold(string(importTitle(screen)), onClose) {
        ui.error?.let { ErrorText(it) }
        when (screen) {
            is ImportScreen.PickFile -> {
                Text(string("import_intro"))
                Button(onClick = { launchExternal { pickFile(anyFile) } }) { Text(string("import_choose_file")) }
                OutlinedButton(onClick = model::startCameraScan) { Text(string("import_scan_google")) }
            }
            is ImportScreen.Password -> {
                Text(string("import_password_prompt"))
                OutlinedTextField(
                    value = screen.password,
                    onValueChange = model::editPassword,
                    label = { Text(string("import_file_password")) },
                    visualTransformation = PasswordVisualTransformation(),
                    keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
                    isError = screen.wrongPassword,
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth(),
                )
                if (screen.wrongPassword) ErrorText(string("import_wrong_password"))
                Button(onClick = { background(model::submitPassword) }, enabled = screen.canSubmit) {
                    Text(string("action_continue"))
                }
            }
            is ImportScreen.GoogleParts -> {
                Text(googleProgressText(screen.scanned, screen.total, screen.missing))
                Button(onClick = model::startCameraScan) { Text(string("import_scan_google")) }
                OutlinedButton(onClick = { launchExternal { pickFile(listOf("image/*", "text/plain")) } }) {
                    Text(string("import_add_qr"))
                }
                if (screen.canImportPartial) {
                    OutlinedButton(onClick = { background(model::importScannedParts) }) {
                        Text(string("import_partial", screen.scanned, screen.total))
                    }
                }
            }
            is ImportScreen.ScanExport -> {
                // The app's own camera, several frames: "3 of 5 codes read", and which are missing.
                Text(
                    if (screen.total == null) {
                        string("import_scan_google_intro")
                    } else {
                        googleProgressText(screen.scanned, screen.total ?: 0, screen.missing)
                    },
                    modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
                )
                screen.hint?.let { hint ->
                    Text(
                        string(
                            when (hint) {
                                ExportScanHint.SETUP_CODE -> "import_scan_hint_setup_code"
                                ExportScanHint.NOT_AN_EXPORT -> "import_scan_hint_not_export"
                                ExportScanHint.OTHER_EXPORT -> "import_scan_hint_other_export"
                            },
                        ),
                        color = MaterialTheme.colorScheme.error,
                    )
                }
                var cameraAllowed by remember { mutableStateOf(false) }
                val camera = platform.rememberCameraAccess(deniedBefore = { false }, onDenied = {}) {
                    cameraAllowed = it == CameraPermission.GRANTED
                }
                LaunchedEffect(Unit) { if (camera.granted) cameraAllowed = true else camera.request() }
                if (cameraAllowed) {
                    Box(Modifier.fillMaxWidth().aspectRatio(3f / 4f)) {
                        platform.CameraPreview(torchOn = false, onFrame = model::onFrame, onTorchAvailable = {}, modifier = Modifier.fillMaxSize())
                    }
                } else {
                    Text(string("import_scan_needs_camera"))
                }
                if (screen.canImportPartial) {
                    OutlinedButton(onClick = { background(model::importScannedParts) }) {
                        Text(string("import_partial", screen.scanned, screen.total ?: screen.scanned))
                    }
                }
                TextButton(onClick = model::stopCameraScan) { Text(string("import_stop_scan")) }
            }
            is ImportScreen.Review -> {
                val format = string(importFormatName(screen.format))
                val readable = screen.accounts.size
                val unreadable = screen.problems.size
                Text(
                    when {
                        readable == 0 && unreadable > 0 -> string("import_review_none_readable", format)
                        readable == 0 -> string("import_review_empty", format)
                        unreadable > 0 -> plural("import_review_some", readable, readable, format) + " " +
                            plural("import_review_unreadable", unreadable, unreadable)
                        else -> plural("import_review_all", readable, readable, format)
                    },
                    style = MaterialTheme.typography.titleMedium,
                )
                screen.accounts.forEach { Text("• $it") }
                if (screen.problems.isNotEmpty()) {
                    Text(string("import_problems"), style = MaterialTheme.typography.titleSmall)
                    screen.problems.forEach { ErrorText(issueText(it)) }
                }
                screen.incompleteGoogle.forEach { export ->
                    val missing = export.missing.joinToString(", ") { (it + 1).toString() }
                    ErrorText(string("import_google_incomplete", missing, export.size))
                }
                Text(string("import_duplicates_note"), style = MaterialTheme.typography.bodySmall)
                if (screen.offerAcceptRest) {
                    val label = plural("import_accept_rest", readable, readable) + " " +
                        plural("import_accept_rest_without", unreadable, unreadable)
                    Row(
                        Modifier.fillMaxWidth()
                            .heightIn(min = 48.dp) // a touch target of at least 48 dp
                            .toggleable(screen.acceptRest, role = Role.Checkbox, onValueChange = model::setAcceptRest)
                            .padding(vertical = 8.dp),
                        verticalAlignment = Alignment.CenterVertically,
                    ) {
                        Checkbox(checked = screen.acceptRest, onCheckedChange = null)
                        Text(label, Modifier.padding(start = 12.dp))
                    }
                }
                Button(onClick = { background { model.confirm(now()) } }, enabled = screen.canImport) {
                    Text(string("import_confirm"))
                }
            }
            is ImportScreen.Done -> {
                Text(
                    plural("import_done_added", screen.added, screen.added) +
                        if (screen.duplicates.isEmpty()) "" else " " + plural("import_done_duplicates", screen.duplicates.size, screen.duplicates.size),
                    style = MaterialTheme.typography.titleMedium,
                )
                screen.duplicates.forEach { Text("• $it") }
                Button(onClick = onClose) { Text(string("action_done")) }
            }
            is ImportScreen.Failed -> {
                ErrorText(string("import_failed", screen.reason))
                Button(onClick = model::chooseAnotherFile) { Text(string("import_choose_another")) }
            }
        }
    }
}

/**
 * "Export accounts" over [ExportModel]. Each produced file is saved where the
 * user chooses (the system's document picker), one after the other; the bytes
 * are wiped when the flow moves on.
 */
@Composable
fun ExportFlow(
    ui: ExportUi,
    model: ExportModel,
    now: () -> Long,
    background: (() -> Unit) -> Unit,
    launchExternal: (() -> Unit) -> Unit,
    externalClosed: () -> Unit,
    onClose: () -> Unit,
) {
    val platform = LocalPlatform.current
    val screen = ui.screen
    val next = (screen as? ExportScreen.Ready)?.next
    val mime = next?.mimeType ?: "application/octet-stream"
    val saveAs = platform.rememberFileSaver(mime) { target ->
        externalClosed()
        // null: cancelled, nothing was created. Otherwise the (empty) file already exists: the
        // model writes it, checks every step, and deletes it again if the write fails.
        if (target != null) background { model.save(target, now()) }
    }
    platform.BackHandler(onBack = onClose)
    TransferScaffold(string(exportTitle(screen)), onClose) {
        when (screen) {
            is ExportScreen.ChooseFormat -> screen.formats.forEach { format ->
                OutlinedButton(onClick = { model.choose(format) }, modifier = Modifier.fillMaxWidth()) {
                    Column(Modifier.padding(vertical = 4.dp)) {
                        Text(string(exportFormatTitle(format)), style = MaterialTheme.typography.titleSmall)
                        Text(string(exportFormatDescription(format)), style = MaterialTheme.typography.bodySmall)
                    }
                }
            }
            is ExportScreen.Password -> {
                Text(string(exportFormatDescription(screen.format)))
                PasswordField(screen.password, string("export_password"), model::editPassword)
                PasswordStrengthMeter(screen.strength)
                PasswordField(screen.repeat, string("export_password_repeat"), model::editRepeat)
                screen.problem?.let { problem ->
                    ErrorText(
                        when (problem) {
                            ExportPasswordProblem.EMPTY -> string("export_password_empty")
                            ExportPasswordProblem.TOO_WEAK -> string("password_too_weak")
                            ExportPasswordProblem.MISMATCH -> string("lock_passwords_differ")
                        },
                    )
                }
                Button(onClick = { background { model.export(now()) } }, enabled = screen.canExport) {
                    Text(string("export_create"))
                }
            }
            is ExportScreen.Unencrypted -> {
                ErrorText(string("export_unencrypted_warning"))
                Row(
                    Modifier.fillMaxWidth()
                        .heightIn(min = 48.dp) // a touch target of at least 48 dp
                        .toggleable(screen.acknowledged, role = Role.Checkbox, onValueChange = model::acknowledge)
                        .padding(vertical = 8.dp),
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    Checkbox(checked = screen.acknowledged, onCheckedChange = null)
                    Text(string("export_unencrypted_acknowledge"), Modifier.padding(start = 12.dp))
                }
                Button(onClick = { background { model.export(now()) } }, enabled = screen.canExport) {
                    Text(string("export_create"))
                }
            }
            is ExportScreen.Ready -> {
                if (screen.leftOut.isNotEmpty()) {
                    ErrorText(string("export_left_out", screen.leftOut.map { issueText(it) }.joinToString("; ")))
                }
                screen.saveProblem?.let { problem ->
                    ErrorText(
                        when (problem) {
                            SaveProblem.NO_STREAM -> string("export_save_no_stream")
                            SaveProblem.WRITE_FAILED -> string("export_save_failed", screen.saveDetail.orEmpty())
                        },
                    )
                    if (screen.leftoverDocument) ErrorText(string("export_save_leftover"))
                }
                val pendingFile = screen.next
                if (pendingFile != null) {
                    Text(string("export_save_progress", screen.saved + 1, screen.files.size))
                    Button(onClick = { launchExternal { saveAs(pendingFile.name) } }) {
                        Text(string(if (screen.saveProblem == null) "export_save" else "export_save_retry", pendingFile.name))
                    }
                } else {
                    Text(string("export_saved"))
                    Button(onClick = model::finished) { Text(string("action_done")) }
                }
            }
            is ExportScreen.Failed -> {
                ErrorText(string("export_failed", screen.reason))
                Button(onClick = model::back) { Text(string("action_back")) }
            }
        }
    }
}

private fun importTitle(screen: ImportScreen): String = when (screen) {
    is ImportScreen.PickFile -> "settings_import"
    is ImportScreen.Password -> "import_file_password"
    is ImportScreen.GoogleParts, is ImportScreen.ScanExport -> "import_title_google"
    is ImportScreen.Review -> "import_title_review"
    is ImportScreen.Done -> "import_title_done"
    is ImportScreen.Failed -> "import_title_failed"
}

private fun exportTitle(screen: ExportScreen): String = when (screen) {
    is ExportScreen.ChooseFormat -> "settings_export"
    is ExportScreen.Password -> exportFormatTitle(screen.format)
    is ExportScreen.Unencrypted -> exportFormatTitle(screen.format)
    is ExportScreen.Ready -> "export_title_ready"
    is ExportScreen.Failed -> "export_title_failed"
}

private fun exportFormatTitle(format: ExportFormat): String = when (format) {
    ExportFormat.TWOFOLD_BACKUP -> "export_format_backup"
    ExportFormat.AEGIS -> "export_format_aegis"
    ExportFormat.OTPAUTH_LIST -> "export_format_otpauth"
    ExportFormat.GOOGLE_QR -> "export_format_google"
}

private fun exportFormatDescription(format: ExportFormat): String = when (format) {
    ExportFormat.TWOFOLD_BACKUP -> "export_format_backup_description"
    ExportFormat.AEGIS -> "export_format_aegis_description"
    ExportFormat.OTPAUTH_LIST -> "export_format_otpauth_description"
    ExportFormat.GOOGLE_QR -> "export_format_google_description"
}

private fun importFormatName(format: ImportFormat): String = when (format) {
    ImportFormat.GOOGLE_AUTHENTICATOR -> "import_format_google"
    ImportFormat.AEGIS -> "import_format_aegis"
    ImportFormat.AEGIS_ENCRYPTED -> "import_format_aegis_encrypted"
    ImportFormat.TWO_FAS -> "import_format_2fas"
    ImportFormat.AND_OTP -> "import_format_andotp"
    ImportFormat.BITWARDEN -> "import_format_bitwarden"
    ImportFormat.OTPAUTH_LIST -> "import_format_otpauth"
    ImportFormat.TWOFOLD_BACKUP -> "import_format_backup"
    ImportFormat.BITWARDEN_CSV -> "import_format_bitwarden_csv"
    ImportFormat.FREE_OTP -> "import_format_freeotp"
    ImportFormat.FREE_OTP_PLUS -> "import_format_freeotp_plus"
    ImportFormat.STEAM -> "import_format_steam"
    ImportFormat.PROTON -> "import_format_proton"
    ImportFormat.DUO -> "import_format_duo"
    ImportFormat.STRATUM -> "import_format_stratum"
    ImportFormat.AUTHY -> "import_format_authy"
    ImportFormat.BATTLE_NET -> "import_format_battlenet"
    ImportFormat.GOOGLE_AUTHENTICATOR_DB -> "import_format_google_db"
    ImportFormat.MICROSOFT_AUTHENTICATOR_DB -> "import_format_microsoft_db"
}

/** "Entry 3 (ACME (alice)): the secret is not Base32" (the reason is the core's). */
@Composable
private fun issueText(issue: ImportIssue): String =
    if (issue.label == null) {
        string("import_issue", issue.position, issue.reason)
    } else {
        string("import_issue_labelled", issue.position, issue.label.orEmpty(), issue.reason)
    }

@Composable
private fun googleProgressText(scanned: Int, total: Int, missing: List<Int>): String =
    plural("import_google_progress", total, scanned, total, missing.joinToString(", "))

@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun TransferScaffold(title: String, onBack: () -> Unit, content: @Composable () -> Unit) {
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(title) },
                navigationIcon = {
                    IconButton(onClick = onBack) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = string("action_back"))
                    }
                },
            )
        },
    ) { padding ->
        Column(
            Modifier.padding(padding).fillMaxSize().readableWidth().verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) { content() }
    }
}

@Composable
private fun PasswordField(value: String, label: String, onChange: (String) -> Unit) {
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
}

@Composable
private fun ErrorText(text: String) {
    Text(text, color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { error(text) })
}
