package app.twofold.gateway

import app.twofold.core.KdfParams
import app.twofold.core.KeyProvider
import app.twofold.core.TwofoldException
import app.twofold.core.Vault
import app.twofold.core.parseUri
import app.twofold.presentation.CodeKind
import app.twofold.presentation.CoreException
import app.twofold.presentation.EnrollmentSession
import app.twofold.presentation.OtpCode
import app.twofold.presentation.VaultState
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom
import javax.crypto.Cipher
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.SecretKeySpec
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The vault gateway against the real library, with a software stand-in for the Keystore key. */
class BindingsGatewayTest {
    /** AES-256-GCM like KeystoreKeyProvider, with the key in memory. */
    private class SoftwareKeyProvider : KeyProvider {
        private val key = SecretKeySpec(ByteArray(32).also(SecureRandom()::nextBytes), "AES")
        var fail = false

        override fun wrap(plaintext: ByteArray): ByteArray {
            val iv = ByteArray(12).also(SecureRandom()::nextBytes)
            val cipher = Cipher.getInstance("AES/GCM/NoPadding").apply { init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv)) }
            return iv + cipher.doFinal(plaintext)
        }

        override fun unwrap(wrapped: ByteArray): ByteArray {
            if (fail) throw TwofoldException.KeyProviderFailed("the device key was invalidated")
            val cipher = Cipher.getInstance("AES/GCM/NoPadding")
                .apply { init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, 0, 12)) }
            return cipher.doFinal(wrapped, 12, wrapped.size - 12)
        }
    }

    private val noEnrollment: (Vault) -> EnrollmentSession = { error("not used") }
    private val t = 1_111_111_109L

    @Test
    fun create_lock_unlock_list_and_reorder(@TempDir dir: File) {
        val path = File(dir, "vault.twofold").path
        val provider = SoftwareKeyProvider()
        val gateway = BindingsGateway(path, provider, "test keystore", noEnrollment, passwordKdf = KdfParams(64u, 1u, 1u))
        assertEquals(VaultState.NO_VAULT, gateway.vaultState())
        gateway.createVault("correct horse battery", withDeviceKey = true, nowSeconds = t)
        assertEquals(VaultState.UNLOCKED, gateway.vaultState())
        assertTrue(gateway.codes(t).codes.isEmpty())
        gateway.close()

        // Add accounts directly through the bindings (the enrollment flow does this in the app).
        Vault.open(path).use { vault ->
            vault.unlockWithPassword("correct horse battery")
            parseUri("otpauth://totp/RFC:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&issuer=RFC").use { vault.add(it, t.toULong()) }
            parseUri("otpauth://hotp/Bank:bob?secret=JBSWY3DPEHPK3PXP&counter=0").use { vault.add(it, t.toULong()) }
        }

        val reopened = BindingsGateway(path, provider, "test keystore", noEnrollment)
        assertEquals(VaultState.LOCKED, reopened.vaultState())
        assertFailsWith<CoreException> { reopened.codes(t) }.also { assertEquals(CoreException.Kind.LOCKED, it.kind) }
        val wrong = assertFailsWith<CoreException> { reopened.unlockWithPassword("wrong") }
        assertEquals(CoreException.Kind.WRONG_PASSWORD, wrong.kind)
        reopened.unlockWithDevice()
        assertEquals(VaultState.UNLOCKED, reopened.vaultState())

        val codes = reopened.codes(t)
        assertEquals(0, codes.unreadable)
        assertEquals(listOf("RFC", "Bank"), codes.codes.map { it.account.issuer })
        assertEquals(CodeKind.Totp(30), codes.codes[0].account.kind)
        assertEquals(OtpCode("07081804", 1_111_111_080, 1_111_111_110, "0708 1804"), codes.codes[0].code)
        assertEquals(CodeKind.Hotp, codes.codes[1].account.kind)
        assertNull(codes.codes[1].code, "HOTP codes only through nextHotp")
        val hotp = reopened.nextHotp(codes.codes[1].account.id, t)
        assertNull(hotp.validUntil)
        assertEquals(6, hotp.value.length)

        reopened.reorder(codes.codes.map { it.account.id }.reversed(), t)
        reopened.rename(codes.codes[0].account.id, "RFC 6238", "alice", t)
        assertEquals(listOf("Bank", "RFC 6238"), reopened.codes(t).codes.map { it.account.issuer })

        reopened.delete(codes.codes[1].account.id, t)
        assertEquals(1, reopened.codes(t).codes.size)
        reopened.restore(codes.codes[1].account.id, t)
        assertEquals(2, reopened.codes(t).codes.size)

        reopened.lock()
        assertEquals(VaultState.LOCKED, reopened.vaultState())
        provider.fail = true
        val refused = assertFailsWith<CoreException> { reopened.unlockWithDevice() }
        assertEquals(CoreException.Kind.KEY_PROVIDER, refused.kind)
        reopened.unlockWithPassword("correct horse battery")
        assertEquals(VaultState.UNLOCKED, reopened.vaultState())
        reopened.close()
    }

    @Test
    fun the_core_floor_refuses_a_weak_new_password_and_accepts_a_strong_one(@TempDir dir: File) {
        val path = File(dir, "vault.twofold").path
        val cheap = KdfParams(64u, 1u, 1u)
        val gateway = BindingsGateway(path, SoftwareKeyProvider(), "test keystore", noEnrollment, backupKdf = cheap, passwordKdf = cheap)
        val weak = assertFailsWith<CoreException> { gateway.createVault("letmein", withDeviceKey = false, nowSeconds = t) }
        assertEquals(CoreException.Kind.WEAK_PASSWORD, weak.kind, weak.message)
        // The refusal itself says why (no second estimate needed), as the estimate does.
        assertNotNull(weak.weakness)
        assertEquals(gateway.passwordStrength("letmein").weakness, weak.weakness)
        assertEquals(VaultState.NO_VAULT, gateway.vaultState(), "nothing was written")
        assertEquals(CoreException.Kind.WEAK_PASSWORD, assertFailsWith<CoreException> { gateway.createVault("", false, t) }.kind)

        gateway.createVault("plum kettle ravine 42", withDeviceKey = false, nowSeconds = t)
        assertEquals(VaultState.UNLOCKED, gateway.vaultState())
        for (export in listOf<(String) -> ByteArray>({ gateway.exportBackup(it, t) }, gateway::exportAegis)) {
            assertEquals(CoreException.Kind.WEAK_PASSWORD, assertFailsWith<CoreException> { export("iloveyou") }.kind)
            assertTrue(export("another plum kettle 77").isNotEmpty())
        }
        gateway.close()

        // Changing the recovery password: a weak one leaves the old one working; a strong one replaces it.
        val reopen = { BindingsGateway(path, SoftwareKeyProvider(), "test keystore", noEnrollment, passwordKdf = cheap) }
        reopen().use { g ->
            g.unlockWithPassword("plum kettle ravine 42")
            assertEquals(CoreException.Kind.WEAK_PASSWORD, assertFailsWith<CoreException> { g.changeRecoveryPassword("qwerty", t) }.kind)
            g.changeRecoveryPassword("ravine plum kettle 43", t)
        }
        reopen().use { g ->
            assertEquals(CoreException.Kind.WRONG_PASSWORD, assertFailsWith<CoreException> { g.unlockWithPassword("plum kettle ravine 42") }.kind)
            g.unlockWithPassword("ravine plum kettle 43")
            assertEquals(VaultState.UNLOCKED, g.vaultState())
        }
    }
}
