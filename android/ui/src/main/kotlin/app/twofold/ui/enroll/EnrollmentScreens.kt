package app.twofold.ui.enroll

import app.twofold.ui.plural
import app.twofold.ui.string
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilledTonalButton
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.CornerRadius
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.BlendMode
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.CompositingStrategy
import androidx.compose.ui.graphics.graphicsLayer
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import app.twofold.ui.LocalPlatform
import app.twofold.ui.CountdownRing
import app.twofold.presentation.DuplicateChoice
import app.twofold.presentation.EnrollMethod
import app.twofold.presentation.ScanHint
import app.twofold.presentation.FormField
import app.twofold.presentation.HashAlgorithm
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.ManualForm
import app.twofold.presentation.OtpType
import app.twofold.presentation.enroll.EnrollScreen

@Composable
private fun Page(content: @Composable ColumnScope.() -> Unit) {
    Column(
        // Edge to edge: keep focused fields above the keyboard.
        Modifier.fillMaxSize().imePadding().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
        content = content,
    )
}

/** A hint or problem that TalkBack announces as soon as it appears. */
@Composable
private fun Announce(text: String, modifier: Modifier = Modifier, color: Color = MaterialTheme.colorScheme.onSurface) {
    Text(text, modifier.semantics { liveRegion = LiveRegionMode.Polite }, color = color, style = MaterialTheme.typography.bodyMedium)
}

// --- choose method -----------------------------------------------------------------------

@Composable
fun ChooseMethodScreen(onChoose: (EnrollMethod) -> Unit) = Page {
    Text(string("enroll_choose_intro"), style = MaterialTheme.typography.bodyLarge)
    Button(onClick = { onChoose(EnrollMethod.CAMERA) }, modifier = Modifier.fillMaxWidth()) {
        Text(string("enroll_method_camera"))
    }
    Text(string("enroll_method_camera_help"), style = MaterialTheme.typography.bodySmall)
    FilledTonalButton(onClick = { onChoose(EnrollMethod.IMAGE) }, modifier = Modifier.fillMaxWidth()) {
        Text(string("enroll_method_image"))
    }
    Text(string("enroll_method_image_help"), style = MaterialTheme.typography.bodySmall)
    OutlinedButton(onClick = { onChoose(EnrollMethod.MANUAL) }, modifier = Modifier.fillMaxWidth()) {
        Text(string("enroll_method_manual"))
    }
    Text(string("enroll_method_manual_help"), style = MaterialTheme.typography.bodySmall)
}

// --- camera ------------------------------------------------------------------------------

@Composable
fun CameraScreen(
    screen: EnrollScreen.Camera,
    onFrame: (LumaFrame) -> Boolean,
    onToggleTorch: () -> Unit,
    onTorchAvailable: (Boolean) -> Unit,
    onRetryPermission: () -> Unit,
    onOpenSettings: () -> Unit,
    onSwitch: (EnrollMethod) -> Unit,
    onScanExport: () -> Unit,
) {
    if (screen.showAlternatives || screen.showPermissionRequest) {
        Page {
            Text(
                string(if (screen.showPermissionRequest) "camera_permission_asking" else "camera_permission_denied"),
                style = MaterialTheme.typography.bodyLarge,
            )
            if (screen.showAlternatives) {
                Button(onClick = { onSwitch(EnrollMethod.MANUAL) }, modifier = Modifier.fillMaxWidth()) {
                    Text(string("enroll_method_manual"))
                }
                FilledTonalButton(onClick = { onSwitch(EnrollMethod.IMAGE) }, modifier = Modifier.fillMaxWidth()) {
                    Text(string("enroll_method_image"))
                }
                if (screen.showOpenSettings) {
                    TextButton(onClick = onOpenSettings) { Text(string("camera_open_settings")) }
                } else {
                    TextButton(onClick = onRetryPermission) { Text(string("camera_allow")) }
                }
            }
        }
        return
    }
    Column(Modifier.fillMaxSize()) {
        Box(Modifier.weight(1f).fillMaxWidth()) {
            if (screen.analyzing) {
                LocalPlatform.current.CameraPreview(
                    torchOn = screen.torchOn,
                    onFrame = onFrame,
                    onTorchAvailable = onTorchAvailable,
                    modifier = Modifier.fillMaxSize(),
                )
            }
            Viewfinder(Modifier.fillMaxSize())
        }
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            // With no hint yet, the plain instruction (only while the camera is on).
            val hint = screen.hint?.let { scanHintText(it) }
                ?: if (screen.analyzing) string("camera_point_at_code") else null
            hint?.let { Announce(it) }
            if (screen.offerExportScan) {
                Button(onClick = onScanExport) { Text(string("enroll_scan_export")) }
            }
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (screen.showTorch) {
                    FilledTonalButton(onClick = onToggleTorch) {
                        Text(string(if (screen.torchOn) "camera_torch_off" else "camera_torch_on"))
                    }
                }
                OutlinedButton(onClick = { onSwitch(EnrollMethod.IMAGE) }) { Text(string("enroll_method_image_short")) }
            }
            TextButton(onClick = { onSwitch(EnrollMethod.MANUAL) }) { Text(string("enroll_trouble_scanning_link")) }
        }
    }
}

