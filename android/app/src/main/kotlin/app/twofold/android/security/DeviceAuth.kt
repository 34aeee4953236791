package app.twofold.android.security

import android.content.Context
import android.os.Build
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricManager.Authenticators.DEVICE_CREDENTIAL
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import app.twofold.presentation.lock.LockMethod
import javax.crypto.Cipher

/**
 * The system prompt in front of the per-operation Keystore key. One
 * [BiometricPrompt] per activity, created in `onCreate` as its documentation
 * requires ("must be called in onCreate… or the callback may be lost on
 * configuration change"): after a rotation the new activity's prompt
 * receives the result of the one started before it. The result goes to
 * [onResult], which must not capture the old activity (the AppViewModel
 * routes it by the purpose it remembers).
 * https://developer.android.com/reference/androidx/biometric/BiometricPrompt
 */
class DeviceAuth(activity: FragmentActivity, private val onResult: (Result) -> Unit) {
    sealed interface Result {
        /** The authorised cipher from the CryptoObject. */
        class Succeeded(val cipher: Cipher?) : Result

        /** Dismissed, or "Use password" ([message] null), or a system error with its own translated message. */
        class Failed(val message: String?) : Result
    }

    private val prompt = BiometricPrompt(
        activity,
        ContextCompat.getMainExecutor(activity),
        object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) =
                onResult(Result.Succeeded(result.cryptoObject?.cipher))

            override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
                val userChoseFallback = errorCode == BiometricPrompt.ERROR_NEGATIVE_BUTTON ||
                    errorCode == BiometricPrompt.ERROR_USER_CANCELED ||
                    errorCode == BiometricPrompt.ERROR_CANCELED
                onResult(Result.Failed(if (userChoseFallback) null else errString.toString()))
            }
            // onAuthenticationFailed (a finger not recognised) keeps the prompt open: nothing to do.
        },
    )

    fun authenticate(method: LockMethod, cipher: Cipher, title: String, subtitle: String, fallbackLabel: String) {
        val allowed = authenticators(method)
        val info = BiometricPrompt.PromptInfo.Builder()
            .setTitle(title)
            .setSubtitle(subtitle)
            .setAllowedAuthenticators(allowed)
            // A negative button is required, and allowed, only without DEVICE_CREDENTIAL.
            .apply { if ((allowed and DEVICE_CREDENTIAL) == 0) setNegativeButtonText(fallbackLabel) }
            .setConfirmationRequired(false)
            .build()
        prompt.authenticate(info, BiometricPrompt.CryptoObject(cipher))
    }

    fun cancel() = prompt.cancelAuthentication()

    companion object {
        private fun authenticators(method: LockMethod): Int = when (method) {
            LockMethod.DEVICE_CREDENTIAL -> BIOMETRIC_STRONG or DEVICE_CREDENTIAL
            else -> BIOMETRIC_STRONG
        }

        /**
         * The device methods usable now. DEVICE_CREDENTIAL with a CryptoObject needs
         * API 30 (BiometricPrompt.PromptInfo.Builder.setAllowedAuthenticators docs).
         */
        fun availableMethods(context: Context): Set<LockMethod> {
            val manager = BiometricManager.from(context)
            fun can(authenticators: Int) = manager.canAuthenticate(authenticators) == BiometricManager.BIOMETRIC_SUCCESS
            return buildSet {
                if (can(BIOMETRIC_STRONG)) add(LockMethod.BIOMETRIC)
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R && can(BIOMETRIC_STRONG or DEVICE_CREDENTIAL)) {
                    add(LockMethod.DEVICE_CREDENTIAL)
                }
            }
        }
    }
}
