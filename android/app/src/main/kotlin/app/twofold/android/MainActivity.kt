package app.twofold.android

import android.content.Intent
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import androidx.appcompat.app.AppCompatActivity
import androidx.core.splashscreen.SplashScreen.Companion.installSplashScreen
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.lifecycleScope
import androidx.lifecycle.repeatOnLifecycle
import app.twofold.android.platform.AndroidTexts
import app.twofold.android.platform.dynamicColors
import app.twofold.android.platform.rememberAndroidPlatform
import app.twofold.android.security.DeviceAuth
import app.twofold.ui.AppRoot
import app.twofold.ui.theme.TwofoldTheme
import kotlinx.coroutines.launch

/**
 * The single activity. An AppCompatActivity (a FragmentActivity, as
 * BiometricPrompt needs) under an AppCompat theme, as androidx.biometric's
 * own fingerprint dialog below API 28 requires. Every screen shows secrets
 * (codes, keys, recovery codes), so the window is FLAG_SECURE from the start:
 * no screenshots, no recents thumbnail, not shown on insecure displays.
 * Compose dialogs and menus inherit the flag.
 *
 * The activity owns nothing about the lock: the Application does.
 */
class MainActivity : AppCompatActivity() {
    private val vm: AppViewModel by viewModels()
    private lateinit var deviceAuth: DeviceAuth

    override fun onCreate(savedInstanceState: Bundle?) {
        installSplashScreen() // before super.onCreate: swaps Theme.Twofold.Starting for Theme.Twofold
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        // Once per activity, in onCreate: a prompt created later loses its result on rotation.
        deviceAuth = DeviceAuth(this, vm::onPromptResult)
        if (savedInstanceState == null) handleLink(intent)

        val promptTitle = getString(R.string.auth_prompt_title)
        val promptSubtitle = getString(R.string.auth_prompt_subtitle)
        val promptFallback = getString(R.string.locked_use_password)
        lifecycleScope.launch {
            repeatOnLifecycle(Lifecycle.State.RESUMED) {
                vm.prompt.collect { request ->
                    if (request != null) {
                        vm.promptShown(request)
                        // "Use PIN" opens the system's credential screen, which stops this activity:
                        // with "lock immediately" that would lock the vault under a lock-method switch.
                        vm.launchExternal {
                            deviceAuth.authenticate(request.method, request.cipher, promptTitle, promptSubtitle, promptFallback)
                        }
                    }
                }
            }
        }
        val texts = AndroidTexts(resources, packageName)
        setContent {
            TwofoldTheme(texts = texts, platform = rememberAndroidPlatform(), dynamicColors = { dark -> dynamicColors(this@MainActivity, dark) }) {
                AppRoot(app = vm.model, shell = vm)
            }
        }
    }

    override fun onResume() {
        super.onResume()
        // Any picker the app launched has returned by now (results arrive before onResume).
        vm.externalScreenClosed()
    }

    override fun onWindowFocusChanged(hasFocus: Boolean) {
        super.onWindowFocusChanged(hasFocus)
        // Only the focused app may read the clipboard (Android 10+): finish a clear that was due meanwhile.
        if (hasFocus) (application as TwofoldApplication).clipboard.clearPendingIfStillOurs()
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
