package app.twofold.android.security

import android.os.Build
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricManager.Authenticators.DEVICE_CREDENTIAL
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity

/**
 * The system authentication prompt in front of the time-bound Keystore key.
 * On Android 11+ the screen lock is accepted as well as strong biometrics;
 * on 8–10 the combination is not supported by BiometricPrompt, so it offers
 * strong biometrics with a "Use password" button (the vault's backup password).
 */
object DeviceAuth {
    private val authenticators: Int
        get() = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) BIOMETRIC_STRONG or DEVICE_CREDENTIAL else BIOMETRIC_STRONG

    fun isAvailable(activity: FragmentActivity): Boolean =
        BiometricManager.from(activity).canAuthenticate(authenticators) == BiometricManager.BIOMETRIC_SUCCESS

    fun prompt(
        activity: FragmentActivity,
        title: String,
        subtitle: String,
        fallbackLabel: String,
        onSuccess: () -> Unit,
        onFailure: (message: String?) -> Unit,
    ) {
        val info = BiometricPrompt.PromptInfo.Builder()
            .setTitle(title)
            .setSubtitle(subtitle)
            .setAllowedAuthenticators(authenticators)
            .apply { if ((authenticators and DEVICE_CREDENTIAL) == 0) setNegativeButtonText(fallbackLabel) }
            .build()
        val prompt = BiometricPrompt(
            activity,
            ContextCompat.getMainExecutor(activity),
            object : BiometricPrompt.AuthenticationCallback() {
                override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = onSuccess()

                override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
                    val userChoseFallback = errorCode == BiometricPrompt.ERROR_NEGATIVE_BUTTON ||
                        errorCode == BiometricPrompt.ERROR_USER_CANCELED
                    onFailure(if (userChoseFallback) null else errString.toString())
                }
                // onAuthenticationFailed (a finger not recognised) keeps the prompt open: nothing to do.
            },
        )
        prompt.authenticate(info)
    }
}
