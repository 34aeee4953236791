// Tests of the generated Kotlin bindings against the real libtwofold_ffi,
// on the JVM with JNA. Run by tests/bindings/run.sh through Runner.kt.
package app.twofold.core.test

import app.twofold.core.*
import java.util.Base64
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/** RFC 6238 appendix B: ASCII seeds, 8 digits, 30 s. */
private val SEEDS = mapOf(
    Algorithm.SHA1 to "12345678901234567890",
    Algorithm.SHA256 to "12345678901234567890123456789012",
    Algorithm.SHA512 to "1234567890".repeat(6) + "1234",
)

/** time, SHA1, SHA256, SHA512. */
private val RFC6238 = listOf(
    listOf("59", "94287082", "46119246", "90693936"),
    listOf("1111111109", "07081804", "68084774", "25091201"),
    listOf("1111111111", "14050471", "67062674", "99943326"),
    listOf("1234567890", "89005924", "91819424", "93441116"),
    listOf("2000000000", "69279037", "90698825", "38618901"),
    listOf("20000000000", "65353130", "77737706", "47863826"),
)

private const val ACME_URI =
    "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP" +
        "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60"

/** Unpadded RFC 4648 Base32, written out here so the test does not trust the library. */
private fun base32(bytes: ByteArray): String {
    val alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    val out = StringBuilder()
    var buffer = 0
    var bits = 0
    for (b in bytes) {
        buffer = (buffer shl 8) or (b.toInt() and 0xff)
        bits += 8
        while (bits >= 5) {
            out.append(alphabet[(buffer shr (bits - 5)) and 31])
            bits -= 5
        }
    }
    if (bits > 0) out.append(alphabet[(buffer shl (5 - bits)) and 31])
    return out.toString()
}

private fun rfcUri(algorithm: Algorithm) =
    "otpauth://totp/RFC:6238?secret=${base32(SEEDS.getValue(algorithm).toByteArray())}" +
        "&algorithm=${algorithm.name}&digits=8&period=30"

class UriTest {
    @Test
    fun parseUriGivesDisplayInfoWithoutTheSecret() {
        parseUri(ACME_URI).use { account ->
            val info = account.info()
            assertEquals("ACME Co", info.issuer)
            assertEquals("alice@example.com", info.name)
            assertEquals("ACME Co (alice@example.com)", info.label)
            assertEquals(OtpParams(OtpKind.Totp(60u), Algorithm.SHA256, 8u), info.params)
            assertEquals(80u, info.keyBits)
            assertTrue(info.shorterThanRecommended)
            assertFalse(info.toString().contains("JBSWY3DPEHPK3PXP"))
            assertTrue(account.exportUri().contains("secret=JBSWY3DPEHPK3PXP"))
        }
    }

    @Test
    fun badUriArrivesAsInvalidUri() {
        val error = assertFailsWith<TwofoldException.InvalidUri> {
            parseUri("https://example.com/?secret=JBSWY3DPEHPK3PXP").close()
        }
        assertTrue(error.reason.contains("otpauth"), error.reason)
        assertFalse(error.message!!.contains("JBSWY3DPEHPK3PXP"))
    }

    @Test
    fun hotpUriKeepsItsCounter() {
        parseUri("otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1").use { account ->
            assertEquals(OtpKind.Hotp(1u), account.info().params.kind)
            val code = generateCode(account, 1_700_000_000u)
            assertEquals("287082", code.value) // RFC 4226 appendix D, counter 1
            assertNull(code.validUntil)
        }
    }
}

class CodeTest {
    @Test
    fun rfc6238VectorsForEveryAlgorithm() {
        listOf(Algorithm.SHA1, Algorithm.SHA256, Algorithm.SHA512).forEachIndexed { index, algorithm ->
            parseUri(rfcUri(algorithm)).use { account ->
                for (row in RFC6238) {
                    val time = row[0].toULong()
                    val code = generateCode(account, time)
                    assertEquals(row[1 + index], code.value, "$algorithm at $time")
                    assertEquals(time - time % 30u, code.validFrom)
                    assertEquals(time - time % 30u + 30u, code.validUntil)
                }
            }
        }
    }

    @Test
    fun twoThreadsShareOneAccount() {
        parseUri(rfcUri(Algorithm.SHA1)).use { account ->
            val barrier = CyclicBarrier(2)
            val wrong = AtomicInteger(0)
            val done = AtomicInteger(0)
            val workers = List(2) {
                thread {
                    barrier.await()
                    repeat(300) {
                        for (row in RFC6238) {
                            if (generateCode(account, row[0].toULong()).value != row[1]) wrong.incrementAndGet()
                        }
                    }
                    done.incrementAndGet()
                }
            }
            workers.forEach { it.join() }
            assertEquals(2, done.get())
            assertEquals(0, wrong.get())
        }
    }
}

class ManualEntryTest {
    @Test
    fun typedGroupsAreAccepted() {
        val info = parseKey("jbsw y3dp ehpk 3pxp")
        assertEquals(KeyInfo(80u, true), info)
    }

    @Test
    fun invalidCharacterArrivesWithVariantAndPosition() {
        val error = assertFailsWith<TwofoldException.InvalidKey> { parseKey("JBSW Y3D0 EHPK 3PXP") }
        val problem = assertIs<KeyProblem.InvalidCharacter>(error.problem)
        assertEquals(9u, problem.position)
        assertEquals("0", problem.character)
        assertTrue(problem.hint!!.contains("letter O"))
    }

    @Test
    fun formReportsEveryField() {
        val error = assertFailsWith<TwofoldException.InvalidForm> {
            validateManualEntry("JBSW1Y3DPEHPK3PXP", ManualEntry(name = " ", digits = 4u)).close()
        }
        assertEquals(listOf(FormField.KEY, FormField.NAME, FormField.DIGITS), error.problems.map { it.field })
        val keyProblem = assertIs<KeyProblem.InvalidCharacter>(error.problems[0].keyProblem)
        assertEquals("1", keyProblem.character)
        assertEquals(5u, keyProblem.position)
    }

    @Test
    fun validFormMakesAPendingAccount() {
        validateManualEntry("JBSWY3DPEHPK3PXP", ManualEntry(name = "alice", issuer = "ACME", kind = ManualKind.STEAM)).use {
            assertEquals(OtpKind.Steam, it.info().params.kind)
            assertEquals(5, generateCode(it, 1_700_000_000u).value.length)
        }
    }
}

class LifetimeTest {
    @Test
    fun useReleasesTheSecretDeterministically() {
        val before = liveSecretHolders()
        val account = parseUri(ACME_URI)
        account.use { assertEquals(before + 1u, liveSecretHolders()) }
        assertEquals(before, liveSecretHolders())
        assertTrue(account.uniffiIsDestroyed)
        assertFailsWith<IllegalStateException> { account.info() }
    }
}
