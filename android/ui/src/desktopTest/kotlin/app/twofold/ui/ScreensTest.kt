package app.twofold.ui

import androidx.compose.ui.geometry.Size
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SkikoComposeUiTest
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.longClick
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import app.twofold.presentation.codes.ClipboardCopy
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.settings.Settings
import app.twofold.ui.desktop.Screenshots
import app.twofold.ui.desktop.TestApp
import app.twofold.ui.desktop.accessibilityProblems
import app.twofold.ui.desktop.field
import app.twofold.ui.desktop.text
import java.io.File
import kotlin.io.path.createTempDirectory
import kotlin.test.assertEquals
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test

/**
 * Every screen in its main states, rendered offscreen to PNG (light and dark,
 * a large font, a narrow and a wide window), compared with its reference and
 * held to the accessibility rules ([accessibilityProblems]).
 */
@OptIn(ExperimentalTestApi::class)
class ScreensTest {
    private class Window(val widthDp: Int, val heightDp: Int, val fontScale: Float = 1f)

    private val phone = Window(360, 760)
    private val density = 1.5f

    /** Renders [name] after [act], checks it, and collects every problem (all screens are shot before failing). */
    private fun shot(
        name: String,
        window: Window = phone,
        dark: Boolean = false,
        before: (app.twofold.gateway.BindingsGateway) -> Unit = {},
        unlock: Boolean = false,
        methods: Set<LockMethod> = setOf(LockMethod.PASSWORD),
        settings: Settings = Settings(),
        act: SkikoComposeUiTest.(TestApp) -> Unit = {},
    ) {
        val dir = createTempDirectory("twofold-ui").toFile()
        try {
            runSkikoComposeUiTest(
                size = Size(window.widthDp * density, window.heightDp * density),
                density = Density(density, window.fontScale),
            ) {
                val shell = TestApp(dir, methods = methods, initialSettings = settings, before = before)
                if (unlock) shell.unlock()
                setContent { shell.Content(dark = dark) }
                waitForIdle()
                act(shell)
                waitForIdle()
                Screenshots.save(name, captureToImage())?.let { problems += it }
                accessibilityProblems().forEach { problems += "$name: $it" }
            }
        } finally {
            dir.deleteRecursively()
        }
    }

    private val problems = mutableListOf<String>()

    private fun assertNoProblems() = assertEquals(emptyList(), problems, problems.joinToString("\n"))

    @Test
    fun lock_screens() {
        shot("setup")
        shot("setup-dark", dark = true)
        shot("setup-weak-password") {
            field("field_recovery_password").performTextInput("secret")
            field("field_recovery_password_repeat").performTextInput("secret")
        }
        val allMethods = setOf(LockMethod.PASSWORD, LockMethod.BIOMETRIC, LockMethod.DEVICE_CREDENTIAL)
        shot("setup-unlock-methods", methods = allMethods)
        shot(
            "locked-device-key",
            methods = allMethods,
            settings = Settings(lockMethod = LockMethod.BIOMETRIC),
            before = TestApp.withVault(deviceKey = true),
        )
        shot("locked-wrong-password", before = TestApp.withVault()) {
            field("field_recovery_password").performTextInput("not the password")
            text("locked_unlock").performClick()
        }
        assertNoProblems()
    }

    @Test
    fun codes_list() {
        val full = TestApp.withVault(*TestApp.ACCOUNTS)
        shot("codes-empty", before = TestApp.withVault(), unlock = true)
        shot("codes", before = full, unlock = true)
        shot("codes-dark", dark = true, before = full, unlock = true)
        shot("codes-large-font", window = Window(360, 760, fontScale = 1.6f), before = full, unlock = true)
        shot("codes-narrow", window = Window(320, 640), before = full, unlock = true)
        shot("codes-wide", window = Window(840, 600), before = full, unlock = true)
        shot("codes-reorder", before = full, unlock = true) { text("action_reorder").performClick() }
        shot("codes-rename", before = full, unlock = true) {
            onNode(hasContentDescription("GitHub", substring = true) and hasClickAction()).performTouchInput { longClick() }
            text("action_rename").performClick()
        }
        shot("codes-copied", before = full, unlock = true) { shell ->
            val first = shell.app.codes.state.value.rows.first()
            shell.app.codes.tap(first.id, shell.nowMillis)?.let { copy: ClipboardCopy -> shell.putOnClipboard(copy) }
        }
        assertNoProblems()
    }

