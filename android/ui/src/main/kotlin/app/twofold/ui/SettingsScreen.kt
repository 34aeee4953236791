package app.twofold.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.settings.AutoLock
import app.twofold.presentation.settings.LockMethodProblem
import app.twofold.presentation.settings.LockMethodUi
import app.twofold.presentation.settings.RecoveryPasswordModel
import app.twofold.presentation.settings.RecoveryPasswordUi
import app.twofold.presentation.settings.SettingsModel
import app.twofold.presentation.settings.SettingsUi

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun SettingsScreen(
    ui: SettingsUi,
    model: SettingsModel,
    lockMethod: LockMethodUi,
    onLockMethod: (LockMethod) -> Unit,
    onLockMethodProblemShown: () -> Unit,
    recoveryPassword: RecoveryPasswordUi,
    recoveryPasswordModel: RecoveryPasswordModel,
    now: () -> Long,
    background: (() -> Unit) -> Unit,
    onBack: () -> Unit,
    onImport: () -> Unit,
    onExport: () -> Unit,
) {
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(string("action_settings")) },
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
            verticalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            // "Unlock with": add or remove the platform key slot at any time.
            SectionTitle(string("settings_unlock_with"))
            Column(Modifier.selectableGroup()) {
                LockMethod.entries.forEach { method ->
                    val available = lockMethod.available[method] == true
                    Row(
                        Modifier.fillMaxWidth()
                            .heightIn(min = 48.dp) // a touch target of at least 48 dp
                            .selectable(
                                selected = lockMethod.current == method,
                                enabled = available && !lockMethod.busy && lockMethod.pending == null,
                                role = Role.RadioButton,
                            ) { onLockMethod(method) }
                            .padding(vertical = 8.dp),
                        verticalAlignment = Alignment.CenterVertically,
                    ) {
                        RadioButton(selected = lockMethod.current == method, onClick = null, enabled = available)
                        Column(Modifier.padding(start = 12.dp)) {
                            Text(string(lockMethodTitle(method)))
                            Text(
                                string(if (available) lockMethodNote(method) else "lock_method_unavailable"),
                                style = MaterialTheme.typography.bodySmall,
                            )
                        }
                    }
                }
            }
            lockMethod.problem?.let { problem ->
                val text = when (problem) {
                    LockMethodProblem.NEEDS_PASSWORD -> string("lock_method_needs_password")
                    LockMethodProblem.NEEDS_PASSWORD_OR_BACKUP -> string("lock_method_needs_password_or_backup")
                    LockMethodProblem.UNAVAILABLE -> string("lock_method_unavailable")
                    LockMethodProblem.NOT_AUTHENTICATED -> string("lock_method_not_authenticated")
                    LockMethodProblem.FAILED -> string("lock_method_failed", lockMethod.detail.orEmpty())
                }
                Text(text, color = MaterialTheme.colorScheme.error)
                TextButton(onClick = onLockMethodProblemShown) { Text(string("action_ok")) }
            }
            Text(string("settings_recovery_note"), style = MaterialTheme.typography.bodySmall)
            // Only whether the dialog is open survives rotation; the typed password lives in the model.
            var changingPassword by rememberSaveable { mutableStateOf(false) }
            var passwordChanged by rememberSaveable { mutableStateOf(false) }
            TextButton(onClick = { recoveryPasswordModel.reset(); passwordChanged = false; changingPassword = true }) {
                Text(string("settings_change_recovery_password"))
            }
            if (passwordChanged) Text(string("recovery_password_changed"), style = MaterialTheme.typography.bodySmall)
            if (changingPassword) {
                RecoveryPasswordDialog(
                    ui = recoveryPassword,
                    model = recoveryPasswordModel,
                    now = now,
                    background = background,
                    onSaved = { changingPassword = false; passwordChanged = true; recoveryPasswordModel.reset() },
                    onDismiss = { changingPassword = false; recoveryPasswordModel.reset() },
                )
            }
            HorizontalDivider()
            SectionTitle(string("settings_auto_lock"))
            Column(Modifier.selectableGroup()) {
                ui.autoLockChoices.forEach { choice ->
                    RadioRow(string(autoLockLabel(choice)), ui.settings.autoLock == choice) { model.setAutoLock(choice) }
                }
            }
            HorizontalDivider()
            Row(
                Modifier.fillMaxWidth()
                    .heightIn(min = 48.dp) // a touch target of at least 48 dp
                    .toggleable(ui.settings.tapToReveal, role = Role.Switch, onValueChange = model::setTapToReveal)
                    .padding(vertical = 8.dp),
                verticalAlignment = Alignment.CenterVertically,
            ) {
                Text(string("settings_tap_to_reveal"), Modifier.weight(1f))
                Switch(checked = ui.settings.tapToReveal, onCheckedChange = null)
            }
            HorizontalDivider()
            SectionTitle(string("settings_clipboard"))
            Column(Modifier.selectableGroup()) {
                ui.clipboardChoices.forEach { seconds ->
                    RadioRow(
                        string("settings_clipboard_seconds", seconds),
                        ui.settings.clipboardClearSeconds == seconds,
                    ) { model.setClipboardClearSeconds(seconds) }
                }
            }
            HorizontalDivider()
            SectionTitle(string("settings_transfer"))
            TextButton(onClick = onImport) { Text(string("settings_import")) }
            TextButton(onClick = onExport) { Text(string("settings_export")) }
        }
    }
}

private fun autoLockLabel(choice: AutoLock): String = when (choice) {
    AutoLock.IMMEDIATELY -> "auto_lock_immediately"
    AutoLock.AFTER_30_SECONDS -> "auto_lock_30_seconds"
    AutoLock.AFTER_1_MINUTE -> "auto_lock_1_minute"
    AutoLock.AFTER_5_MINUTES -> "auto_lock_5_minutes"
    AutoLock.NEVER -> "auto_lock_never"
}

@Composable
private fun SectionTitle(text: String) {
    Text(text, style = MaterialTheme.typography.titleSmall, modifier = Modifier.padding(top = 8.dp).semantics { heading() })
}

@Composable
private fun RadioRow(label: String, selected: Boolean, onClick: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().heightIn(min = 48.dp).selectable(selected, onClick = onClick, role = Role.RadioButton).padding(vertical = 8.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null)
        Text(label, Modifier.padding(start = 12.dp))
    }
}
