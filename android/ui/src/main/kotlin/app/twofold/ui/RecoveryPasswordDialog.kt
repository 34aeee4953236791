package app.twofold.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.ui.unit.dp
import app.twofold.presentation.settings.RecoveryPasswordModel
import app.twofold.presentation.settings.RecoveryPasswordUi

/**
 * Settings → "Change recovery password": the new password typed twice, with
 * the core's estimate under the first field. Save stays off until the model
 * says the core accepts it; the save itself (password hashing) runs in
 * [background].
 */
@Composable
fun RecoveryPasswordDialog(
    ui: RecoveryPasswordUi,
    model: RecoveryPasswordModel,
    now: () -> Long,
    background: (() -> Unit) -> Unit,
    onSaved: () -> Unit,
    onDismiss: () -> Unit,
) {
    LaunchedEffect(ui.saved) { if (ui.saved) onSaved() }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(string("settings_change_recovery_password")) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(string("recovery_password_body"))
                PasswordField(ui.password, model::editPassword, string("field_new_recovery_password"), null)
                PasswordStrengthMeter(ui.strength)
                PasswordField(
                    ui.repeat,
                    model::editRepeat,
                    string("field_recovery_password_repeat"),
                    ui.problem?.let { lockProblemText(it, ui.detail) },
                )
            }
        },
        confirmButton = {
            TextButton(onClick = { background { model.save(now()) } }, enabled = ui.canSave) {
                Text(string("action_save"))
            }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text(string("action_cancel")) } },
    )
}
