// Scanner and vault tests of the generated Kotlin bindings, with a key
// provider implemented in Kotlin.
package app.twofold.core.test

import app.twofold.core.*
import java.io.File
import java.nio.ByteBuffer
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

private const val NOW: ULong = 1_700_000_000u
/** Cheap Argon2id parameters: tests only, never for a real vault. */
private val TEST_KDF = KdfParams(64u, 1u, 1u)
private const val HOTP_URI = "otpauth://hotp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"
private const val RFC_SHA1_URI =
    "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&period=30"
private const val ACME = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"

/** A fixture file as a direct buffer, as a camera plane or a mapped file would be. */
private fun fixture(name: String): ByteBuffer {
    val bytes = File(System.getenv("TWOFOLD_FIXTURES"), name).readBytes()
    return ByteBuffer.allocateDirect(bytes.size).put(bytes).flip()
}

/** A stand-in for the Android Keystore: XOR with a pad, tagged. */
class XorKeyProvider : KeyProvider {
    val calls = mutableListOf<String>()

    override fun wrap(plaintext: ByteArray): ByteArray {
        calls += "wrap"
        return byteArrayOf('T'.code.toByte()) + ByteArray(plaintext.size) { (plaintext[it].toInt() xor 0x5a).toByte() }
    }

    override fun unwrap(wrapped: ByteArray): ByteArray {
        calls += "unwrap"
        if (wrapped.isEmpty() || wrapped[0] != 'T'.code.toByte()) {
            throw TwofoldException.KeyProviderFailed("not wrapped by this provider")
        }
        return ByteArray(wrapped.size - 1) { (wrapped[it + 1].toInt() xor 0x5a).toByte() }
    }
}

class CancellingKeyProvider : KeyProvider {
    override fun wrap(plaintext: ByteArray): ByteArray = throw TwofoldException.AuthenticationCancelled()
    override fun unwrap(wrapped: ByteArray): ByteArray = throw TwofoldException.AuthenticationCancelled()
}

/** A Keystore whose key was invalidated (new biometrics, screen lock removed). */
class KeyGoneProvider : KeyProvider {
    override fun wrap(plaintext: ByteArray): ByteArray = throw TwofoldException.PlatformKeyMismatch()
    override fun unwrap(wrapped: ByteArray): ByteArray = throw TwofoldException.PlatformKeyMismatch()
}

class CrashingKeyProvider : KeyProvider {
    override fun wrap(plaintext: ByteArray): ByteArray = throw IllegalStateException("keystore exploded")
    override fun unwrap(wrapped: ByteArray): ByteArray = throw IllegalStateException("keystore exploded")
}

class ScanTest {
    @Test
    fun screenshotGivesAPendingAccount() {
        val outcome = assertIs<ScanOutcome.Account>(scanImage(fixture("otpauth.png")))
        outcome.account.use {
            val info = it.info()
            assertEquals("ACME Co", info.issuer)
            assertEquals("alice@example.com", info.name)
        }
    }

    @Test
    fun darkModeAndOtherCodes() {
        assertIs<ScanOutcome.Account>(scanImage(fixture("otpauth-dark.png"))).account.close()
        val other = assertIs<ScanOutcome.NotAnAuthenticatorCode>(scanImage(fixture("link.png")))
        assertEquals("https://example.com/welcome", other.text)
    }

    @Test
    fun aBareKeyIsHeldByAnObject() {
        val outcome = assertIs<ScanOutcome.BareKey>(scanImage(fixture("bare-key.png")))
        outcome.key.use { key ->
            assertEquals(32u, key.characters())
            assertEquals("HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ", key.revealText())
            key.withEntry(ManualEntry(name = "alice", issuer = "ACME")).use {
                assertEquals(160u, it.info().keyBits)
            }
        }
    }

    @Test
    fun cameraFrameWithRowStrideIsReadZeroCopy() {
        val frame = fixture("otpauth-frame.gray")
        assertIs<ScanOutcome.Account>(scanFrame(frame, 320u, 240u, 352u)).account.close()
        Scanner().use { scanner ->
            val outcomes = List(3) { scanner.scanFrame(frame, 320u, 240u, 352u) }
            assertTrue(outcomes.any { it is ScanOutcome.Account }, outcomes.toString())
            outcomes.forEach { it.destroy() }
        }
        // The zero-copy path only takes direct buffers.
        assertFailsWith<IllegalArgumentException> { scanImage(ByteBuffer.wrap(ByteArray(4))) }
    }

