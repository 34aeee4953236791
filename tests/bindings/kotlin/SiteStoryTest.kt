// The seed's story through the Kotlin bindings, against the simulated website
// of tests/site (driven through its CLI; it checks codes with totp-rs itself).
package app.twofold.core.test

import app.twofold.core.*
import java.io.File
import java.nio.ByteBuffer
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

private const val STORY_NOW: ULong = 1_800_000_000u

/** The simulated site; its state lives in a JSON file in [folder]. */
private class SimulatedSite(private val folder: File) {
    private val binary = File(System.getenv("TWOFOLD_SITE") ?: "target/debug/twofold-test-site")

    init {
        check(binary.canExecute()) { "simulated site not built: ${binary.absolutePath} (cargo build -p twofold-test-site)" }
    }

    /** Runs a site command; returns (exit status, standard output). */
    fun run(vararg args: String): Pair<Int, String> {
        val process = ProcessBuilder(listOf(binary.path, "--state", File(folder, "site.json").path) + args)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        val output = process.inputStream.bufferedReader().readText().trim()
        return process.waitFor() to output
    }

    fun ok(vararg args: String): String {
        val (status, output) = run(*args)
        assertEquals(0, status, "site refused ${args.toList()}")
        return output
    }
}

private fun directBuffer(bytes: ByteArray): ByteBuffer = ByteBuffer.allocateDirect(bytes.size).put(bytes).flip()

class SiteStoryTest {
    @Test
    fun scanEnrollLoginAndUseTheRecoveryCodeOnce() {
        val folder = Files.createTempDirectory("twofold-site").toFile()
        val site = SimulatedSite(folder)
        site.ok("register", "john", "site-pw")
        val qr = File(folder, "qr.png")
        site.ok("setup", "john", "--qr", qr.path)
        Vault.createWithPassword(File(folder, "v.db").path, "vault pass phrase", KdfParams(64u, 1u, 1u), STORY_NOW).use { vault ->
            val accountId = Enrollment(vault).use { flow ->
                flow.choose(EnrollMethod.IMAGE)
                val confirm = assertIs<EnrollStep.Confirm>(flow.submitImage(directBuffer(qr.readBytes())))
                assertEquals("ACME Co" to "john", confirm.issuer to confirm.name)
                val shown = assertIs<EnrollStep.ShowCode>(flow.confirm(null, STORY_NOW))
                val recovery = site.ok("confirm", "john", shown.code.value, "--at", STORY_NOW.toString())
                flow.codeEntered()
                flow.acknowledge(true)
                assertIs<EnrollStep.Done>(flow.saveRecoveryCode(recovery, STORY_NOW)).accountId
            }
            // A later login with a fresh code.
            val later = STORY_NOW + 3600u
            val code = vault.codes(later).codes.first { it.account.id == accountId }.code!!.value
            site.ok("login", "john", "site-pw", code, "--at", later.toString())

            // The kept recovery code works once; the app keeps the replacement.
            val saved = vault.recoveryCodes(accountId).codes.single()
            val kept = vault.revealRecoveryCode(saved.id)
            val replacement = site.ok("recover", "john", "site-pw", kept)
            assertNotEquals(0, site.run("recover", "john", "site-pw", kept).first)
            vault.useRecoveryCode(accountId, kept, STORY_NOW + 10u)
            assertFailsWith<TwofoldException> { vault.useRecoveryCode(accountId, kept, STORY_NOW + 11u) }
            vault.replaceRecoveryCode(saved.id, replacement, STORY_NOW + 12u)
            val unused = vault.recoveryCodes(accountId).codes.filter { it.usedAt == null }
            assertEquals(1, unused.size)
            site.ok("recover", "john", "site-pw", vault.revealRecoveryCode(unused.single().id))
        }
    }

    @Test
    fun phoneOnlySetupTypesTheKeyAsDisplayed() {
        val folder = Files.createTempDirectory("twofold-site").toFile()
        val site = SimulatedSite(folder)
        site.ok("register", "jane", "site-pw")
        val page = site.ok("setup", "jane", "--qr", File(folder, "qr.png").path)
        val keyDisplay = Regex("\"key_display\":\"([A-Z2-7 ]+)\"").find(page)!!.groupValues[1]
        assertTrue(' ' in keyDisplay)
        Vault.createWithPassword(File(folder, "v.db").path, "vault pass phrase", KdfParams(64u, 1u, 1u), STORY_NOW).use { vault ->
            Enrollment(vault).use { flow ->
                flow.choose(EnrollMethod.MANUAL)
                assertIs<EnrollStep.Confirm>(flow.submitManual(keyDisplay.lowercase(), ManualEntry(name = "jane", issuer = "ACME Co")))
                val shown = assertIs<EnrollStep.ShowCode>(flow.confirm(null, STORY_NOW))
                site.ok("confirm", "jane", shown.code.value, "--at", STORY_NOW.toString())
            }
        }
    }
}
