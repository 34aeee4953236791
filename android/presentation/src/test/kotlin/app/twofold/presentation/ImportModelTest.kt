package app.twofold.presentation

import app.twofold.presentation.transfer.ImportModel
import app.twofold.presentation.transfer.ImportScreen
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

class ImportModelTest {
    private val core = FakeCore().apply { createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0) }

    private fun file(name: String, summary: ImportSummary, secrets: List<String>, password: String? = null): ByteArray {
        core.files[name] = FakeCore.FakeFile(summary, secrets, password)
        return name.toByteArray()
    }

    private val twoAccounts = ImportSummary(ImportFormat.AEGIS, listOf("ACME (alice)", "Bank (bob)"), emptyList())

    private fun ImportModel.screen() = state.value.screen

    @Test
    fun starts_by_opening_the_picker_once() {
        val model = ImportModel(core)
        assertEquals(ImportScreen.PickFile(launchPicker = true), model.screen())
        model.pickerLaunched()
        assertEquals(ImportScreen.PickFile(launchPicker = false), model.screen())
    }

    @Test
    fun a_plain_file_is_reviewed_then_imported_with_duplicates_skipped() {
        core.add("Bank", "bob", secret = "S-BOB")
        val model = ImportModel(core)
        model.onFile(file("aegis", twoAccounts, listOf("S-ALICE", "S-BOB")))
        val review = assertIs<ImportScreen.Review>(model.screen())
        assertEquals(ImportFormat.AEGIS, review.format)
        assertEquals(2, review.accounts.size)
        assertEquals(listOf("ACME (alice)", "Bank (bob)"), review.accounts)
        assertTrue(review.problems.isEmpty())
        assertFalse(review.needsAcceptance)
        assertFalse(review.offerAcceptRest)
        assertTrue(review.canImport)

        model.confirm(1_000_000)
        val done = assertIs<ImportScreen.Done>(model.screen())
        assertEquals(1, done.added)
        assertEquals(listOf("Bank (bob)"), done.duplicates)
        assertEquals(1, done.added)
        assertEquals(1, done.duplicates.size)
        assertEquals(2, core.accounts.size)
        assertTrue(core.openPending.isEmpty(), "the pending import is closed after importing")
    }

    @Test
    fun an_encrypted_file_asks_for_its_password_and_a_wrong_one_can_be_retried() {
        val model = ImportModel(core)
        val bytes = file("backup", twoAccounts.copy(format = ImportFormat.TWOFOLD_BACKUP), listOf("A", "B"), password = "file password")
        model.onFile(bytes)
        val asked = assertIs<ImportScreen.Password>(model.screen())
        assertFalse(asked.wrongPassword)
        assertFalse(asked.canSubmit)
        model.submitPassword()
        assertIs<ImportScreen.Password>(model.screen())

        model.editPassword("not it")
        assertTrue(assertIs<ImportScreen.Password>(model.screen()).canSubmit)
        model.submitPassword()
        val wrong = assertIs<ImportScreen.Password>(model.screen())
        assertTrue(wrong.wrongPassword)
        assertEquals("", wrong.password, "the wrong password is cleared")
        assertFalse(wrong.toString().contains("not it"))

        model.editPassword("file password")
        assertFalse(assertIs<ImportScreen.Password>(model.screen()).wrongPassword, "typing clears the error")
        model.submitPassword()
        val review = assertIs<ImportScreen.Review>(model.screen())
        assertEquals(ImportFormat.TWOFOLD_BACKUP, review.format)
        assertEquals(2, review.accounts.size)
        assertTrue(bytes.all { it == 0.toByte() }, "the file's bytes are wiped once read")
    }

    @Test
    fun problems_are_listed_and_the_rest_is_imported_only_when_accepted() {
        val summary = ImportSummary(
            ImportFormat.OTPAUTH_LIST,
            listOf("ACME (alice)"),
            listOf(
                ImportIssue(2, null, "not an otpauth:// URI"),
                ImportIssue(4, "Bank (bob)", "the secret is not valid Base32"),
            ),
        )
        val model = ImportModel(core)
        model.onFile(file("list", summary, listOf("S-ALICE")))
        val review = assertIs<ImportScreen.Review>(model.screen())
        assertEquals(ImportFormat.OTPAUTH_LIST, review.format)
        assertEquals(1, review.accounts.size)
        assertEquals(listOf(2, 4), review.problems.map { it.position }, "each unreadable entry with its position…")
        assertEquals("the secret is not valid Base32", review.problems[1].reason, "…and the core's reason")
        assertTrue(review.needsAcceptance)
        assertFalse(review.canImport)
        assertTrue(review.offerAcceptRest)

        model.confirm(0)
        assertIs<ImportScreen.Review>(model.screen())
        assertTrue(core.accounts.isEmpty(), "nothing is imported without the acceptance")

        model.setAcceptRest(true)
        assertTrue(assertIs<ImportScreen.Review>(model.screen()).canImport)
        model.setAcceptRest(false)
        assertFalse(assertIs<ImportScreen.Review>(model.screen()).canImport)
        model.setAcceptRest(true)
        model.confirm(0)
        assertEquals(1, assertIs<ImportScreen.Done>(model.screen()).added)
        assertEquals(1, core.accounts.size)
    }

    @Test
    fun a_file_with_nothing_readable_cannot_be_imported() {
        val model = ImportModel(core)
        model.onFile(file("bad", ImportSummary(ImportFormat.TWO_FAS, emptyList(), listOf(ImportIssue(1, null, "no secret"))), emptyList()))
        val review = assertIs<ImportScreen.Review>(model.screen())
        assertTrue(review.accounts.isEmpty())
        assertFalse(review.offerAcceptRest, "nothing readable to accept")
        model.setAcceptRest(true)
        assertFalse(assertIs<ImportScreen.Review>(model.screen()).canImport)
    }

    @Test
    fun an_unreadable_file_fails_with_the_core_reason_and_another_can_be_chosen() {
        val model = ImportModel(core)
        model.onFile("hello".toByteArray())
        val failed = assertIs<ImportScreen.Failed>(model.screen())
        assertTrue(failed.reason.startsWith("not a format Twofold can import"), failed.reason)
        model.chooseAnotherFile()
        assertEquals(ImportScreen.PickFile(launchPicker = true), model.screen())
        model.onFile(file("aegis", twoAccounts, listOf("A", "B")))
        assertIs<ImportScreen.Review>(model.screen())
    }

    @Test
    fun a_failing_import_reports_the_core_reason() {
        core.importFailure = "cannot import entry 2: the vault refused it"
        val model = ImportModel(core)
        model.onFile(file("aegis", twoAccounts, listOf("A", "B")))
        model.confirm(0)
        assertEquals("cannot import entry 2: the vault refused it", assertIs<ImportScreen.Failed>(model.screen()).reason)
        assertTrue(core.accounts.isEmpty())
        assertTrue(core.openPending.isEmpty())
    }

    @Test
    fun google_export_qr_codes_are_collected_until_complete() {
        fun part(index: Int, batchId: Int = 7) = file(
            "google-$batchId-$index",
            ImportSummary(ImportFormat.GOOGLE_AUTHENTICATOR, listOf("Site $index (user)"), emptyList(), GoogleBatch(batchId, index, 3)),
            listOf("S-$index"),
        )
        val model = ImportModel(core)
        model.onImage(part(1))
        val first = assertIs<ImportScreen.GoogleParts>(model.screen())
        assertEquals(1, first.scanned)
        assertEquals(3, first.total)
        assertEquals(listOf(1, 3), first.missing)
        assertTrue(first.canImportPartial)

        model.onImage(part(0, batchId = 9))
        assertEquals("this QR code belongs to another Google Authenticator export", model.state.value.error)
        assertEquals(first, model.screen())
        model.errorShown()
        assertNull(model.state.value.error)

        model.onFile(part(0))
        assertEquals(listOf(3), assertIs<ImportScreen.GoogleParts>(model.screen()).missing)
        model.onImage(part(1))
        assertEquals(listOf(3), assertIs<ImportScreen.GoogleParts>(model.screen()).missing, "repeats are ignored")
        model.onImage(part(2))
        val review = assertIs<ImportScreen.Review>(model.screen())
        assertEquals(listOf("Site 0 (user)", "Site 1 (user)", "Site 2 (user)"), review.accounts)
        model.confirm(0)
        assertEquals(3, assertIs<ImportScreen.Done>(model.screen()).added)
    }

    @Test
    fun an_incomplete_google_export_is_imported_only_on_request() {
        val model = ImportModel(core)
        model.onImage(
            file(
                "google-part",
                ImportSummary(ImportFormat.GOOGLE_AUTHENTICATOR, listOf("Site (user)"), emptyList(), GoogleBatch(1, 0, 2)),
                listOf("S"),
            ),
        )
        assertIs<ImportScreen.GoogleParts>(model.screen())
        model.importScannedParts()
        assertEquals(listOf("Site (user)"), assertIs<ImportScreen.Review>(model.screen()).accounts)
    }

    @Test
    fun an_image_without_an_export_fails_and_closing_releases_everything() {
        val model = ImportModel(core)
        model.onImage("cat photo".toByteArray())
        assertEquals(
            "no Google Authenticator export QR code in this image",
            assertIs<ImportScreen.Failed>(model.screen()).reason,
        )
        model.chooseAnotherFile()
        model.onFile(file("aegis", twoAccounts, listOf("A", "B")))
        assertEquals(1, core.openPending.size)
        model.close()
        assertTrue(core.openPending.isEmpty())
    }
}
