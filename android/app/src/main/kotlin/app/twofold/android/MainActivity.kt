package app.twofold.android

import android.content.Intent
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import androidx.fragment.app.FragmentActivity
import app.twofold.android.security.DeviceAuth
import app.twofold.android.ui.AppRoot
import app.twofold.android.ui.theme.TwofoldTheme

/**
 * The single activity. A FragmentActivity because BiometricPrompt needs one.
 * Every screen shows secrets (codes, keys, recovery codes), so the window is
 * FLAG_SECURE from the start: no screenshots, no recents thumbnail, not shown
 * on insecure displays. Compose dialogs and menus inherit the flag.
 */
class MainActivity : FragmentActivity() {
    private val vm: AppViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        vm.initialize(deviceAuthAvailable = DeviceAuth.isAvailable(this))
        if (savedInstanceState == null) handleLink(intent)
        setContent {
            TwofoldTheme {
                AppRoot(activity = this, vm = vm)
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        handleLink(intent)
    }

    /** `otpauth://` links: handed to the enrollment (held until unlock when locked). */
    private fun handleLink(intent: Intent?) {
        val data = intent?.data ?: return
        if (intent.action != Intent.ACTION_VIEW || !data.scheme.equals("otpauth", ignoreCase = true)) return
        vm.openLink(data.toString())
        // The link holds a secret: do not keep it in the activity's intent.
        setIntent(Intent(this, MainActivity::class.java))
    }
}