/** A square frame in the middle of the preview to aim at the QR code. */
@Composable
private fun Viewfinder(modifier: Modifier) {
    val description = string("camera_viewfinder")
    val outline = MaterialTheme.colorScheme.primary
    Canvas(
        modifier
            // Offscreen so the cleared square shows the preview underneath, not black.
            .graphicsLayer { compositingStrategy = CompositingStrategy.Offscreen }
            .semantics { contentDescription = description },
    ) {
        val side = size.minDimension * 0.7f
        val topLeft = Offset((size.width - side) / 2, (size.height - side) / 2)
        drawRect(Color.Black.copy(alpha = 0.35f))
        drawRoundRect(
            color = Color.Transparent,
            topLeft = topLeft,
            size = Size(side, side),
            cornerRadius = CornerRadius(24.dp.toPx()),
            blendMode = BlendMode.Clear,
        )
        drawRoundRect(
            color = outline,
            topLeft = topLeft,
            size = Size(side, side),
            cornerRadius = CornerRadius(24.dp.toPx()),
            style = Stroke(4.dp.toPx()),
        )
    }
}

// --- image ---------------------------------------------------------------------------------

@Composable
fun ImageScreen(screen: EnrollScreen.Image, onChooseAnother: () -> Unit, onTroubleScanning: () -> Unit) = Page {
    Text(string("image_intro"), style = MaterialTheme.typography.bodyLarge)
    screen.hint?.let { Announce(scanHintText(it), color = MaterialTheme.colorScheme.error) }
    Button(onClick = onChooseAnother, modifier = Modifier.fillMaxWidth()) {
        Text(string(if (screen.hint == null) "image_choose" else "image_choose_another"))
    }
    TextButton(onClick = onTroubleScanning) { Text(string("enroll_trouble_scanning_link")) }
}

// --- Trouble Scanning --------------------------------------------------------------------

@Composable
fun TroubleScanningScreen(
    screen: EnrollScreen.TroubleScanning,
    onEdit: (ManualForm, FormField) -> Unit,
    onToggleAdvanced: () -> Unit,
    onSubmit: () -> Unit,
) = Page {
    val form = screen.form
    Text(string("manual_intro"), style = MaterialTheme.typography.bodyLarge)
    FormTextField(
        value = form.key,
        onValueChange = { onEdit(form.copy(key = it), FormField.KEY) },
        label = string("field_key"),
        error = screen.messages[FormField.KEY],
        keyboard = KeyboardOptions(
            capitalization = KeyboardCapitalization.Characters,
            autoCorrectEnabled = false,
            keyboardType = KeyboardType.Password,
            imeAction = ImeAction.Next,
        ),
        monospace = true,
    )
    FormTextField(
        value = form.name,
        onValueChange = { onEdit(form.copy(name = it), FormField.NAME) },
        label = string("field_account_name"),
        error = screen.messages[FormField.NAME],
        keyboard = KeyboardOptions(keyboardType = KeyboardType.Email, imeAction = ImeAction.Next),
    )
    FormTextField(
        value = form.issuer,
        onValueChange = { onEdit(form.copy(issuer = it), FormField.ISSUER) },
        label = string("field_issuer_optional"),
        error = screen.messages[FormField.ISSUER],
        keyboard = KeyboardOptions(imeAction = ImeAction.Done),
    )
    TextButton(onClick = onToggleAdvanced) {
        Text(string(if (screen.showAdvanced) "manual_hide_advanced" else "manual_show_advanced"))
    }
    if (screen.showAdvanced) {
        ChipGroup(
            title = string("field_type"),
            options = OtpType.entries,
            selected = form.type,
            label = { it.name },
            onSelect = { onEdit(form.copy(type = it), FormField.PERIOD) },
        )
        ChipGroup(
            title = string("field_algorithm"),
            options = HashAlgorithm.entries,
            selected = form.algorithm,
            label = { it.name },
            onSelect = { onEdit(form.copy(algorithm = it), FormField.KEY) },
        )
        if (screen.showDigits) {
            ChipGroup(
                title = string("field_digits"),
                options = listOf(6, 7, 8, 9, 10),
                selected = form.digits,
                label = { it.toString() },
                onSelect = { onEdit(form.copy(digits = it), FormField.DIGITS) },
            )
            screen.messages[FormField.DIGITS]?.let { Announce(it, color = MaterialTheme.colorScheme.error) }
        }
        if (screen.showPeriod) {
            FormTextField(
                value = form.period,
                onValueChange = { onEdit(form.copy(period = it), FormField.PERIOD) },
                label = string("field_period"),
                error = screen.messages[FormField.PERIOD],
                keyboard = KeyboardOptions(keyboardType = KeyboardType.Number),
            )
        }
        if (screen.showCounter) {
            FormTextField(
                value = form.counter,
                onValueChange = { onEdit(form.copy(counter = it), FormField.COUNTER) },
                label = string("field_counter"),
                error = screen.messages[FormField.COUNTER],
                keyboard = KeyboardOptions(keyboardType = KeyboardType.Number),
            )
        }
    }
    Button(onClick = onSubmit, enabled = screen.canSubmit, modifier = Modifier.fillMaxWidth()) {
        Text(string("action_continue"))
    }
}

