package app.twofold.android

import android.app.Application
import android.os.SystemClock
import android.security.keystore.KeyPermanentlyInvalidatedException
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import app.twofold.android.security.DeviceAuth
import app.twofold.presentation.AppModel
import app.twofold.presentation.codes.ClipboardCopy
import app.twofold.presentation.lock.LockMethod
import app.twofold.ui.AppShell
import java.security.GeneralSecurityException
import java.security.ProviderException
import javax.crypto.Cipher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The activity's handle on the process-level [AppModel] (owned by
 * [TwofoldApplication]). It holds no lock state of its own: clearing it
 * (the activity finished) changes nothing about the vault. What it keeps
 * across a rotation is the *purpose* of a system prompt in flight, so the
 * result the new activity's BiometricPrompt receives goes to the right place.
 */
class AppViewModel(application: Application) : AndroidViewModel(application), AppShell {
    private val app = application as TwofoldApplication
    val model: AppModel get() = app.model
    private val keys get() = app.keyProvider

    enum class Purpose { CREATE_VAULT, UNLOCK, SWITCH_METHOD }

    /** A prompt for the activity to show with its [DeviceAuth]. */
    class PromptRequest(val method: LockMethod, val cipher: Cipher)

    private val _prompt = MutableStateFlow<PromptRequest?>(null)
    val prompt: StateFlow<PromptRequest?> = _prompt.asStateFlow()

    /** What the prompt in flight is for; null when none is. */
    private var purpose: Purpose? = null

    override fun now(): Long = System.currentTimeMillis()

    // --- the system prompt ----------------------------------------------------------------

    /** Setup with a device method: a fresh key (StrongBox: slow, off the main thread), then the prompt. */
    override fun createVaultWithDeviceKey(method: LockMethod) = startPrompt(Purpose.CREATE_VAULT, method, onKeyFailure = model.lock::deviceKeyUnavailable) {
        keys.createKey(method)
        keys.encryptCipher()
    }

    /**
     * The lock screen asks for the device key: by itself when it shows, or
     * because the user tapped Unlock ([userAsked]), which also replaces a
     * prompt whose result never came (its activity was killed meanwhile).
     */
    override fun unlockWithDevice(userAsked: Boolean) {
        if (userAsked) purpose = null
        val method = model.settings.current.lockMethod
        startPrompt(Purpose.UNLOCK, method, onKeyFailure = { background { model.lock.unlockWithDevice() } }) {
            // Invalidated keys fail here (KeyPermanentlyInvalidatedException): the unlock then
            // reports it through the core as "the device key can't open the vault".
            keys.decryptCipher() ?: throw KeyPermanentlyInvalidatedException("no device slot IV")
        }
    }

    /** Settings → "Unlock with" a device method: a fresh key, the prompt, then the core adds the slot. */
    override fun switchToDeviceMethod(method: LockMethod) = startPrompt(Purpose.SWITCH_METHOD, method, onKeyFailure = model.lockMethod::notAuthenticated) {
        keys.createKey(method)
        keys.encryptCipher()
    }

    /** Settings → "Unlock with" the password alone: the core removes the slot, then the key goes. */
    override fun switchToPassword() = background {
        model.lockMethod.apply(now())
        if (model.settings.current.lockMethod == LockMethod.PASSWORD) keys.deleteKey()
    }

    private fun startPrompt(purpose: Purpose, method: LockMethod, onKeyFailure: () -> Unit, cipher: () -> Cipher) {
        if (this.purpose != null) return // one prompt at a time (a recomposition or rotation asked again)
        this.purpose = purpose
        viewModelScope.launch {
            val ready = withContext(Dispatchers.Default) {
                try {
                    cipher()
                } catch (_: GeneralSecurityException) {
                    null
                } catch (_: ProviderException) {
                    null
                }
            }
            if (ready == null) {
                this@AppViewModel.purpose = null
                onKeyFailure()
            } else {
                _prompt.value = PromptRequest(method, ready)
            }
        }
    }

    /** The activity showed [request]. */
    fun promptShown(request: PromptRequest) {
        if (_prompt.value === request) _prompt.value = null
    }

    /** From the activity's one [DeviceAuth], whichever activity instance started the prompt. */
    fun onPromptResult(result: DeviceAuth.Result) {
        model.externalScreenClosed()
        val finished = purpose ?: return
        purpose = null
        when (result) {
            is DeviceAuth.Result.Succeeded -> {
                val cipher = result.cipher
                if (cipher == null) return failed(finished, null)
                keys.authorize(cipher, forUnwrap = finished == Purpose.UNLOCK)
                background {
                    when (finished) {
                        Purpose.CREATE_VAULT -> model.lock.create(now())
                        Purpose.UNLOCK -> model.lock.unlockWithDevice()
                        Purpose.SWITCH_METHOD -> model.lockMethod.apply(now())
                    }
                }
            }
            is DeviceAuth.Result.Failed -> failed(finished, result.message)
        }
    }

    private fun failed(purpose: Purpose, message: String?) = when (purpose) {
        Purpose.CREATE_VAULT -> Unit // still on setup; the user can try again or choose the password
        Purpose.UNLOCK -> model.lock.deviceAuthFailed(message)
        Purpose.SWITCH_METHOD -> model.lockMethod.notAuthenticated()
    }

    // --- platform helpers -------------------------------------------------------------------

    override fun putOnClipboard(copy: ClipboardCopy) = app.copy(copy)

    override fun copyWithTimer(label: String, value: String) = app.copyWithTimer(label, value)

    /** Slow core calls (Argon2id, opening the vault, writing files) off the main thread. */
    override fun background(block: () -> Unit) {
        viewModelScope.launch { withContext(Dispatchers.Default) { block() } }
    }

    /**
     * Launches a system picker or settings screen without auto-lock firing
     * while it covers the app (Aegis: `setBlockAutoLock`). [launch] may throw
     * ActivityNotFoundException; the suspension is lifted then, and in any case
     * when the result arrives or the activity resumes.
     */
    override fun launchExternal(launch: () -> Unit) {
        model.externalScreenOpening(SystemClock.elapsedRealtime())
        try {
            launch()
        } catch (e: RuntimeException) {
            model.externalScreenClosed()
            throw e
        }
    }

    override fun externalScreenClosed() = model.externalScreenClosed()

    fun openLink(uri: String) = model.openLink(uri, now())
}
