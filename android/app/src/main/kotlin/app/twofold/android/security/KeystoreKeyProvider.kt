package app.twofold.android.security

import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import app.twofold.core.KeyProvider
import app.twofold.core.TwofoldException
import java.nio.ByteBuffer
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.ProviderException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The vault's platform key slot: the core hands us its data key to [wrap] and
 * the stored blob to [unwrap]; an AES-256-GCM key that never leaves the Android
 * Keystore (StrongBox when the device has one) does the sealing.
 *
 * When [requireUserAuth] is set at creation, the key only works for
 * [AUTH_VALIDITY_SECONDS] after the user passed the system prompt
 * (fingerprint, face or screen lock): the app shows [DeviceAuth] first, then
 * lets the core unwrap. A time-bound key (rather than a per-use CryptoObject)
 * is needed because the IV is inside the blob the core passes to [unwrap]
 * only after the prompt.
 *
 * Blob layout: version (1 byte) · IV (12 bytes) · ciphertext+tag.
 */
class KeystoreKeyProvider(
    private val alias: String = DEFAULT_ALIAS,
) : KeyProvider {

    /** Creates the key if it does not exist yet (at vault creation). */
    fun ensureKey(requireUserAuth: Boolean) {
        if (keyStore().containsAlias(alias)) return
        val strongBox = Build.VERSION.SDK_INT >= Build.VERSION_CODES.P
        try {
            generate(requireUserAuth, strongBox)
        } catch (e: ProviderException) {
            // StrongBoxUnavailableException is a ProviderException: fall back to the TEE.
            if (!strongBox) throw e
            generate(requireUserAuth, strongBox = false)
        }
    }

    /** A new key for a new vault: removes any old one, then creates it with the given requirement. */
    fun resetKey(requireUserAuth: Boolean) {
        deleteKey()
        ensureKey(requireUserAuth)
    }

    /** Removes the key (after the vault is deleted, or to start over). */
    fun deleteKey() {
        keyStore().takeIf { it.containsAlias(alias) }?.deleteEntry(alias)
    }

    override fun wrap(plaintext: ByteArray): ByteArray = guarded {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key())
        val iv = cipher.iv
        require(iv.size == IV_BYTES) { "unexpected IV length ${iv.size}" }
        cipher.updateAAD(AAD)
        val sealed = cipher.doFinal(plaintext)
        ByteBuffer.allocate(1 + IV_BYTES + sealed.size).put(VERSION).put(iv).put(sealed).array()
    }

    override fun unwrap(wrapped: ByteArray): ByteArray = guarded {
        require(wrapped.size > 1 + IV_BYTES + TAG_BITS / 8) { "the wrapped key is too short" }
        require(wrapped[0] == VERSION) { "unknown wrapped key version ${wrapped[0]}" }
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, wrapped, 1, IV_BYTES))
        cipher.updateAAD(AAD)
        cipher.doFinal(wrapped, 1 + IV_BYTES, wrapped.size - 1 - IV_BYTES)
    }

    private fun generate(requireUserAuth: Boolean, strongBox: Boolean) {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setRandomizedEncryptionRequired(true)
            .apply {
                if (strongBox && Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) setIsStrongBoxBacked(true)
                if (requireUserAuth) {
                    setUserAuthenticationRequired(true)
                    // A new fingerprint or face invalidates the key; the backup password still opens the vault.
                    setInvalidatedByBiometricEnrollment(true)
                    if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
                        setUserAuthenticationParameters(
                            AUTH_VALIDITY_SECONDS,
                            KeyProperties.AUTH_BIOMETRIC_STRONG or KeyProperties.AUTH_DEVICE_CREDENTIAL,
                        )
                    } else {
                        @Suppress("DEPRECATION")
                        setUserAuthenticationValidityDurationSeconds(AUTH_VALIDITY_SECONDS)
                    }
                }
            }
            .build()
        KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE).apply {
            init(spec)
            generateKey()
        }
    }

    private fun keyStore(): KeyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }

    private fun key(): SecretKey =
        keyStore().getKey(alias, null) as? SecretKey
            ?: throw TwofoldException.KeyProviderFailed("the device key is missing")

    /** Keystore failures reach the core as KeyProviderFailed, with a reason and no key material. */
    private inline fun guarded(block: () -> ByteArray): ByteArray = try {
        block()
    } catch (e: TwofoldException) {
        throw e
    } catch (e: KeyPermanentlyInvalidatedException) {
        throw TwofoldException.KeyProviderFailed("the device key was invalidated (biometrics or screen lock changed)")
    } catch (e: UserNotAuthenticatedException) {
        throw TwofoldException.KeyProviderFailed("authenticate first: the device key needs your fingerprint, face or screen lock")
    } catch (e: GeneralSecurityException) {
        throw TwofoldException.KeyProviderFailed("the device key failed: ${e.javaClass.simpleName}")
    } catch (e: ProviderException) {
        throw TwofoldException.KeyProviderFailed("the device key failed: ${e.javaClass.simpleName}")
    } catch (e: IllegalArgumentException) {
        throw TwofoldException.KeyProviderFailed(e.message ?: "invalid wrapped key")
    }

    companion object {
        const val DEFAULT_ALIAS = "twofold.vault.device-key.v1"
        const val AUTH_VALIDITY_SECONDS = 30
        private const val ANDROID_KEYSTORE = "AndroidKeyStore"
        private const val TRANSFORMATION = "AES/GCM/NoPadding"
        private const val IV_BYTES = 12
        private const val TAG_BITS = 128
        private const val VERSION: Byte = 1

        /** Binds the blob to its purpose so it cannot be swapped for another GCM blob of this key. */
        private val AAD = "twofold:vault-data-key:v1".toByteArray()
    }
}
