package app.twofold.android.platform

import android.content.Context
import androidx.core.content.edit
import app.twofold.presentation.settings.AutoLock
import app.twofold.presentation.settings.Settings
import app.twofold.presentation.settings.SettingsStore

/** Settings in SharedPreferences (none of them is secret). */
class PrefsSettingsStore(context: Context) : SettingsStore {
    private val prefs = context.getSharedPreferences("settings", Context.MODE_PRIVATE)

    override fun load(): Settings {
        val defaults = Settings()
        return Settings(
            autoLock = prefs.getString(KEY_AUTO_LOCK, null)
                ?.let { name -> AutoLock.entries.firstOrNull { it.name == name } }
                ?: defaults.autoLock,
            tapToReveal = prefs.getBoolean(KEY_TAP_TO_REVEAL, defaults.tapToReveal),
            clipboardClearSeconds = prefs.getInt(KEY_CLIPBOARD_SECONDS, defaults.clipboardClearSeconds),
            deviceAuthRequired = prefs.getBoolean(KEY_DEVICE_AUTH, defaults.deviceAuthRequired),
        )
    }

    override fun save(settings: Settings) {
        prefs.edit {
            putString(KEY_AUTO_LOCK, settings.autoLock.name)
            putBoolean(KEY_TAP_TO_REVEAL, settings.tapToReveal)
            putInt(KEY_CLIPBOARD_SECONDS, settings.clipboardClearSeconds)
            putBoolean(KEY_DEVICE_AUTH, settings.deviceAuthRequired)
        }
    }

    private companion object {
        const val KEY_AUTO_LOCK = "auto_lock"
        const val KEY_TAP_TO_REVEAL = "tap_to_reveal"
        const val KEY_CLIPBOARD_SECONDS = "clipboard_clear_seconds"
        const val KEY_DEVICE_AUTH = "device_auth_required"
    }
}
