package app.twofold.android.platform

import android.content.Context
import androidx.core.content.edit
import app.twofold.presentation.lock.LockMethod
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
            lockMethod = prefs.getString(KEY_LOCK_METHOD, null)
                ?.let { name -> LockMethod.entries.firstOrNull { it.name == name } }
                ?: defaults.lockMethod,
            lastBackupAtSeconds = prefs.getLong(KEY_LAST_BACKUP, -1).takeIf { it >= 0 },
            changesSinceBackup = prefs.getInt(KEY_CHANGES, 0).coerceAtLeast(0),
            cameraDeniedBefore = prefs.getBoolean(KEY_CAMERA_DENIED, false),
        )
    }

    override fun save(settings: Settings) {
        // commit(): the lock method and the backup state must survive a process kill right after.
        prefs.edit(commit = true) {
            putString(KEY_AUTO_LOCK, settings.autoLock.name)
            putBoolean(KEY_TAP_TO_REVEAL, settings.tapToReveal)
            putInt(KEY_CLIPBOARD_SECONDS, settings.clipboardClearSeconds)
            putString(KEY_LOCK_METHOD, settings.lockMethod.name)
            putLong(KEY_LAST_BACKUP, settings.lastBackupAtSeconds ?: -1)
            putInt(KEY_CHANGES, settings.changesSinceBackup)
            putBoolean(KEY_CAMERA_DENIED, settings.cameraDeniedBefore)
        }
    }

    private companion object {
        const val KEY_AUTO_LOCK = "auto_lock"
        const val KEY_TAP_TO_REVEAL = "tap_to_reveal"
        const val KEY_CLIPBOARD_SECONDS = "clipboard_clear_seconds"
        const val KEY_LOCK_METHOD = "lock_method"
        const val KEY_LAST_BACKUP = "last_backup_at"
        const val KEY_CHANGES = "changes_since_backup"
        const val KEY_CAMERA_DENIED = "camera_denied_before"
    }
}