@Composable
private fun FormTextField(
    value: String,
    onValueChange: (String) -> Unit,
    label: String,
    error: String?,
    keyboard: KeyboardOptions,
    monospace: Boolean = false,
) {
    OutlinedTextField(
        value = value,
        onValueChange = onValueChange,
        label = { Text(label) },
        isError = error != null,
        supportingText = error?.let { { Text(it, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite }) } },
        keyboardOptions = keyboard,
        singleLine = true,
        textStyle = if (monospace) MaterialTheme.typography.bodyLarge.copy(fontFamily = FontFamily.Monospace) else MaterialTheme.typography.bodyLarge,
        modifier = Modifier.fillMaxWidth(),
    )
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun <T> ChipGroup(title: String, options: List<T>, selected: T, label: (T) -> String, onSelect: (T) -> Unit) {
    Text(title, style = MaterialTheme.typography.labelLarge, modifier = Modifier.semantics { heading() })
    FlowRow(Modifier.selectableGroup(), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        options.forEach { option ->
            FilterChip(selected = option == selected, onClick = { onSelect(option) }, label = { Text(label(option)) })
        }
    }
}

// --- confirm -------------------------------------------------------------------------------

@Composable
fun ConfirmScreen(
    screen: EnrollScreen.Confirm,
    onIssuer: (String) -> Unit,
    onName: (String) -> Unit,
    onDuplicateChoice: (DuplicateChoice) -> Unit,
    onConfirm: () -> Unit,
) = Page {
    Text(string("confirm_intro"), style = MaterialTheme.typography.bodyLarge)
    FormTextField(
        value = screen.issuer,
        onValueChange = onIssuer,
        label = string("field_issuer"),
        error = screen.issuerError,
        keyboard = KeyboardOptions(imeAction = ImeAction.Next),
    )
    FormTextField(
        value = screen.name,
        onValueChange = onName,
        label = string("field_account_name"),
        error = screen.nameError,
        keyboard = KeyboardOptions(keyboardType = KeyboardType.Email, imeAction = ImeAction.Done),
    )
    screen.shortKeyWarning?.let { warning ->
        Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer)) {
            Text(warning, Modifier.padding(12.dp), style = MaterialTheme.typography.bodyMedium)
        }
    }
    screen.duplicate?.let { existing ->
        Text(
            string("confirm_duplicate", existing.label),
            style = MaterialTheme.typography.bodyMedium,
            modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
        )
        Column(Modifier.selectableGroup()) {
            ChoiceRow(string("confirm_replace"), screen.duplicateChoice == DuplicateChoice.REPLACE) {
                onDuplicateChoice(DuplicateChoice.REPLACE)
            }
            ChoiceRow(string("confirm_keep_both"), screen.duplicateChoice == DuplicateChoice.KEEP_BOTH) {
                onDuplicateChoice(DuplicateChoice.KEEP_BOTH)
            }
        }
    }
    Button(onClick = onConfirm, enabled = screen.canConfirm, modifier = Modifier.fillMaxWidth()) {
        Text(string("confirm_save"))
    }
}

