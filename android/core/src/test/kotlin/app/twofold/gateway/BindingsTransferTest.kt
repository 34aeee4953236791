package app.twofold.gateway

import app.twofold.core.KdfParams
import app.twofold.core.KeyProvider
import app.twofold.core.Vault
import app.twofold.presentation.CoreException
import app.twofold.presentation.EnrollmentSession
import app.twofold.presentation.ImportFormat
import app.twofold.presentation.ImportResult
import app.twofold.presentation.transfer.ExportFormat
import app.twofold.presentation.transfer.ExportModel
import app.twofold.presentation.transfer.ExportScreen
import app.twofold.presentation.transfer.ImportModel
import app.twofold.presentation.transfer.ImportScreen
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** Import and export through the gateway and the models, against the real library. */
class BindingsTransferTest {
    /** The data key "wrapped" by XOR: enough for a vault that is never locked here. */
    private class XorKeyProvider : KeyProvider {
        override fun wrap(plaintext: ByteArray) = ByteArray(plaintext.size) { (plaintext[it].toInt() xor 0x5A).toByte() }
        override fun unwrap(wrapped: ByteArray) = wrap(wrapped)
    }

    private val noEnrollment: (Vault) -> EnrollmentSession = { error("not used") }
    private val t = 1_700_000_000L
    private val cheap = KdfParams(64u, 1u, 1u)

    private fun gateway(dir: File, name: String) =
        BindingsGateway(File(dir, name).path, XorKeyProvider(), "test", noEnrollment, backupKdf = cheap, passwordKdf = cheap)
            .apply { createVault("correct horse battery", withDeviceKey = true, nowSeconds = t) }

    private val links = """
        otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co
        otpauth://totp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&digits=8
        otpauth://totp/Broken:carol?secret=0000
    """.trimIndent()

    private fun codes(gateway: BindingsGateway) =
        gateway.codes(t).codes.map { "${it.account.issuer}|${it.account.name}|${it.code?.value}" }.sorted()

    @Test
    fun backup_round_trip_reports_problems_and_duplicates(@TempDir dir: File) {
        val source = gateway(dir, "source.db")
        // An otpauth:// list with one bad line: listed with its line, imported only when accepted.
        source.readImport(links.toByteArray(), null).use { pending ->
            val summary = pending.summary
            assertEquals(ImportFormat.OTPAUTH_LIST, summary.format)
            assertEquals(listOf("ACME Co (alice@example.com)", "Example (bob)"), summary.accounts)
            assertEquals(3, summary.problems.single().position)
            val refused = assertFailsWith<CoreException> { source.importAccounts(pending, acceptProblems = false, t) }
            assertEquals(CoreException.Kind.IMPORT_FAILED, refused.kind)
            assertTrue(source.codes(t).codes.isEmpty(), "nothing imported without the acceptance")
            assertEquals(ImportResult(2, emptyList()), source.importAccounts(pending, acceptProblems = true, t))
        }

        val backup = source.exportBackup("file password 42", t)
        assertFalse(String(backup, Charsets.ISO_8859_1).contains("JBSWY3DPEHPK3PXP"))
        assertEquals(CoreException.Kind.PASSWORD_REQUIRED, assertFailsWith<CoreException> { source.readImport(backup, null) }.kind)
        assertEquals(CoreException.Kind.WRONG_PASSWORD, assertFailsWith<CoreException> { source.readImport(backup, "not it") }.kind)
        val unknown = assertFailsWith<CoreException> { source.readImport("hello".toByteArray(), null) }
        assertEquals(CoreException.Kind.IMPORT_FAILED, unknown.kind)
        assertTrue(unknown.message!!.startsWith("not a format Twofold can import"), unknown.message)

        val target = gateway(dir, "target.db")
        target.readImport(backup, "file password 42").use { pending ->
            assertEquals(ImportFormat.TWOFOLD_BACKUP, pending.summary.format)
            assertEquals(ImportResult(2, emptyList()), target.importAccounts(pending, acceptProblems = false, t))
        }
        assertEquals(codes(source), codes(target))
        val again = target.readImport(backup, "file password 42").use { target.importAccounts(it, false, t) }
        assertEquals(0, again.added)
        assertEquals(listOf("ACME Co (alice@example.com)", "Example (bob)"), again.duplicates.sorted())
        source.close()
        target.close()
    }

    @Test
    fun the_models_export_and_import_through_the_real_library(@TempDir dir: File) {
        val source = gateway(dir, "source.db")
        source.readImport(links.toByteArray(), null).use { source.importAccounts(it, true, t) }

        // Export: an encrypted Aegis file through the export model.
        val export = ExportModel(source)
        export.choose(ExportFormat.AEGIS)
        export.editPassword("aegis password")
        export.editRepeat("aegis password")
        export.export(t * 1000)
        val aegis = assertIs<ExportScreen.Ready>(export.state.value.screen).files.single().bytes.copyOf()
        export.finished()

        // Import: the import model asks for the password, retries, reviews, imports.
        val target = gateway(dir, "target.db")
        target.readImport(links.lines().first().toByteArray(), null).use { target.importAccounts(it, false, t) }
        val importer = ImportModel(target)
        importer.onFile(aegis)
        assertIs<ImportScreen.Password>(importer.state.value.screen)
        importer.editPassword("wrong password")
        importer.submitPassword()
        assertTrue(assertIs<ImportScreen.Password>(importer.state.value.screen).wrongPassword)
        importer.editPassword("aegis password")
        importer.submitPassword()
        val review = assertIs<ImportScreen.Review>(importer.state.value.screen)
        assertEquals(ImportFormat.AEGIS_ENCRYPTED, review.format)
        assertEquals(2, review.accounts.size)
        importer.confirm(t * 1000)
        val done = assertIs<ImportScreen.Done>(importer.state.value.screen)
        assertEquals(1, done.added)
        assertEquals(1, done.duplicates.size)
        assertEquals(listOf("ACME Co (alice@example.com)"), done.duplicates)
        assertEquals(codes(source), codes(target))
        importer.close()
        source.close()
        target.close()
    }

    @Test
    fun unencrypted_exports_read_back(@TempDir dir: File) {
        val source = gateway(dir, "source.db")
        source.readImport(links.toByteArray(), null).use { source.importAccounts(it, true, t) }

        val list = source.exportOtpauthList()
        assertTrue(list.contains("JBSWY3DPEHPK3PXP"))
        source.readImport(list.toByteArray(), null).use {
            assertEquals(ImportFormat.OTPAUTH_LIST, it.summary.format)
            assertEquals(2, it.summary.accounts.size)
            assertTrue(it.summary.problems.isEmpty())
        }

        val google = source.exportGoogleQr(1)
        assertEquals(2, google.pngs.size)
        assertTrue(google.leftOut.isEmpty())
        val target = gateway(dir, "target.db")
        val importer = ImportModel(target)
        importer.onImage(google.pngs[1])
        val parts = assertIs<ImportScreen.GoogleParts>(importer.state.value.screen)
        assertEquals(listOf(1), parts.missing)
        importer.onImage(google.pngs[0])
        val review = assertIs<ImportScreen.Review>(importer.state.value.screen)
        assertEquals(2, review.accounts.size)
        importer.confirm(t * 1000)
        assertEquals(2, assertIs<ImportScreen.Done>(importer.state.value.screen).added)
        assertEquals(codes(source), codes(target))

        val notAnExport = assertFailsWith<CoreException> { target.readImportImage(ByteArray(16)) }
        assertNotNull(notAnExport.message)
        importer.close()
        source.close()
        target.close()
    }
}
