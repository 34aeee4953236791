package app.twofold.android.security

import android.content.Context
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import android.util.Base64
import androidx.annotation.WorkerThread
import androidx.core.content.edit
import app.twofold.core.KeyProvider
import app.twofold.core.TwofoldException
import app.twofold.presentation.lock.LockMethod
import java.nio.ByteBuffer
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.MessageDigest
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
 * Every use of the key needs the system prompt for that one operation: the
 * key has no validity window (timeout 0 / -1), so a phone unlock a moment
 * ago authorises nothing. The app gets a [Cipher] from [encryptCipher] or
 * [decryptCipher], passes it to BiometricPrompt as a `CryptoObject`, and
 * hands the authorised cipher back with [authorize]; the next [wrap] or
 * [unwrap] consumes it. Decrypting needs the IV before the prompt, so the IV
 * of the current slot is stored beside it in SharedPreferences (an IV is not
 * secret); the blob still carries it and the two must match.
 *
 * What invalidates the key (Android deletes it; the recovery password still opens the vault):
 *  - [LockMethod.BIOMETRIC]: removing the screen lock, and enrolling a new
 *    fingerprint or face (`setInvalidatedByBiometricEnrollment(true)` takes
 *    effect because the key is biometric-only and per operation).
 *  - [LockMethod.DEVICE_CREDENTIAL] (API 30+): removing or resetting the screen
 *    lock only. New biometrics do *not* invalidate it: the flag is ignored for
 *    keys that also accept the device credential (KeyGenParameterSpec docs).
 *
 * Blob layout: version (1 byte) · IV (12 bytes) · ciphertext+tag.
 */