@Composable
private fun ChoiceRow(label: String, selected: Boolean, onClick: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().heightIn(min = 48.dp).selectable(selected = selected, onClick = onClick, role = Role.RadioButton).padding(vertical = 8.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null)
        Text(label, Modifier.padding(start = 12.dp))
    }
}

// --- code ------------------------------------------------------------------------------------

@Composable
fun ShowCodeScreen(screen: EnrollScreen.ShowCode, onCopy: () -> Unit, onContinue: () -> Unit) = Page {
    Text(string("code_intro"), style = MaterialTheme.typography.bodyLarge)
    val spoken = spokenCodeText(screen.spokenCode, screen.secondsLeft)
    Row(
        Modifier.fillMaxWidth().clearAndSetSemantics { contentDescription = spoken },
        verticalAlignment = Alignment.CenterVertically,
        horizontalArrangement = Arrangement.SpaceBetween,
    ) {
        Text(
            screen.code,
            style = MaterialTheme.typography.displayMedium.copy(fontFamily = FontFamily.Monospace),
            color = if (screen.expiringSoon) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.primary,
        )
        screen.secondsLeft?.let { CountdownRing(screen.remaining, it, screen.expiringSoon, diameter = 56.dp) }
    }
    screen.secondsLeft?.let {
        Text(string("code_seconds_left", it), style = MaterialTheme.typography.bodyMedium)
    }
    OutlinedButton(onClick = onCopy) { Text(string("action_copy_code")) }
    Button(onClick = onContinue, modifier = Modifier.fillMaxWidth()) { Text(string("code_entered")) }
}

// --- recovery code -----------------------------------------------------------------------

@Composable
fun RecoveryCodeScreen(
    screen: EnrollScreen.RecoveryCode,
    onText: (String) -> Unit,
    onAcknowledge: (Boolean) -> Unit,
    onSave: () -> Unit,
    onSkip: () -> Unit,
) = Page {
    Text(string("recovery_intro"), style = MaterialTheme.typography.bodyLarge)
    Text(string("recovery_warning"), style = MaterialTheme.typography.bodyMedium)
    OutlinedTextField(
        value = screen.text,
        onValueChange = onText,
        label = { Text(string("field_recovery_code")) },
        keyboardOptions = KeyboardOptions(autoCorrectEnabled = false, keyboardType = KeyboardType.Password),
        textStyle = MaterialTheme.typography.bodyLarge.copy(fontFamily = FontFamily.Monospace),
        modifier = Modifier.fillMaxWidth(),
    )
    Row(
        Modifier.fillMaxWidth()
            .heightIn(min = 48.dp) // a touch target of at least 48 dp
            .toggleable(value = screen.acknowledged, onValueChange = onAcknowledge, role = Role.Checkbox)
            .padding(vertical = 8.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Checkbox(checked = screen.acknowledged, onCheckedChange = null)
        Text(string("recovery_acknowledge"), Modifier.padding(start = 12.dp))
    }
    Button(onClick = onSave, enabled = screen.canSave, modifier = Modifier.fillMaxWidth()) {
        Text(string("recovery_save"))
    }
    TextButton(onClick = onSkip) { Text(string("recovery_skip")) }
}

/** The core's scan hint, worded. */
@Composable
private fun scanHintText(hint: ScanHint): String = when (hint) {
    ScanHint.HoldSteady -> string("scan_hint_hold_steady")
    ScanHint.NoCodeInImage -> string("scan_hint_no_code")
    is ScanHint.NotAnAuthenticatorCode -> string("scan_hint_not_authenticator")
    is ScanHint.InvalidSetupCode -> string("scan_hint_invalid", hint.reason)
    ScanHint.UseImportForExports -> string("scan_hint_export")
}

/** TalkBack: "Code 1 2 3 4 5 6, changes in 12 seconds". */
@Composable
fun spokenCodeText(spelled: String, secondsLeft: Int?): String =
    if (secondsLeft == null) {
        string("spoken_code", spelled)
    } else {
        plural("spoken_code_changes", secondsLeft, spelled, secondsLeft)
    }
