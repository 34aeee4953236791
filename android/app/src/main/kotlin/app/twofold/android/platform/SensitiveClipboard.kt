package app.twofold.android.platform

import android.content.ClipData
import android.content.ClipDescription
import android.content.ClipboardManager
import android.content.Context
import android.os.Build
import android.os.PersistableBundle

/**
 * Copies a code flagged as sensitive (Android 13+ hides it from the clipboard
 * preview; keyboards and clipboard managers are told not to keep it) and
 * clears it later only if the clipboard still holds that code.
 */
class SensitiveClipboard(context: Context) {
    private val clipboard = context.getSystemService(ClipboardManager::class.java)

    fun copy(label: String, value: String) {
        val clip = ClipData.newPlainText(label, value).apply {
            description.extras = PersistableBundle().apply {
                // ClipDescription.EXTRA_IS_SENSITIVE on API 33+; the same key string is honoured
                // by keyboards and clipboard tools on older releases.
                val key = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
                    ClipDescription.EXTRA_IS_SENSITIVE
                } else {
                    "android.content.extra.IS_SENSITIVE"
                }
                putBoolean(key, true)
            }
        }
        clipboard.setPrimaryClip(clip)
    }

    /** Clears the clipboard if it still holds [value] (never wipes something the user copied since). */
    fun clearIfStill(value: String) {
        val current = runCatching { clipboard.primaryClip?.getItemAt(0)?.text?.toString() }.getOrNull()
        // Reading the clipboard from the background is denied on Android 10+ (null): clear anyway,
        // since the deadline is ours and the clip was ours when it was set.
        if (current != null && current != value) return
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
            clipboard.clearPrimaryClip()
        } else {
            clipboard.setPrimaryClip(ClipData.newPlainText("", ""))
        }
    }
}
