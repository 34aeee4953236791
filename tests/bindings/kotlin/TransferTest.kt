// Moving phones through the generated Kotlin bindings: an encrypted backup
// and Google export QR codes read back into a fresh vault.
package app.twofold.core.test

import app.twofold.core.*
import java.io.File
import java.nio.ByteBuffer
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

private const val T: ULong = 1_700_000_000u
private val CHEAP_KDF = KdfParams(64u, 1u, 1u)
private const val ALICE = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"
private const val BOB = "otpauth://totp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&digits=8"

/** The scanner borrows its input: hand it a direct buffer, as the app does. */
private fun direct(bytes: ByteArray): ByteBuffer = ByteBuffer.allocateDirect(bytes.size).put(bytes).flip()

class TransferTest {
    private val dir = Files.createTempDirectory("twofold-kt-transfer").toFile().apply { deleteOnExit() }

    private fun vault(name: String) = Vault.createWithPassword(File(dir, name).path, "vault pass phrase", CHEAP_KDF, T)

    private fun codes(vault: Vault) = vault.codes(T).codes.map { Triple(it.account.issuer, it.account.name, it.code?.value) }.sortedBy { it.second }

    @Test
    fun backupRestoresAccountsAndRecoveryCodesOnce() {
        vault("source.db").use { source ->
            val alice = parseUri(ALICE).use { source.add(it, T) }
            parseUri(BOB).use { source.add(it, T) }
            source.saveRecoveryCode(alice.id, "ABCD-EFGH-1234", T)
            val backup = source.exportBackup("two file pass words", CHEAP_KDF, T)
            assertFalse(String(backup, Charsets.ISO_8859_1).contains("JBSWY3DPEHPK3PXP"))
            assertEquals(ImportFormat.TWOFOLD_BACKUP, detectImportFormat(backup))
            val wrong = assertFailsWith<TwofoldException.WrongPassword> { readImport(backup, "not it") }
            assertEquals(PasswordOf.File(ImportFormat.TWOFOLD_BACKUP), wrong.of)
            val required = assertFailsWith<TwofoldException.PasswordRequired> { readImport(backup, null) }
            assertEquals(ImportFormat.TWOFOLD_BACKUP, required.format)
            val unknown = assertFailsWith<TwofoldException.ImportFailed> { readImport("{}".toByteArray(), null) }
            val seems = assertIs<ImportFailure.UnrecognisedFile>(unknown.failure).seems
            assertTrue(seems.contains("JSON"), seems)
            vault("target.db").use { target ->
                val report = readImport(backup, "two file pass words").use { target.importAccounts(it, false, T) }
                assertEquals(2, report.added.size)
                assertEquals(codes(source), codes(target))
                val restored = report.added.first { it.issuer == "ACME Co" }
                val saved = target.recoveryCodes(restored.id).codes.single()
                assertEquals("ABCD-EFGH-1234", target.revealRecoveryCode(saved.id))
                val again = readImport(backup, "two file pass words").use { target.importAccounts(it, false, T) }
                assertTrue(again.added.isEmpty())
                assertEquals(2, again.duplicates.size)
            }
        }
    }

    @Test
    fun googleQrCodesComeBackThroughTheScannerAndCollector() {
        vault("google-source.db").use { source ->
            parseUri(ALICE).use { source.add(it, T) }
            parseUri(BOB).use { source.add(it, T) }
            val export = source.exportGoogleQr(1u)
            assertEquals(2, export.pngs.size)
            assertTrue(export.leftOut.isEmpty())
            GoogleExportCollector().use { collector ->
                val first = assertIs<ScanOutcome.Migration>(scanImage(direct(export.pngs[0])))
                assertEquals(listOf(1u), collector.add(first.export).missing)
                val second = assertIs<ScanOutcome.Migration>(scanImage(direct(export.pngs[1])))
                assertTrue(collector.add(second.export).missing.isEmpty())
                vault("google-target.db").use { target ->
                    collector.finish().use { target.importAccounts(it, false, T) }
                    assertEquals(codes(source), codes(target))
                }
            }
        }
    }
}