    @Test
    fun enrollment() {
        val empty = TestApp.withVault()
        fun SkikoComposeUiTest.typeKey(key: String) {
            text("action_add_account").performClick()
            text("enroll_method_manual").performScrollTo().performClick()
            field("field_key").performTextInput(key)
        }
        shot("enroll-choose", before = empty, unlock = true) { text("action_add_account").performClick() }
        shot("enroll-key-error", before = empty, unlock = true) { typeKey("JBSW Y3D0") }
        shot("enroll-key-error-dark", dark = true, before = empty, unlock = true) { typeKey("JBSW Y3D0") }
        shot("enroll-camera", before = empty, unlock = true) { shell ->
            shell.platform.cameraGranted = true
            text("action_add_account").performClick()
            text("enroll_method_camera").performScrollTo().performClick()
        }
        shot("enroll-camera-denied", before = empty, unlock = true) {
            text("action_add_account").performClick()
            text("enroll_method_camera").performScrollTo().performClick()
        }
        shot("enroll-confirm", before = empty, unlock = true) {
            typeKey("JBSWY3DPEHPK3PXP")
            field("field_account_name").performTextInput("alice")
            field("field_issuer_optional").performTextInput("Example")
            text("action_continue").performScrollTo().performClick()
        }
        shot("enroll-code", before = empty, unlock = true) {
            typeKey("JBSWY3DPEHPK3PXP")
            field("field_account_name").performTextInput("alice")
            text("action_continue").performScrollTo().performClick()
            text("confirm_save").performScrollTo().performClick()
        }
        shot("enroll-recovery-code", before = empty, unlock = true) {
            typeKey("JBSWY3DPEHPK3PXP")
            field("field_account_name").performTextInput("alice")
            text("action_continue").performScrollTo().performClick()
            text("confirm_save").performScrollTo().performClick()
            text("code_entered").performScrollTo().performClick()
        }
        assertNoProblems()
    }

    @Test
    fun settings_and_transfer() {
        val full = TestApp.withVault(*TestApp.ACCOUNTS)
        shot("settings", before = full, unlock = true) { it.app.openSettings() }
        // Tall enough for every setting, so each is held to the accessibility rules.
        shot("settings-all", window = Window(360, 1500), before = full, unlock = true) { it.app.openSettings() }
        shot("settings-dark", dark = true, before = full, unlock = true) { it.app.openSettings() }
        shot("import-problem", before = full, unlock = true) { shell ->
            shell.platform.filesToPick += PickedFile(EverydayTest.IMPORT_WITH_A_PROBLEM.toByteArray(), "text/plain")
            shell.app.openSettings()
            waitForIdle()
            text("settings_import").performScrollTo().performClick()
        }
        shot("settings-recovery-password", before = full, unlock = true) { shell ->
            shell.app.openSettings()
            waitForIdle()
            text("settings_change_recovery_password").performScrollTo().performClick()
        }
        shot("import-password", before = full, unlock = true) { shell ->
            val backup = shell.core.exportBackup("export password 42", shell.nowMillis / 1000)
            shell.platform.filesToPick += PickedFile(backup, "application/octet-stream")
            shell.app.openSettings()
            waitForIdle()
            text("settings_import").performScrollTo().performClick()
        }
        shot("export-weak-password", before = full, unlock = true) { shell ->
            shell.app.openSettings()
            waitForIdle()
            text("settings_export").performScrollTo().performClick()
            text("export_format_backup").performClick()
            field("export_password").performTextInput("secret")
            field("export_password_repeat").performTextInput("secret")
        }
        shot("export-formats", before = full, unlock = true) { shell ->
            shell.app.openSettings()
            waitForIdle()
            text("settings_export").performScrollTo().performClick()
        }
        assertNoProblems()
    }

    companion object {
        @JvmStatic
        @AfterAll
        fun contactSheet() {
            println("contact sheet: ${Screenshots.contactSheet()}")
            Screenshots.readmeCopies(listOf("codes", "enroll-key-error", "enroll-code", "codes-dark"))
        }
    }
}
