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
 * clears it later only if the clipboard still holds *our* clip: same label
 * and same text. Anything the user copied since is left alone.
 *
 * Android 10+ lets only the focused app read the clipboard
 * (developer.android.com/about/versions/10/privacy/changes#clipboard-data):
 * when the deadline passes in the background the content cannot be compared,
 * so nothing is cleared then; the clear is retried when the app is back in
 * front ([clearPendingIfStillOurs]). Android 13+ also clears the clipboard
 * by itself after a while.
 */
class SensitiveClipboard(context: Context) {
    private val clipboard = context.getSystemService(ClipboardManager::class.java)

    /** The clip we put there and still owe a clear: its text and label. */
    @Volatile
    private var ours: Pair<String, String>? = null

    @Volatile
    private var clearPending = false

    fun copy(label: String, value: String) {
        val tagged = "$LABEL_PREFIX$label"
        val clip = ClipData.newPlainText(tagged, value).apply {
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
        ours = value to tagged
        clearPending = false
        clipboard.setPrimaryClip(clip)
    }

    /** The clear deadline passed. */
    fun clearIfStillOurs() {
        if (ours == null) return
        val clip = runCatching { clipboard.primaryClip }.getOrNull()
        if (clip == null) {
            // Unreadable in the background (or empty): never clear what we cannot compare.
            clearPending = true
            return
        }
        clearIfMatches(clip)
    }

    /** The window has focus again: finish a clear that was due while the clipboard could not be read. */
    fun clearPendingIfStillOurs() {
        if (!clearPending) return
        clearPending = false
        val clip = runCatching { clipboard.primaryClip }.getOrNull()
        if (clip == null) ours = null else clearIfMatches(clip)
    }

    private fun clearIfMatches(clip: ClipData) {
        val (value, label) = ours ?: return
        ours = null
        clearPending = false
        val text = runCatching { clip.getItemAt(0)?.text?.toString() }.getOrNull()
        if (text != value || clip.description?.label?.toString() != label) return
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
            clipboard.clearPrimaryClip()
        } else {
            clipboard.setPrimaryClip(ClipData.newPlainText("", ""))
        }
    }

    private companion object {
        /** Marks clips as Twofold's, so a code the user copied from elsewhere is never ours. */
        const val LABEL_PREFIX = "Twofold: "
    }
}
