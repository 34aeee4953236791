package app.twofold.android

import android.app.Application
import android.os.Build
import android.os.SystemClock
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import androidx.lifecycle.lifecycleScope
import androidx.lifecycle.repeatOnLifecycle
import app.twofold.android.platform.PrefsSettingsStore
import app.twofold.android.platform.SensitiveClipboard
import app.twofold.android.security.DeviceAuth
import app.twofold.android.security.KeystoreKeyProvider
import app.twofold.gateway.BindingsEnrollmentSession
import app.twofold.gateway.BindingsGateway
import app.twofold.presentation.AppModel
import app.twofold.presentation.codes.ClipboardCopy
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.MainScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

/**
 * Owns everything that must outlive an activity: the one [BindingsGateway]
 * (the vault has a single writer), the one [AppModel], and the lock. The
 * auto-lock observer is registered here on [ProcessLifecycleOwner], once per
 * process, the way Aegis does it (AegisApplicationBase): no activity or
 * ViewModel can remove it, so finishing or recreating the activity (Back on
 * Android 8–11, "Don't keep activities", an OEM task killer) never leaves the
 * vault open. Times for the lock come from `SystemClock.elapsedRealtime()`,
 * which the user cannot move back.
 */
class TwofoldApplication : Application() {
    val keyProvider: KeystoreKeyProvider by lazy { KeystoreKeyProvider(this) }

    val gateway: BindingsGateway by lazy {
        // noBackupFilesDir: the vault is bound to this device's Keystore key, so it is never backed up.
        BindingsGateway(
            vaultPath = File(noBackupFilesDir, VAULT_FILE).path,
            keyProvider = keyProvider,
            platformSlotLabel = "${Build.MANUFACTURER} ${Build.MODEL} keystore",
            enrollments = ::BindingsEnrollmentSession,
        )
    }

    val settingsStore: PrefsSettingsStore by lazy { PrefsSettingsStore(this) }

    /** Work that must outlive a screen (clearing a copied code on its deadline). */
    val processScope: CoroutineScope = MainScope()

    val clipboard: SensitiveClipboard by lazy { SensitiveClipboard(this) }

    lateinit var model: AppModel
        private set

    private var clearJob: Job? = null

    override fun onCreate() {
        super.onCreate()
        model = AppModel(gateway, settingsStore, availableMethods = { DeviceAuth.availableMethods(this) })
        val process = ProcessLifecycleOwner.get()
        process.lifecycle.addObserver(object : DefaultLifecycleObserver {
            override fun onStart(owner: LifecycleOwner) = model.onProcessStart(SystemClock.elapsedRealtime())

            override fun onStop(owner: LifecycleOwner) = model.onProcessStop(SystemClock.elapsedRealtime())
        })
        // The codes' clock: only while the app is visible, so there are no wake-ups in the background.
        process.lifecycleScope.launch {
            process.lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
                while (isActive) {
                    val now = System.currentTimeMillis() // codes are wall-clock (TOTP) by definition
                    model.codes.tick(now)
                    model.enrollment.value?.tick(now)
                    delay(TICK_MILLIS)
                }
            }
        }
        processScope.launch {
            model.codes.state.map { it.clipboard }.distinctUntilChanged().collect { scheduleClear(it) }
        }
    }

    /** The codes list copied a code; clearing follows its deadline ([ClipboardCopy.clearAtMillis]). */
    fun copy(copy: ClipboardCopy) = clipboard.copy(copy.label, copy.value)

    /** The enrollment's code screen copied its code: clear it after the configured time. */
    fun copyWithTimer(label: String, value: String) {
        clipboard.copy(label, value)
        val delayMillis = model.settings.current.clipboardClearSeconds * 1000L
        clearJob?.cancel()
        clearJob = processScope.launch {
            delay(delayMillis)
            clipboard.clearIfStillOurs()
        }
    }

    private fun scheduleClear(copy: ClipboardCopy?) {
        if (copy == null) return
        clearJob?.cancel()
        clearJob = processScope.launch {
            delay((copy.clearAtMillis - System.currentTimeMillis()).coerceAtLeast(0))
            clipboard.clearIfStillOurs()
            model.codes.clipboardCleared()
        }
    }

    private companion object {
        const val VAULT_FILE = "vault.twofold"

        /** Fast enough for a smooth ring; the core is only called when a code expires. */
        const val TICK_MILLIS = 200L
    }
}
