package app.twofold.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.runComposeUiTest
import app.twofold.presentation.LumaFrame
import app.twofold.ui.desktop.TestApp
import app.twofold.ui.desktop.button
import app.twofold.ui.desktop.field
import app.twofold.ui.desktop.label
import app.twofold.ui.desktop.t
import app.twofold.ui.desktop.text
import java.io.File
import java.nio.ByteBuffer
import javax.imageio.ImageIO
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The seed's story through the real screens, models and library: set up the
 * vault, add a site by typing its key ("Trouble scanning"), fix a typo the
 * screen points at, see the code with its countdown, keep the site's recovery
 * code, and find the account in the list; or add it by scanning its QR code.
 */
@OptIn(ExperimentalTestApi::class)
class StoryTest {
    /** The camera's view of a QR code screenshot (shared/qr), as the luma plane CameraX delivers. */
    private fun frameOf(png: File): LumaFrame {
        val image = ImageIO.read(png)
        val stride = image.width + 16 // CameraX rows are often padded
        val luma = ByteBuffer.allocateDirect(stride * image.height)
        for (y in 0 until image.height) for (x in 0 until image.width) {
            val rgb = image.getRGB(x, y)
            luma.put(y * stride + x, (((rgb shr 16 and 0xFF) * 299 + (rgb shr 8 and 0xFF) * 587 + (rgb and 0xFF) * 114) / 1000).toByte())
        }
        return LumaFrame(luma, image.width, image.height, stride)
    }

    @Test
    fun add_a_site_by_scanning_its_qr_code(@TempDir dir: File) = runComposeUiTest {
        val png = File(System.getProperty("twofold.qrSample", "/work/shared/qr/synthetic/screenshot/000.png"))
        assumeTrue(png.isFile, "no sample QR screenshot at $png")
        val shell = TestApp(dir, before = TestApp.withVault()).unlock()
        shell.platform.cameraGranted = true
        repeat(4) { shell.platform.cameraFrames += frameOf(png) } // a steady hand: a few frames of the same code
        setContent { shell.Content() }

        text("action_add_account").performClick()
        text("enroll_method_camera").performScrollTo().performClick()
        waitForIdle()

        // The scanner read the site's setup code: confirm what it found.
        onNode(hasText("Procore") and hasSetTextAction()).assertIsDisplayed()
        text("confirm_save").performScrollTo().performClick()
        text("code_entered").performScrollTo().performClick()
        text("recovery_skip").performScrollTo().performClick()
        waitForIdle()
        onNode(hasContentDescription("Procore", substring = true) and hasClickAction()).assertIsDisplayed()
        assertEquals(listOf("Procore"), shell.core.codes(shell.nowMillis / 1000).codes.map { it.account.issuer })
    }

    @Test
    fun add_a_site_by_typing_its_key(@TempDir dir: File) = runComposeUiTest {
        val shell = TestApp(dir)
        setContent { shell.Content() }

        // First run: the recovery password, twice.
        field("field_recovery_password").performTextInput(TestApp.PASSWORD)
        field("field_recovery_password_repeat").performTextInput(TestApp.PASSWORD)
        text("setup_create").performScrollTo().performClick()
        waitForIdle()
        text("codes_empty_title").assertIsDisplayed()

        // Add → "Trouble Scanning? Enter the key".
        text("action_add_account").performClick()
        text("enroll_method_manual").performScrollTo().performClick()

        // A typo: '0' is not Base32. The field says where.
        field("field_key").performTextInput("JBSW Y3D0")
        val keyError = onAllNodesWithText("character 9", substring = true).fetchSemanticsNodes()
        assertTrue(keyError.isNotEmpty(), "the key's error names the character")
        field("field_key").performTextReplacement("JBSW Y3DP EHPK 3PXP")
        field("field_account_name").performTextInput("alice@example.com")
        field("field_issuer_optional").performTextInput("Example")
        button("action_continue").performScrollTo().assertIsEnabled().performClick()

        // Confirm what will be stored.
        text("confirm_save").performScrollTo().performClick()

        // The 6-digit code for the test clock, and its countdown.
        val code = shell.app.enrollment.value?.state?.value?.screen
        val shown = (code as app.twofold.presentation.enroll.EnrollScreen.ShowCode)
        assertEquals(7, shown.code.length, "six digits, grouped: ${shown.code}")
        onNodeWithText(shown.code, useUnmergedTree = true).assertIsDisplayed()
        text("code_seconds_left", shown.secondsLeft ?: 0).assertIsDisplayed()
        text("code_entered").performScrollTo().performClick()

        // The site's recovery code: paste, tick "saved it", save.
        button("recovery_save").performScrollTo().assertIsNotEnabled()
        field("field_recovery_code").performTextInput("ABCD-EFGH-IJKL")
        text("recovery_acknowledge").performScrollTo().performClick()
        button("recovery_save").performScrollTo().assertIsEnabled().performClick()
        waitForIdle()

        // Done: back on the list, with the account and its live code.
        // The row speaks as one: "Example, alice@example.com. Code …".
        onNode(hasContentDescription("Example, alice@example.com", substring = true) and hasClickAction()).assertIsDisplayed()
        label("action_lock").assertIsDisplayed()
        assertEquals(listOf("Example"), shell.core.codes(shell.nowMillis / 1000).codes.map { it.account.issuer })
    }
}
