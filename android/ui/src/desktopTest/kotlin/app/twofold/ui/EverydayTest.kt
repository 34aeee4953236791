package app.twofold.ui

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasScrollToNodeAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.longClick
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performScrollToNode
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.test.runComposeUiTest
import app.twofold.presentation.transfer.ImportScreen
import app.twofold.ui.desktop.TestApp
import app.twofold.ui.desktop.appTexts
import app.twofold.ui.desktop.field
import app.twofold.ui.desktop.label
import app.twofold.ui.desktop.t
import app.twofold.ui.desktop.text
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** Everyday use after the story, through the real screens and library: lock, search, copy, delete, import, export. */
@OptIn(ExperimentalTestApi::class)
class EverydayTest {
    private fun TestApp.issuers() = core.codes(nowMillis / 1000).codes.map { it.account.issuer }

    private fun row(issuer: String) = hasContentDescription(issuer, substring = true) and hasClickAction()

    @Test
    fun lock_and_unlock(@TempDir dir: File) = runComposeUiTest {
        val shell = TestApp(dir, before = TestApp.withVault(*TestApp.ACCOUNTS)).unlock()
        setContent { shell.Content() }
        label("action_lock").performClick()
        text("locked_title").assertIsDisplayed()
        assertEquals(0, onAllNodesWithText("GitHub").fetchSemanticsNodes().size, "no code shows while locked")

        field("field_recovery_password").performTextInput("wrong password 1")
        text("locked_unlock").performClick()
        text("lock_wrong_password").assertIsDisplayed()

        field("field_recovery_password").performTextInput(TestApp.PASSWORD)
        text("locked_unlock").performClick()
        waitForIdle()
        onNode(row("GitHub")).assertIsDisplayed()
    }

    @Test
    fun system_back_leaves_settings_and_an_unfinished_enrollment(@TempDir dir: File) = runComposeUiTest {
        val shell = TestApp(dir, before = TestApp.withVault(*TestApp.ACCOUNTS)).unlock()
        setContent { shell.Content() }
        label("action_settings").performClick()
        text("settings_unlock_with").assertIsDisplayed()
        shell.platform.pressBack()
        waitForIdle()
        onNode(row("GitHub")).assertIsDisplayed()

        text("action_add_account").performClick()
        text("enroll_method_manual").performScrollTo().performClick()
        shell.platform.pressBack() // Trouble Scanning → the method choice
        waitForIdle()
        text("enroll_method_manual").assertIsDisplayed()
        shell.platform.pressBack() // → the list; nothing was added
        waitForIdle()
        onNode(row("GitHub")).assertIsDisplayed()
        assertEquals(TestApp.ACCOUNTS.size, shell.issuers().size)
    }

    @Test
    fun search_copy_and_delete_with_undo(@TempDir dir: File) = runComposeUiTest {
        val shell = TestApp(dir, before = TestApp.withVault(*TestApp.ACCOUNTS)).unlock()
        setContent { shell.Content() }

        field("codes_search").performTextInput("mail")
        onNode(row("Fastmail")).assertIsDisplayed()
        assertEquals(0, onAllNodes(row("GitHub")).fetchSemanticsNodes().size, "the search hides other accounts")
        label("action_clear_search").performClick()
        // The list keeps its place on the account that was first; the others are a scroll away.
        onNode(hasScrollToNodeAction()).performScrollToNode(row("GitHub"))
        onNode(row("GitHub")).assertIsDisplayed()

        // Tap to copy: the code goes to the clipboard and the row says so.
        onNode(row("GitHub")).performClick()
        val copy = shell.copies.single()
        assertEquals(shell.app.codes.state.value.rows.first { it.issuer == "GitHub" }.displayCode.filter(Char::isDigit), copy.value)
        onNode(row("GitHub") and hasContentDescription(t("codes_copied"), substring = true)).assertIsDisplayed()

        // Long press → Delete; the snackbar's Undo brings it back.
        onNode(row("Bank")).performTouchInput { longClick() }
        text("action_delete").performClick()
        waitForIdle()
        assertTrue("Bank" !in shell.issuers(), "deleted in the library")
        // The snackbar waits for the "Copied" one before it to time out.
        waitUntil(timeoutMillis = 15_000) {
            onAllNodes(hasText(t("action_undo")), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty()
        }
        text("action_undo").performClick()
        waitForIdle()
        assertTrue("Bank" in shell.issuers(), "restored by Undo")
        onNode(row("Bank")).assertIsDisplayed()
    }

    @Test
    fun import_with_a_problem(@TempDir dir: File) = runComposeUiTest {
        val shell = TestApp(dir, before = TestApp.withVault(TestApp.ACCOUNTS[0])).unlock()
        shell.platform.filesToPick += PickedFile(IMPORT_WITH_A_PROBLEM.toByteArray(), "text/plain")
        setContent { shell.Content() }
        label("action_settings").performClick()
        // The import opens the file picker at once; the test's picker hands over the file.
        text("settings_import").performScrollTo().performClick()
        waitForIdle()

        // The review names the bad entry and what is wrong with it; nothing is stored yet.
        text("import_problems").performScrollTo().assertIsDisplayed()
        val review = assertIs<ImportScreen.Review>(shell.app.importing.value?.state?.value?.screen)
        val issue = review.problems.single()
        assertEquals(2, issue.position)
        onNode(hasText(issue.reason, substring = true)).performScrollTo().assertIsDisplayed()
        assertEquals(listOf("GitHub"), shell.issuers())

        onNode(hasText(t("import_confirm"))).performScrollTo()
        if (review.offerAcceptRest) {
            onNode(hasText(appTexts.plural("import_accept_rest", 1, listOf(1)), substring = true)).performScrollTo().performClick()
        }
        text("import_confirm").performScrollTo().performClick()
        waitForIdle()
        text("action_done").performScrollTo().performClick()
        assertEquals(listOf("GitHub", "Example"), shell.issuers())
    }

    @Test
    fun export_an_encrypted_backup(@TempDir dir: File) = runComposeUiTest {
        val shell = TestApp(dir, before = TestApp.withVault(*TestApp.ACCOUNTS)).unlock()
        setContent { shell.Content() }
        label("action_settings").performClick()
        text("settings_export").performScrollTo().performClick()
        text("export_format_backup").performClick()
        field("export_password").performTextInput("export password 42")
        field("export_password_repeat").performTextInput("export password 42")
        text("export_create").performScrollTo().performClick()
        waitForIdle()
        onNode(hasText(t("export_save", ""), substring = true) and hasClickAction()).performClick()
        waitForIdle()
        text("export_saved").assertIsDisplayed()

        // The saved file is a real backup: the library reads it back with its password.
        val file = shell.platform.saved.single()
        val pending = shell.core.readImport(file.readBytes(), "export password 42")
        assertEquals(TestApp.ACCOUNTS.size, pending.summary.accounts.size)
    }

    companion object {
        /** An otpauth list whose second entry has a secret that is not Base32. */
        val IMPORT_WITH_A_PROBLEM = listOf(
            "otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example",
            "otpauth://totp/Broken:bob?secret=NOT-BASE32-1&issuer=Broken",
        ).joinToString("\n")
    }
}
