package app.twofold.presentation.settings

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** How long the app may stay in the background before the vault locks. */
enum class AutoLock(val seconds: Long?, val label: String) {
    IMMEDIATELY(0, "Immediately"),
    AFTER_30_SECONDS(30, "After 30 seconds"),
    AFTER_1_MINUTE(60, "After 1 minute"),
    AFTER_5_MINUTES(300, "After 5 minutes"),
    NEVER(null, "Never"),
}

data class Settings(
    val autoLock: AutoLock = AutoLock.AFTER_30_SECONDS,
    /** Codes show as dots until tapped. */
    val tapToReveal: Boolean = false,
    /** Seconds before a copied code is cleared from the clipboard. */
    val clipboardClearSeconds: Int = 30,
    /** The device key needs the fingerprint/face/screen lock (chosen when the vault is created). */
    val deviceAuthRequired: Boolean = false,
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
    /** Shown under the device-auth row: it is fixed when the vault is created. */
    val deviceAuthNote: String,
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

    /** Recorded once, when the vault is created with or without device authentication. */
    fun setDeviceAuthRequired(required: Boolean) = change { it.copy(deviceAuthRequired = required) }

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
        deviceAuthNote = if (settings.deviceAuthRequired) {
            "Unlocking needs your fingerprint, face or screen lock."
        } else {
            "Unlocking uses this device's key without asking. Set it when creating the vault."
        },
    )

    companion object {
        val CLIPBOARD_CHOICES = listOf(15, 30, 60, 120)
    }
}
