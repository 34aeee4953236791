package app.twofold.ui.desktop

import androidx.compose.runtime.Composable
import app.twofold.core.KdfParams
import app.twofold.core.KeyProvider
import app.twofold.gateway.BindingsEnrollmentSession
import app.twofold.gateway.BindingsGateway
import app.twofold.presentation.AppModel
import app.twofold.presentation.codes.ClipboardCopy
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.settings.Settings
import app.twofold.presentation.settings.SettingsStore
import app.twofold.ui.AppRoot
import app.twofold.ui.AppShell
import app.twofold.ui.theme.TwofoldTheme
import java.io.File

/** The app's texts, read once from the file given by the test script. */
val appTexts: StringsXml by lazy {
    StringsXml(File(System.getProperty("twofold.strings") ?: error("run with -Dtwofold.strings=…/strings.xml")))
}

/** The whole app on the desktop: the real library (a vault in [dir]), the real models, the real screens. */
class TestApp(
    dir: File,
    methods: Set<LockMethod> = setOf(LockMethod.PASSWORD),
    /** The test's clock: fixed, so codes and countdowns are the same on every run. */
    var nowMillis: Long = 1_700_000_010_000L,
    initialSettings: Settings = Settings(),
    /** Runs on the library before the app starts (e.g. [withVault]). */
    before: (BindingsGateway) -> Unit = {},
) : AppShell {
    val core = BindingsGateway(
        File(dir, "vault.twofold").path, ReversingKeyProvider, "desktop test", ::BindingsEnrollmentSession,
        backupKdf = cheap, passwordKdf = cheap,
    ).also(before)
    val settings = MemorySettings(initialSettings)
    val app = AppModel(core, settings) { methods }
    val platform = DesktopPlatform(File(dir, "saved").also { it.mkdirs() })
    val copies = mutableListOf<ClipboardCopy>()
    val copiedValues = mutableListOf<String>()

    @Composable
    fun Content(dark: Boolean = false) {
        TwofoldTheme(texts = appTexts, platform = platform, dark = dark) { AppRoot(app, this) }
    }

    override fun now() = nowMillis

    // The tests wait for idle after each step; running the slow calls inline keeps them deterministic.
    override fun background(block: () -> Unit) = block()

    override fun launchExternal(launch: () -> Unit) = launch()

    override fun externalScreenClosed() = app.externalScreenClosed()

    override fun putOnClipboard(copy: ClipboardCopy) {
        copies += copy
    }

    override fun copyWithTimer(label: String, value: String) {
        copiedValues += value
    }

    // The device key needs Android's Keystore and BiometricPrompt (covered by :core's tests with a stand-in).
    override fun createVaultWithDeviceKey(method: LockMethod) = error("no device key on the desktop")

    override fun unlockWithDevice(userAsked: Boolean) = Unit

    override fun switchToDeviceMethod(method: LockMethod) = error("no device key on the desktop")

    override fun switchToPassword() = Unit

    /** Opens the vault the way the lock screen does, for tests that start on the codes. */
    fun unlock(): TestApp = apply {
        app.lock.editPassword(PASSWORD)
        app.lock.unlockWithPassword()
        app.onLockChanged(true, nowMillis)
    }

    companion object {
        /** A vault with these `otpauth://` accounts, imported through the library's own importer. */
        fun withVault(vararg uris: String, deviceKey: Boolean = false): (BindingsGateway) -> Unit = { core ->
            val now = 1_700_000_000L
            core.createVault(PASSWORD, withDeviceKey = deviceKey, nowSeconds = now)
            core.unlockWithPassword(PASSWORD)
            if (uris.isNotEmpty()) {
                val pending = core.readImport(uris.joinToString("\n").toByteArray(), null)
                core.importAccounts(pending, acceptProblems = false, nowSeconds = now)
            }
            core.lock()
        }

        val ACCOUNTS = arrayOf(
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
            "otpauth://totp/Example:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example",
            "otpauth://totp/Fastmail:alice%40fastmail.com?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Fastmail",
            "otpauth://hotp/Bank:alice?secret=MFRGGZDFMZTWQ2LK&issuer=Bank&counter=3",
            "otpauth://totp/Cloud%20Console:ops?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=Cloud%20Console&digits=8&period=60",
        )


        /** Fast password hashing for test vaults (the library's floor). */
        val cheap = KdfParams(64u, 1u, 1u)
        const val PASSWORD = "correct horse battery"
    }
}

private object ReversingKeyProvider : KeyProvider {
    override fun wrap(plaintext: ByteArray): ByteArray = plaintext.reversedArray()

    override fun unwrap(wrapped: ByteArray): ByteArray = wrapped.reversedArray()
}

class MemorySettings(var saved: Settings = Settings()) : SettingsStore {

    override fun load() = saved

    override fun save(settings: Settings) {
        saved = settings
    }
}
