package app.twofold.presentation.settings

import app.twofold.presentation.lock.LockMethod
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** How long the app may stay in the background before the vault locks. The app names each choice. */
enum class AutoLock(val seconds: Long?) {
    IMMEDIATELY(0),
    AFTER_30_SECONDS(30),
    AFTER_1_MINUTE(60),
    AFTER_5_MINUTES(300),
    NEVER(null),
}

data class Settings(
    val autoLock: AutoLock = AutoLock.AFTER_30_SECONDS,
    /** Codes show as dots until tapped. */
    val tapToReveal: Boolean = false,
    /** Seconds before a copied code is cleared from the clipboard. */
    val clipboardClearSeconds: Int = 30,
    /** How the vault is opened (changeable in Settings). */
    val lockMethod: LockMethod = LockMethod.PASSWORD,
    /** Unix seconds of the last completed encrypted export; null: never. */
    val lastBackupAtSeconds: Long? = null,
    /** Accounts added, renamed, deleted or restored since that export. */
    val changesSinceBackup: Int = 0,
    /** The user really denied the camera once (the system then shows a rationale). */
    val cameraDeniedBefore: Boolean = false,
)

/** Where settings live (SharedPreferences on Android, memory in tests). */
interface SettingsStore {
    fun load(): Settings
    fun save(settings: Settings)
}

data class SettingsUi(
    val settings: Settings,
    val autoLockChoices: List<AutoLock>,
    val clipboardChoices: List<Int>,
)

class SettingsModel(private val store: SettingsStore) {
    private val _state = MutableStateFlow(render(store.load()))
    val state: StateFlow<SettingsUi> = _state.asStateFlow()

    val current: Settings get() = _state.value.settings

    fun setAutoLock(autoLock: AutoLock) = change { it.copy(autoLock = autoLock) }

    fun setTapToReveal(enabled: Boolean) = change { it.copy(tapToReveal = enabled) }

    fun setClipboardClearSeconds(seconds: Int) {
        if (seconds !in CLIPBOARD_CHOICES) return
        change { it.copy(clipboardClearSeconds = seconds) }
    }

    /** Recorded when the vault is created and whenever the lock method is switched. */
    fun setLockMethod(method: LockMethod) = change { it.copy(lockMethod = method) }

    /** Something a backup would carry changed (an account added, renamed, deleted, restored, imported). */
    fun recordChanges(count: Int = 1) {
        if (count <= 0) return
        change { it.copy(changesSinceBackup = (it.changesSinceBackup.toLong() + count).coerceAtMost(MAX_COUNTED_CHANGES.toLong()).toInt()) }
    }

    /** An encrypted export of every account was written completely. */
    fun recordBackup(nowSeconds: Long) = change { it.copy(lastBackupAtSeconds = nowSeconds, changesSinceBackup = 0) }

    /** Every change so far is in a completed encrypted export. */
    val backupUpToDate: Boolean get() = current.lastBackupAtSeconds != null && current.changesSinceBackup == 0

    fun setCameraDeniedBefore(denied: Boolean) = change { it.copy(cameraDeniedBefore = denied) }

    @Synchronized
    private fun change(transform: (Settings) -> Settings) {
        val next = transform(current)
        if (next == current) return
        store.save(next)
        _state.value = render(next)
    }

    private fun render(settings: Settings) = SettingsUi(
        settings = settings,
        autoLockChoices = AutoLock.entries,
        clipboardChoices = CLIPBOARD_CHOICES,
    )

    companion object {
        val CLIPBOARD_CHOICES = listOf(15, 30, 60, 120)

        /** The reminder only needs "many"; a bounded count never overflows the FFI's u32. */
        const val MAX_COUNTED_CHANGES = 100_000
    }
}
