package app.twofold.presentation.lock

import app.twofold.presentation.settings.AutoLock

/**
 * When the vault locks by itself. It is fed the *process* lifecycle (Android:
 * `ProcessLifecycleOwner` ON_START / ON_STOP, observed by the Application, so
 * it outlives every activity and ViewModel) on a monotonic clock
 * (`SystemClock.elapsedRealtime()`: it counts deep sleep and never goes back
 * when the user changes the wall clock).
 *
 * While the app itself has launched a system screen (the document picker,
 * the photo picker's DocumentsUI fallback, the app's settings page), its own
 * stop is not the user leaving: auto-lock is suspended, as Aegis does with
 * `VaultManager.setBlockAutoLock`, so the result reaches the flow that asked
 * for it. A suspension lasts at most [maxSuspendMillis]: after that the
 * user has walked away and the vault locks when the app returns.
 */
class AutoLockPolicy(
    private val delay: () -> AutoLock,
    private val maxSuspendMillis: Long = MAX_SUSPEND_MILLIS,
) {
    private var stoppedAt: Long? = null
    private var suspendedAt: Long? = null

    val isSuspended: Boolean get() = suspendedAt != null

    /** The app is about to launch a picker or settings screen of its own. */
    fun suspend(elapsedMillis: Long) {
        suspendedAt = elapsedMillis
    }

    /** The launched screen returned (its result is being delivered) or could not be opened. */
    fun resume() {
        suspendedAt = null
    }

    /** The process went to the background. Returns whether to lock now. */
    fun onStop(elapsedMillis: Long): Boolean {
        stoppedAt = elapsedMillis
        return !isSuspended && delay() == AutoLock.IMMEDIATELY
    }

    /** The process came back. Returns whether to lock now (before anything is shown). */
    fun onStart(elapsedMillis: Long): Boolean {
        val since = stoppedAt ?: return false
        stoppedAt = null
        val suspended = suspendedAt
        if (suspended != null) {
            if (elapsedMillis - suspended <= maxSuspendMillis && elapsedMillis >= suspended) return false
            suspendedAt = null
            return true
        }
        val limit = delay().seconds ?: return false
        val away = elapsedMillis - since
        // A clock that went backwards cannot say how long the app was away: lock.
        return away < 0 || away >= limit * 1000
    }

    companion object {
        /** Long enough to choose a file in a slow cloud provider; short enough to be "still there". */
        const val MAX_SUSPEND_MILLIS = 10 * 60 * 1000L
    }
}
