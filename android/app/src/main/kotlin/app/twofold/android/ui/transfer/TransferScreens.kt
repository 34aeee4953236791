package app.twofold.android.ui.transfer

import android.net.Uri
import androidx.activity.compose.BackHandler
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
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
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import app.twofold.android.R
import app.twofold.android.ui.enroll.readAtMost
import app.twofold.presentation.transfer.ExportModel
import app.twofold.presentation.transfer.ExportScreen
import app.twofold.presentation.transfer.ExportUi
import app.twofold.presentation.transfer.ImportModel
import app.twofold.presentation.transfer.ImportScreen
import app.twofold.presentation.transfer.ImportUi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Exports and backups are small; anything bigger is not one. */
private const val MAX_IMPORT_BYTES = 16 * 1024 * 1024

/**
 * "Import accounts" over [ImportModel]. Reading an encrypted file derives a
 * key (slow): every model call that reaches the core runs in [background].
 */
@Composable
fun ImportFlow(ui: ImportUi, model: ImportModel, now: () -> Long, background: (() -> Unit) -> Unit, onClose: () -> Unit) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val picker = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri: Uri? ->
        if (uri == null) return@rememberLauncherForActivityResult
        scope.launch {
            val mime = context.contentResolver.getType(uri).orEmpty()
            val bytes = withContext(Dispatchers.IO) {
                runCatching {
                    context.contentResolver.openInputStream(uri)?.use { readAtMost(it, MAX_IMPORT_BYTES) }
                }.getOrNull()
            } ?: ByteArray(0)
            background { if (mime.startsWith("image/")) model.onImage(bytes) else model.onFile(bytes) }
        }
    }
    val screen = ui.screen
    LaunchedEffect(screen is ImportScreen.PickFile && screen.launchPicker) {
        if (screen is ImportScreen.PickFile && screen.launchPicker) {
            model.pickerLaunched()
            picker.launch(arrayOf("*/*"))
        }
    }
    BackHandler(onBack = onClose)
    TransferScaffold(ui.title, onClose) {
        ui.error?.let { ErrorText(it) }
        when (screen) {
            is ImportScreen.PickFile -> {
                Text(stringResource(R.string.import_intro))
                Button(onClick = { picker.launch(arrayOf("*/*")) }) { Text(stringResource(R.string.import_choose_file)) }
            }
            is ImportScreen.Password -> {
                Text(screen.prompt)
                OutlinedTextField(
                    value = screen.password,
                    onValueChange = model::editPassword,
                    label = { Text(stringResource(R.string.import_file_password)) },
                    visualTransformation = PasswordVisualTransformation(),
                    keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
                    isError = screen.error != null,
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth(),
                )
                screen.error?.let { ErrorText(it) }
                Button(onClick = { background(model::submitPassword) }, enabled = screen.canSubmit) {
                    Text(stringResource(R.string.action_continue))
                }
            }
            is ImportScreen.GoogleParts -> {
                Text(screen.message)
                Button(onClick = { picker.launch(arrayOf("image/*", "text/plain")) }) {
                    Text(stringResource(R.string.import_add_qr))
                }
                if (screen.canImportPartial) {
                    OutlinedButton(onClick = { background(model::importScannedParts) }) {
                        Text(stringResource(R.string.import_partial, screen.scanned, screen.total))
                    }
                }
            }
            is ImportScreen.Review -> {
                Text(screen.headline, style = MaterialTheme.typography.titleMedium)
                screen.accounts.forEach { Text("• $it") }
                if (screen.problems.isNotEmpty()) {
                    Text(stringResource(R.string.import_problems), style = MaterialTheme.typography.titleSmall)
                    screen.problems.forEach { ErrorText(it) }
                }
                Text(screen.duplicateNote, style = MaterialTheme.typography.bodySmall)
                screen.acceptLabel?.let { label ->
                    Row(
                        Modifier.fillMaxWidth()
                            .toggleable(screen.acceptRest, role = Role.Checkbox, onValueChange = model::setAcceptRest)
                            .padding(vertical = 8.dp),
                        verticalAlignment = Alignment.CenterVertically,
                    ) {
                        Checkbox(checked = screen.acceptRest, onCheckedChange = null)
                        Text(label, Modifier.padding(start = 12.dp))
                    }
                }
                Button(onClick = { background { model.confirm(now()) } }, enabled = screen.canImport) {
                    Text(stringResource(R.string.import_confirm))
                }
            }
            is ImportScreen.Done -> {
                Text(screen.message, style = MaterialTheme.typography.titleMedium)
                screen.duplicates.forEach { Text("• $it") }
                Button(onClick = onClose) { Text(stringResource(R.string.action_done)) }
            }
            is ImportScreen.Failed -> {
                ErrorText(screen.reason)
                Button(onClick = model::chooseAnotherFile) { Text(stringResource(R.string.import_choose_another)) }
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
fun ExportFlow(ui: ExportUi, model: ExportModel, now: () -> Long, background: (() -> Unit) -> Unit, onClose: () -> Unit) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val screen = ui.screen
    var saved by remember(screen) { mutableStateOf(0) }
    val files = (screen as? ExportScreen.Ready)?.files.orEmpty()
    val mime = files.getOrNull(saved)?.mimeType ?: "application/octet-stream"
    val saver = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument(mime)) { uri: Uri? ->
        val file = files.getOrNull(saved) ?: return@rememberLauncherForActivityResult
        if (uri == null) return@rememberLauncherForActivityResult
        scope.launch {
            withContext(Dispatchers.IO) {
                runCatching { context.contentResolver.openOutputStream(uri)?.use { it.write(file.bytes) } }
            }
            saved += 1
        }
    }
    BackHandler(onBack = onClose)
    TransferScaffold(ui.title, onClose) {
        when (screen) {
            is ExportScreen.ChooseFormat -> screen.formats.forEach { format ->
                OutlinedButton(onClick = { model.choose(format) }, modifier = Modifier.fillMaxWidth()) {
                    Column(Modifier.padding(vertical = 4.dp)) {
                        Text(format.title, style = MaterialTheme.typography.titleSmall)
                        Text(format.description, style = MaterialTheme.typography.bodySmall)
                    }
                }
            }
            is ExportScreen.Password -> {
                Text(screen.format.description)
                PasswordField(screen.password, stringResource(R.string.export_password), model::editPassword)
                PasswordField(screen.repeat, stringResource(R.string.export_password_repeat), model::editRepeat)
                screen.error?.let { ErrorText(it) }
                Button(onClick = { background { model.export(now()) } }, enabled = screen.canExport) {
                    Text(stringResource(R.string.export_create))
                }
            }
            is ExportScreen.Unencrypted -> {
                ErrorText(screen.warning)
                Row(
                    Modifier.fillMaxWidth()
                        .toggleable(screen.acknowledged, role = Role.Checkbox, onValueChange = model::acknowledge)
                        .padding(vertical = 8.dp),
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    Checkbox(checked = screen.acknowledged, onCheckedChange = null)
                    Text(screen.acknowledgement, Modifier.padding(start = 12.dp))
                }
                Button(onClick = { background { model.export(now()) } }, enabled = screen.canExport) {
                    Text(stringResource(R.string.export_create))
                }
            }
            is ExportScreen.Ready -> {
                screen.note?.let { ErrorText(it) }
                val next = screen.files.getOrNull(saved)
                if (next != null) {
                    Text(stringResource(R.string.export_save_progress, saved + 1, screen.files.size))
                    Button(onClick = { saver.launch(next.name) }) { Text(stringResource(R.string.export_save, next.name)) }
                } else {
                    Text(stringResource(R.string.export_saved))
                    Button(onClick = model::finished) { Text(stringResource(R.string.action_done)) }
                }
            }
            is ExportScreen.Failed -> {
                ErrorText(screen.reason)
                Button(onClick = model::back) { Text(stringResource(R.string.action_back)) }
            }
        }
    }
}

@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun TransferScaffold(title: String, onBack: () -> Unit, content: @Composable () -> Unit) {
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(title) },
                navigationIcon = {
                    IconButton(onClick = onBack) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = stringResource(R.string.action_back))
                    }
                },
            )
        },
    ) { padding ->
        Column(
            Modifier.padding(padding).fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
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
