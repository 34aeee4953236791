package app.twofold.android

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import androidx.lifecycle.repeatOnLifecycle
import androidx.lifecycle.viewModelScope
import app.twofold.android.platform.SensitiveClipboard
import app.twofold.presentation.AppModel
import app.twofold.presentation.codes.ClipboardCopy
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Holds the [AppModel] across configuration changes and supplies what only
 * the platform has: the clock tick, the process lifecycle (auto-lock), the
 * clipboard and a background thread for slow core calls (key derivation).
 */
class AppViewModel(application: Application) : AndroidViewModel(application) {
    private val app = application as TwofoldApplication
    private val clipboard = SensitiveClipboard(application)
    private var clearJob: Job? = null

    lateinit var model: AppModel
        private set

    val keyProvider get() = app.keyProvider

    private val lifecycleObserver = object : DefaultLifecycleObserver {
        override fun onStart(owner: LifecycleOwner) = model.lock.onForeground(now())
        override fun onStop(owner: LifecycleOwner) = model.lock.onBackground(now())
    }

    /** Called once by the activity, which knows whether biometrics/screen lock are set up. */
    fun initialize(deviceAuthAvailable: Boolean) {
        if (::model.isInitialized) return
        model = AppModel(app.gateway, app.settingsStore, deviceAuthAvailable)
        ProcessLifecycleOwner.get().lifecycle.addObserver(lifecycleObserver)
        viewModelScope.launch {
            // Only while the app is visible: no wake-ups in the background.
            ProcessLifecycleOwner.get().lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
                while (isActive) {
                    val now = now()
                    model.codes.tick(now)
                    model.enrollment.value?.tick(now)
                    delay(TICK_MILLIS)
                }
            }
        }
        viewModelScope.launch {
            model.codes.state.map { it.clipboard }.distinctUntilChanged().collect { scheduleClear(it) }
        }
    }

    fun now(): Long = System.currentTimeMillis()

    /**
     * The codes list copied a code: put it on the clipboard. Clearing is driven
     * by the list's state ([ClipboardCopy.clearAtMillis], see [scheduleClear]).
     */
    fun putOnClipboard(copy: ClipboardCopy) = clipboard.copy(copy.label, copy.value)

    /** The enrollment's code screen copied its code: clear it after the configured time. */
    fun copyWithTimer(label: String, value: String) {
        clipboard.copy(label, value)
        val clearAt = now() + model.settings.current.clipboardClearSeconds * 1000L
        clearJob?.cancel()
        clearJob = app.processScope.launch {
            delay((clearAt - now()).coerceAtLeast(0))
            clipboard.clearIfStill(value)
        }
    }

    private fun scheduleClear(copy: ClipboardCopy?) {
        if (copy == null) return
        clearJob?.cancel()
        // In the process scope: the clipboard is cleared even if this screen is gone by then.
        clearJob = app.processScope.launch {
            delay((copy.clearAtMillis - now()).coerceAtLeast(0))
            clipboard.clearIfStill(copy.value)
            model.codes.clipboardCleared()
        }
    }

    /** Slow core calls (Argon2id, opening the vault) off the main thread. */
    fun background(block: () -> Unit) {
        viewModelScope.launch { withContext(Dispatchers.Default) { block() } }
    }

    fun openLink(uri: String) = model.openLink(uri, now())

    override fun onCleared() {
        ProcessLifecycleOwner.get().lifecycle.removeObserver(lifecycleObserver)
        model.enrollment.value?.close()
    }

    private companion object {
        /** Fast enough for a smooth ring; the core is only called when a code expires. */
        const val TICK_MILLIS = 200L
    }
}