class KeystoreKeyProvider(
    context: Context,
    private val alias: String = DEFAULT_ALIAS,
) : KeyProvider {
    private val prefs = context.getSharedPreferences(PREFS, Context.MODE_PRIVATE)

    /** A cipher the system prompt authorised, for exactly one [wrap] or [unwrap]. */
    private class Granted(val cipher: Cipher, val forUnwrap: Boolean)

    @Volatile
    private var authorized: Granted? = null

    /**
     * A new key for [method] (a new vault, or a switch of lock method), under a
     * new alias: the current key keeps working until the new one has sealed
     * the data key ([wrap]), so a cancelled switch leaves the old method
     * intact. StrongBox key generation takes up to seconds on some secure
     * elements: never call this on the main thread.
     */
    @WorkerThread
    fun createKey(method: LockMethod) {
        require(method.usesDeviceKey) { "the password method has no device key" }
        prefs.getString(KEY_NEW_ALIAS, null)?.let(::deleteEntry)
        val fresh = "$alias.${System.currentTimeMillis()}"
        val strongBox = Build.VERSION.SDK_INT >= Build.VERSION_CODES.P
        try {
            generate(fresh, method, strongBox)
        } catch (e: ProviderException) {
            // StrongBoxUnavailableException is a ProviderException: fall back to the TEE.
            if (!strongBox) throw e
            generate(fresh, method, strongBox = false)
        }
        prefs.edit(commit = true) { putString(KEY_NEW_ALIAS, fresh) }
    }

    /** Removes every key (when the lock method becomes the password alone). */
    fun deleteKey() {
        authorized = null
        prefs.getString(KEY_ALIAS, null)?.let(::deleteEntry)
        prefs.getString(KEY_NEW_ALIAS, null)?.let(::deleteEntry)
        prefs.edit(commit = true) { remove(KEY_IV); remove(KEY_ALIAS); remove(KEY_NEW_ALIAS) }
    }

    /** For the prompt's CryptoObject before a [wrap] with the key [createKey] made. Throws [KeyPermanentlyInvalidatedException] and friends. */
    fun encryptCipher(): Cipher {
        val fresh = prefs.getString(KEY_NEW_ALIAS, null) ?: throw TwofoldException.KeyProviderFailed("no new device key")
        return Cipher.getInstance(TRANSFORMATION).apply { init(Cipher.ENCRYPT_MODE, key(fresh)) }
    }

    /** For the prompt's CryptoObject before an [unwrap]; null when there is no device slot. */
    fun decryptCipher(): Cipher? {
        val current = prefs.getString(KEY_ALIAS, null) ?: return null
        val iv = prefs.getString(KEY_IV, null)?.let { Base64.decode(it, Base64.NO_WRAP) } ?: return null
        if (iv.size != IV_BYTES) return null
        return Cipher.getInstance(TRANSFORMATION).apply { init(Cipher.DECRYPT_MODE, key(current), GCMParameterSpec(TAG_BITS, iv)) }
    }

    /** BiometricPrompt succeeded: `result.cryptoObject.cipher` may now be used once, for an unwrap or a wrap. */
    fun authorize(cipher: Cipher, forUnwrap: Boolean) {
        authorized = Granted(cipher, forUnwrap)
    }

    override fun wrap(plaintext: ByteArray): ByteArray = guarded {
        val cipher = take(forUnwrap = false)
        val iv = cipher.iv
        require(iv.size == IV_BYTES) { "unexpected IV length ${iv.size}" }
        cipher.updateAAD(AAD)
        val sealed = cipher.doFinal(plaintext)
        // The new key is now the slot's key: retire the old one. commit(), not apply():
        // the IV and alias must be on disk before the core stores the slot.
        val fresh = prefs.getString(KEY_NEW_ALIAS, null)
        val old = prefs.getString(KEY_ALIAS, null)
        prefs.edit(commit = true) {
            putString(KEY_IV, Base64.encodeToString(iv, Base64.NO_WRAP))
            putString(KEY_ALIAS, fresh)
            remove(KEY_NEW_ALIAS)
        }
        if (old != null && old != fresh) deleteEntry(old)
        ByteBuffer.allocate(1 + IV_BYTES + sealed.size).put(VERSION).put(iv).put(sealed).array()
    }

    override fun unwrap(wrapped: ByteArray): ByteArray = guarded {
        require(wrapped.size > 1 + IV_BYTES + TAG_BITS / 8) { "the wrapped key is too short" }
        require(wrapped[0] == VERSION) { "unknown wrapped key version ${wrapped[0]}" }
        val cipher = take(forUnwrap = true)
        val blobIv = wrapped.copyOfRange(1, 1 + IV_BYTES)
        require(MessageDigest.isEqual(blobIv, cipher.iv)) { "the stored IV does not belong to this slot" }
        cipher.updateAAD(AAD)
        cipher.doFinal(wrapped, 1 + IV_BYTES, wrapped.size - 1 - IV_BYTES)
    }

    private fun take(forUnwrap: Boolean): Cipher {
        val granted = authorized
        authorized = null
        if (granted == null) throw TwofoldException.KeyProviderFailed("authenticate first: the device key needs the system prompt for each use")
        if (granted.forUnwrap != forUnwrap) throw TwofoldException.KeyProviderFailed("the authorised cipher is for another operation")
        return granted.cipher
    }

    private fun generate(keyAlias: String, method: LockMethod, strongBox: Boolean) {
        val spec = KeyGenParameterSpec.Builder(keyAlias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setRandomizedEncryptionRequired(true)
            .setUserAuthenticationRequired(true)
            .apply {
                if (strongBox && Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) setIsStrongBoxBacked(true)
                when {
                    Build.VERSION.SDK_INT >= Build.VERSION_CODES.R -> setUserAuthenticationParameters(
                        0, // per operation: a CryptoObject authorised by the prompt
                        if (method == LockMethod.DEVICE_CREDENTIAL) {
                            KeyProperties.AUTH_BIOMETRIC_STRONG or KeyProperties.AUTH_DEVICE_CREDENTIAL
                        } else {
                            KeyProperties.AUTH_BIOMETRIC_STRONG
                        },
                    )
                    // API 26-29: -1 is "every use needs a biometric" (a CryptoObject); the device
                    // credential cannot authorise a per-use key before API 30.
                    else -> @Suppress("DEPRECATION") setUserAuthenticationValidityDurationSeconds(-1)
                }
                // Effective only for biometric-only, per-operation keys (see the class KDoc).
                setInvalidatedByBiometricEnrollment(method == LockMethod.BIOMETRIC)
            }
            .build()
        KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE).apply {
            init(spec)
            generateKey()
        }
    }

    private fun keyStore(): KeyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }

    private fun key(keyAlias: String): SecretKey =
        keyStore().getKey(keyAlias, null) as? SecretKey
            ?: throw TwofoldException.KeyProviderFailed("the device key is missing")

    private fun deleteEntry(keyAlias: String) {
        keyStore().takeIf { it.containsAlias(keyAlias) }?.deleteEntry(keyAlias)
    }

    /**
     * Keystore failures reach the core as KeyProviderFailed, with a reason and
     * no key material; a key invalidated for good as PlatformKeyMismatch.
     */
    private inline fun guarded(block: () -> ByteArray): ByteArray = try {
        block()
    } catch (e: TwofoldException) {
        throw e
    } catch (e: KeyPermanentlyInvalidatedException) {
        // Biometrics or the screen lock changed: this key never opens the vault again.
        throw TwofoldException.PlatformKeyMismatch()
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
        /** Prefix of the key aliases (each key gets a fresh one). */
        const val DEFAULT_ALIAS = "twofold.vault.device-key.v2"
        private const val PREFS = "device_key"
        private const val KEY_IV = "slot_iv"
        private const val KEY_ALIAS = "slot_alias"
        private const val KEY_NEW_ALIAS = "new_alias"
        private const val ANDROID_KEYSTORE = "AndroidKeyStore"
        private const val TRANSFORMATION = "AES/GCM/NoPadding"
        private const val IV_BYTES = 12
        private const val TAG_BITS = 128
        private const val VERSION: Byte = 2

        /** Binds the blob to its purpose so it cannot be swapped for another GCM blob of this key. */
        private val AAD = "twofold:vault-data-key:v2".toByteArray()
    }
}
