package app.twofold.presentation

import app.twofold.presentation.transfer.ExportFormat
import app.twofold.presentation.transfer.ExportModel
import app.twofold.presentation.transfer.ExportPasswordProblem
import app.twofold.presentation.transfer.ExportScreen
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

class ExportModelTest {
    private val core = FakeCore().apply {
        createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        add("ACME", "alice", secret = "S-ALICE")
        add("Bank", "bob", secret = "S-BOB")
    }

    private fun ExportModel.screen() = state.value.screen

    @Test
    fun offers_every_format_with_whether_it_is_encrypted() {
        val model = ExportModel(core)
        val choose = assertIs<ExportScreen.ChooseFormat>(model.screen())
        assertEquals(ExportFormat.entries, choose.formats)
        assertEquals(listOf(true, true, false, false), choose.formats.map { it.encrypted })
    }

    @Test
    fun an_encrypted_backup_needs_a_long_enough_password_typed_twice() {
        val model = ExportModel(core)
        model.choose(ExportFormat.TWOFOLD_BACKUP)
        val empty = assertIs<ExportScreen.Password>(model.screen())
        assertNull(empty.problem, "no error before typing")
        assertFalse(empty.canExport)
        model.export(0)
        assertEquals(ExportPasswordProblem.EMPTY, assertIs<ExportScreen.Password>(model.screen()).problem)
        assertTrue(core.exportCalls.isEmpty())

        model.editPassword("short")
        assertEquals(ExportPasswordProblem.TOO_WEAK, assertIs<ExportScreen.Password>(model.screen()).problem)
        model.editPassword("correct horse")
        model.editRepeat("correct hors")
        val mismatch = assertIs<ExportScreen.Password>(model.screen())
        assertEquals(ExportPasswordProblem.MISMATCH, mismatch.problem)
        assertFalse(mismatch.canExport)
        assertFalse(mismatch.toString().contains("horse"))
        model.export(0)
        assertTrue(core.exportCalls.isEmpty(), "nothing is produced while the passwords differ")

        model.editRepeat("correct horse")
        assertTrue(assertIs<ExportScreen.Password>(model.screen()).canExport)
        model.export(1_700_000_000_000)
        val ready = assertIs<ExportScreen.Ready>(model.screen())
        assertEquals(listOf("backup/correct horse/1700000000"), core.exportCalls)
        val file = ready.files.single()
        assertEquals("twofold-backup.json", file.name)
        assertEquals("application/json", file.mimeType)
        assertEquals("backup/correct horse/1700000000:S-ALICE,S-BOB", String(file.bytes))
        assertTrue(ready.leftOut.isEmpty())
        assertFalse(ready.toString().contains("S-ALICE"))

        model.finished()
        assertTrue(file.bytes.all { it == 0.toByte() }, "the shared bytes are wiped afterwards")
        assertIs<ExportScreen.ChooseFormat>(model.screen())
    }

    @Test
    fun a_mismatch_is_not_shown_before_the_repeat_is_typed() {
        val model = ExportModel(core)
        model.choose(ExportFormat.AEGIS)
        model.editPassword("correct horse")
        assertNull(assertIs<ExportScreen.Password>(model.screen()).problem)
        model.export(0)
        assertEquals(ExportPasswordProblem.MISMATCH, assertIs<ExportScreen.Password>(model.screen()).problem)
        model.editRepeat("correct horse")
        model.export(0)
        assertEquals("aegis-export.json", assertIs<ExportScreen.Ready>(model.screen()).files.single().name)
        assertEquals(listOf("aegis/correct horse"), core.exportCalls)
    }

    @Test
    fun unencrypted_formats_need_the_acknowledgement_before_any_byte() {
        val model = ExportModel(core)
        model.choose(ExportFormat.OTPAUTH_LIST)
        val warning = assertIs<ExportScreen.Unencrypted>(model.screen())
        assertFalse(warning.acknowledged)
        assertFalse(warning.canExport)
        model.export(0)
        assertTrue(core.exportCalls.isEmpty())

        model.acknowledge(true)
        assertTrue(assertIs<ExportScreen.Unencrypted>(model.screen()).canExport)
        model.acknowledge(false)
        model.export(0)
        assertTrue(core.exportCalls.isEmpty())
        model.acknowledge(true)
        model.export(0)
        val file = assertIs<ExportScreen.Ready>(model.screen()).files.single()
        assertEquals("twofold-otpauth.txt", file.name)
        assertEquals("text/plain", file.mimeType)
        assertEquals("otpauth:S-ALICE,S-BOB", String(file.bytes))
    }

    @Test
    fun google_qr_codes_are_numbered_files_and_left_out_accounts_are_named() {
        core.add("Steam", "gamer", CodeKind.Steam, secret = "S-STEAM")
        core.googleLeftOut = listOf(ImportIssue(3, "Steam (gamer)", "Google Authenticator cannot hold Steam accounts"))
        val model = ExportModel(core)
        model.choose(ExportFormat.GOOGLE_QR)
        assertIs<ExportScreen.Unencrypted>(model.screen())
        model.acknowledge(true)
        model.export(0)
        val ready = assertIs<ExportScreen.Ready>(model.screen())
        assertEquals(listOf("google/null"), core.exportCalls, "the core chooses how many accounts go in each code")
        assertEquals(listOf("google-authenticator.png"), ready.files.map { it.name })
        assertEquals("image/png", ready.files.single().mimeType)
        assertEquals(core.googleLeftOut, ready.leftOut, "the accounts Google's format cannot carry are named")
    }

    @Test
    fun an_export_failure_shows_the_core_reason_and_back_returns_to_the_formats() {
        core.exportFailure = "cannot export: the vault has no accounts"
        val model = ExportModel(core)
        model.choose(ExportFormat.OTPAUTH_LIST)
        model.acknowledge(true)
        model.export(0)
        val failed = assertIs<ExportScreen.Failed>(model.screen())
        assertEquals("cannot export: the vault has no accounts", failed.reason)
        model.back()
        assertIs<ExportScreen.ChooseFormat>(model.screen())
        model.choose(ExportFormat.OTPAUTH_LIST)
        assertFalse(assertIs<ExportScreen.Unencrypted>(model.screen()).acknowledged, "the acknowledgement is asked again")
    }
}
