package app.twofold.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.material3.RadioButton
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.lock.LockProblem
import app.twofold.presentation.lock.LockScreen

/** First run: how to unlock, and the recovery password that always opens the vault. */
@Composable
fun SetupScreen(
    screen: LockScreen.Setup,
    busy: Boolean,
    onMethod: (LockMethod) -> Unit,
    onPassword: (String) -> Unit,
    onPasswordRepeat: (String) -> Unit,
    onCreate: () -> Unit,
) {
    Column(
        Modifier.fillMaxSize().readableWidth().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        Text(string("setup_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        Text(string("setup_body"), style = MaterialTheme.typography.bodyLarge)
        if (screen.methods.size > 1) {
            Text(string("setup_unlock_with"), style = MaterialTheme.typography.titleSmall)
            Column(Modifier.selectableGroup()) {
                screen.methods.forEach { method ->
                    Row(
                        Modifier.fillMaxWidth().heightIn(min = 48.dp).selectable(screen.method == method, role = Role.RadioButton) { onMethod(method) }
                            .padding(vertical = 8.dp),
                        verticalAlignment = Alignment.CenterVertically,
                    ) {
                        RadioButton(selected = screen.method == method, onClick = null)
                        Column(Modifier.padding(start = 12.dp)) {
                            Text(string(lockMethodTitle(method)))
                            Text(string(lockMethodNote(method)), style = MaterialTheme.typography.bodySmall)
                        }
                    }
                }
            }
        }
        // Said plainly, before anything depends on it (issue: a vault that can become unrecoverable).
        Text(string("setup_password_body"), style = MaterialTheme.typography.bodyMedium)
        PasswordField(screen.password, onPassword, string("field_recovery_password"), null)
        PasswordStrengthMeter(screen.strength)
        PasswordField(
            screen.passwordRepeat,
            onPasswordRepeat,
            string("field_recovery_password_repeat"),
            screen.problem?.let { lockProblemText(it, screen.detail) },
        )
        Button(onClick = onCreate, enabled = screen.canCreate && !busy, modifier = Modifier.fillMaxWidth()) {
            Text(string("setup_create"))
        }
        if (busy) CircularProgressIndicator(Modifier.align(Alignment.CenterHorizontally))
    }
}

/** Locked: the system prompt, or the recovery password. */
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
        Modifier.fillMaxSize().readableWidth().safeDrawingPadding().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        Text(string("locked_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        screen.problem?.let { problem ->
            val text = lockProblemText(problem, screen.systemMessage)
            Text(text, color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive })
        }
        if (screen.showPassword) {
            PasswordField(screen.password, onPassword, string("field_recovery_password"), null, onDone = onUnlockWithPassword)
            Button(onClick = onUnlockWithPassword, enabled = screen.password.isNotEmpty() && !busy, modifier = Modifier.fillMaxWidth()) {
                Text(string("locked_unlock"))
            }
            if (screen.canUseDevice) TextButton(onClick = onUnlockWithDevice) { Text(string("locked_use_device")) }
        } else {
            Button(onClick = onUnlockWithDevice, enabled = !busy, modifier = Modifier.fillMaxWidth()) {
                Text(string("locked_unlock"))
            }
            TextButton(onClick = onUsePassword) { Text(string("locked_use_password")) }
        }
        if (busy) CircularProgressIndicator()
    }
}

@Composable
fun lockProblemText(problem: LockProblem, detail: String?): String = when (problem) {
    LockProblem.PASSWORD_TOO_WEAK -> string("password_too_weak")
    LockProblem.PASSWORDS_DIFFER -> string("lock_passwords_differ")
    LockProblem.PASSWORD_REQUIRED -> string("lock_password_required")
    LockProblem.WRONG_PASSWORD -> string("lock_wrong_password")
    LockProblem.DEVICE_KEY_INVALIDATED -> string("lock_device_key_invalidated")
    LockProblem.DEVICE_KEY_UNAVAILABLE -> string("lock_device_key_unavailable")
    LockProblem.DEVICE_AUTH_FAILED -> detail ?: string("lock_device_auth_failed")
    LockProblem.VAULT_ERROR -> string("lock_vault_error", detail.orEmpty())
}

fun lockMethodTitle(method: LockMethod): String = when (method) {
    LockMethod.PASSWORD -> "lock_method_password"
    LockMethod.BIOMETRIC -> "lock_method_biometric"
    LockMethod.DEVICE_CREDENTIAL -> "lock_method_device_credential"
}

/** What invalidates each method's key, told before the user picks it. */
fun lockMethodNote(method: LockMethod): String = when (method) {
    LockMethod.PASSWORD -> "lock_method_password_note"
    LockMethod.BIOMETRIC -> "lock_method_biometric_note"
    LockMethod.DEVICE_CREDENTIAL -> "lock_method_device_credential_note"
}

@Composable
internal fun PasswordField(value: String, onValueChange: (String) -> Unit, label: String, error: String?, onDone: (() -> Unit)? = null) {
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