    @Test
    fun badInputIsAScanError() {
        val short = ByteBuffer.allocateDirect(1000)
        assertFailsWith<TwofoldException.ScanFailed> { scanFrame(short, 320u, 240u, 352u) }
        val garbage = ByteBuffer.allocateDirect(12).put("not an image".toByteArray()).flip()
        assertFailsWith<TwofoldException.ScanFailed> { scanImage(garbage) }
    }
}

class VaultTest {
    private fun tempVault(): String {
        val dir = Files.createTempDirectory("twofold-kt").toFile()
        dir.deleteOnExit()
        return File(dir, "vault.db").path
    }

    @Test
    fun keyProviderVaultAddListCodesHotp() {
        val path = tempVault()
        val provider = XorKeyProvider()
        val (totpId, hotpId) = Vault.createWithKeyProvider(path, provider, "test keystore", NOW).use { vault ->
            assertEquals(listOf("wrap"), provider.calls)
            val totp = parseUri(RFC_SHA1_URI).use { vault.add(it, NOW) }
            val hotp = parseUri(HOTP_URI).use { vault.add(it, NOW) }
            val listing = vault.list()
            assertEquals(listOf(totp.id, hotp.id), listing.accounts.map { it.id })
            assertTrue(listing.unreadable.isEmpty())
            assertFalse(listing.toString().contains("GEZDGNBV"))

            val codes = vault.codes(59u).codes.associate { it.account.id to it.code }
            assertEquals("94287082", codes.getValue(totp.id)!!.value)
            assertNull(codes.getValue(hotp.id))
            // RFC 4226 appendix D: counters 0, 1, 2; each code is shown once.
            assertEquals(listOf("755224", "287082", "359152"), List(3) { vault.nextHotp(hotp.id, NOW).value })
            assertEquals(OtpKind.Hotp(3u), vault.get(hotp.id).params.kind)
            vault.lock()
            assertFailsWith<TwofoldException.Locked> { vault.list() }
            totp.id to hotp.id
        }
        Vault.open(path).use { vault ->
            vault.unlockWithKeyProvider(provider)
            assertEquals(listOf("wrap", "unwrap"), provider.calls)
            assertEquals(listOf(totpId, hotpId), vault.list().accounts.map { it.id })
            vault.exportAccount(totpId).use {
                assertTrue(it.exportUri().contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
            }
        }
    }

    @Test
    fun recoveryCodesWorkOnce() {
        Vault.createWithPassword(tempVault(), "correct horse", TEST_KDF, NOW).use { vault ->
            val account = parseUri(ACME).use { vault.add(it, NOW) }
            val saved = vault.saveRecoveryCode(account.id, "ABCD-EFGH-1234", NOW)
            assertNull(saved.usedAt)
            assertEquals(listOf(saved.id), vault.recoveryCodes(account.id).codes.map { it.id })
            assertEquals("ABCD-EFGH-1234", vault.revealRecoveryCode(saved.id))
            assertEquals(NOW + 10u, vault.useRecoveryCode(account.id, "ABCD-EFGH-1234", NOW + 10u).usedAt)
            val again = assertFailsWith<TwofoldException.RecoveryCodeAlreadyUsed> {
                vault.useRecoveryCode(account.id, "ABCD-EFGH-1234", NOW + 20u)
            }
            assertEquals(saved.id, again.id)
            val fresh = vault.replaceRecoveryCode(saved.id, "WXYZ-0000", NOW + 30u)
            assertNull(fresh.usedAt)
        }
    }

    @Test
    fun wrongPasswordIsItsOwnError() {
        val path = tempVault()
        Vault.createWithPassword(path, "correct horse", TEST_KDF, NOW).close()
        Vault.open(path).use { vault ->
            val wrong = assertFailsWith<TwofoldException.WrongPassword> { vault.unlockWithPassword("battery staple") }
            assertEquals(PasswordOf.Vault, wrong.of)
            assertFalse(vault.isUnlocked())
            vault.unlockWithPassword("correct horse")
            assertTrue(vault.isUnlocked())
        }
    }

    @Test
    fun throwingCallbacksComeBackAsErrors() {
        val path = tempVault()
        val crash = assertFailsWith<TwofoldException.KeyProviderFailed> {
            Vault.createWithKeyProvider(path, CrashingKeyProvider(), "x", NOW).close()
        }
        assertTrue(crash.reason.contains("keystore exploded"), crash.reason)
        Vault.createWithKeyProvider(path, XorKeyProvider(), "x", NOW).use { vault ->
            vault.lock()
            assertFailsWith<TwofoldException.AuthenticationCancelled> {
                vault.unlockWithKeyProvider(CancellingKeyProvider())
            }
            val failed = assertFailsWith<TwofoldException.KeyProviderFailed> {
                vault.unlockWithKeyProvider(CrashingKeyProvider())
            }
            assertTrue(failed.reason.contains("keystore exploded"), failed.reason)
            assertFailsWith<TwofoldException.PlatformKeyMismatch> { vault.unlockWithKeyProvider(KeyGoneProvider()) }
            assertFalse(vault.isUnlocked())
        }
    }

    @Test
    fun errorsCarryWhatTheAppNeedsToChooseAScreen() {
        val path = tempVault()
        val missingFile = assertFailsWith<TwofoldException.VaultUnusable> { Vault.open(path) }
        assertEquals(VaultProblem.NoSuchFile, missingFile.problem)
        val weak = assertFailsWith<TwofoldException.PasswordTooWeak> {
            Vault.createWithPassword(path, "password1", TEST_KDF, NOW)
        }
        assertEquals(passwordStrength("password1").weakness, weak.weakness)
        assertFalse(File(path).exists())
        Vault.createWithPassword(path, "correct horse", TEST_KDF, NOW).use { vault ->
            val missing = assertFailsWith<TwofoldException.NotFound> { vault.get("no-such-account") }
            assertEquals(Missing.Account("no-such-account"), missing.missing)
            val slot = vault.slots().single()
            val last = assertFailsWith<TwofoldException.InvalidRequest> { vault.removeSlot(slot.id) }
            assertEquals(RequestProblem.LastSlot, last.problem)
            val noDevice = assertFailsWith<TwofoldException.NotFound> { vault.unlockWithKeyProvider(XorKeyProvider()) }
            assertEquals(Missing.SlotKind(SlotKind.PLATFORM), noDevice.missing)
        }
    }

    @Test
    fun twoThreadsReadCodesFromOneVault() {
        Vault.createWithPassword(tempVault(), "vault pass phrase", TEST_KDF, NOW).use { vault ->
            parseUri(RFC_SHA1_URI).use { vault.add(it, NOW) }
            val results = java.util.Collections.synchronizedList(mutableListOf<String>())
            val workers = List(2) {
                kotlin.concurrent.thread {
                    repeat(200) { results += vault.codes(59u).codes.single().code!!.value }
                }
            }
            workers.forEach { it.join() }
            assertEquals(400, results.size)
            assertEquals(setOf("94287082"), results.toSet())
        }
    }
}

class EnrollmentTest {
    @Test
    fun imageEnrollmentSavesTheAccount() {
        val path = File(Files.createTempDirectory("twofold-kt").toFile(), "vault.db").path
        Vault.createWithPassword(path, "vault pass phrase", TEST_KDF, NOW).use { vault ->
            Enrollment(vault).use { flow ->
                assertEquals(EnrollStep.ChooseMethod, flow.step())
                flow.choose(EnrollMethod.IMAGE)
                val hint = assertIs<EnrollStep.Scanning>(flow.submitImage(fixture("link.png"))).hint
                assertIs<ScanHint.NotAnAuthenticatorCode>(hint)
                val confirm = assertIs<EnrollStep.Confirm>(flow.submitImage(fixture("otpauth.png")))
                assertEquals("ACME Co" to "alice@example.com", confirm.issuer to confirm.name)
                flow.editLabels("ACME", "alice")
                val shown = assertIs<EnrollStep.ShowCode>(flow.confirm(null, NOW))
                assertEquals(6, shown.code.value.length)
                flow.codeEntered()
                val refused = assertFailsWith<TwofoldException.FlowRefused> { flow.saveRecoveryCode("RC-1", NOW) }
                assertEquals(FlowProblem.ACKNOWLEDGEMENT_REQUIRED, refused.problem)
                val done = assertIs<EnrollStep.Done>(flow.skipRecoveryCode())
                assertEquals(shown.accountId, done.accountId)
                val saved = vault.get(done.accountId)
                assertEquals("ACME" to "alice", saved.issuer to saved.name)
            }
        }
    }
}
