package app.twofold.android.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import app.twofold.android.R
import app.twofold.presentation.lock.LockScreen

/** First run: create the vault, with device authentication and an optional backup password. */
@Composable
fun SetupScreen(
    screen: LockScreen.Setup,
    busy: Boolean,
    onRequireDeviceAuth: (Boolean) -> Unit,
    onPassword: (String) -> Unit,
    onPasswordRepeat: (String) -> Unit,
    onCreate: () -> Unit,
) {
    Column(
        Modifier.fillMaxSize().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        Text(stringResource(R.string.setup_title), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        Text(stringResource(R.string.setup_body), style = MaterialTheme.typography.bodyLarge)
        if (screen.deviceAuthAvailable) {
            Row(
                Modifier.fillMaxWidth().toggleable(screen.requireDeviceAuth, role = Role.Switch, onValueChange = onRequireDeviceAuth),
                verticalAlignment = Alignment.CenterVertically,
            ) {
                Text(stringResource(R.string.setup_require_device_auth), Modifier.weight(1f))
                Switch(checked = screen.requireDeviceAuth, onCheckedChange = null)
            }
        }
        Text(stringResource(R.string.setup_password_body), style = MaterialTheme.typography.bodyMedium)
        PasswordField(screen.password, onPassword, stringResource(R.string.field_backup_password), null)
        PasswordField(screen.passwordRepeat, onPasswordRepeat, stringResource(R.string.field_backup_password_repeat), screen.passwordError)
        Button(onClick = onCreate, enabled = screen.canCreate && !busy, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.setup_create))
        }
        if (busy) CircularProgressIndicator(Modifier.align(Alignment.CenterHorizontally))
    }
}

/** Locked: the system prompt (or, after it failed, the backup password). */
@Composable
fun LockedScreen(
    screen: LockScreen.Locked,
    busy: Boolean,
    onUnlockWithDevice: () -> Unit,
    onUsePassword: () -> Unit,
    onPassword: (String) -> Unit,
    onUnlockWithPassword: () -> Unit,
) {
    Column(
        Modifier.fillMaxSize().safeDrawingPadding().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        Text(stringResource(R.string.locked_title), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        screen.error?.let {
            Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive })
        }
        if (screen.showPassword) {
            PasswordField(screen.password, onPassword, stringResource(R.string.field_backup_password), null, onDone = onUnlockWithPassword)
            Button(onClick = onUnlockWithPassword, enabled = screen.password.isNotEmpty() && !busy, modifier = Modifier.fillMaxWidth()) {
                Text(stringResource(R.string.locked_unlock))
            }
            TextButton(onClick = onUnlockWithDevice) { Text(stringResource(R.string.locked_use_device)) }
        } else {
            Button(onClick = onUnlockWithDevice, enabled = !busy, modifier = Modifier.fillMaxWidth()) {
                Text(stringResource(R.string.locked_unlock))
            }
            TextButton(onClick = onUsePassword) { Text(stringResource(R.string.locked_use_password)) }
        }
        if (busy) CircularProgressIndicator()
    }
}

@Composable
private fun PasswordField(value: String, onValueChange: (String) -> Unit, label: String, error: String?, onDone: (() -> Unit)? = null) {
    OutlinedTextField(
        value = value,
        onValueChange = onValueChange,
        label = { Text(label) },
        isError = error != null,
        supportingText = error?.let { { Text(it) } },
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(
            keyboardType = KeyboardType.Password,
            autoCorrectEnabled = false,
            imeAction = if (onDone != null) ImeAction.Done else ImeAction.Next,
        ),
        keyboardActions = androidx.compose.foundation.text.KeyboardActions(onDone = { onDone?.invoke() }),
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
}
