package app.twofold.android

import android.app.Application
import android.os.Build
import app.twofold.android.platform.PrefsSettingsStore
import app.twofold.android.security.KeystoreKeyProvider
import app.twofold.gateway.BindingsEnrollmentSession
import app.twofold.gateway.BindingsGateway
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.MainScope

/**
 * Owns the one [BindingsGateway] of the process (the vault must have a
 * single writer). JNA loads libtwofold_ffi.so from the APK's jniLibs on first
 * use of the bindings.
 */
class TwofoldApplication : Application() {
    val keyProvider: KeystoreKeyProvider by lazy { KeystoreKeyProvider() }

    val gateway: BindingsGateway by lazy {
        // noBackupFilesDir: the vault is bound to this device's Keystore key, so it is never backed up.
        BindingsGateway(
            vaultPath = File(noBackupFilesDir, VAULT_FILE).path,
            keyProvider = keyProvider,
            platformSlotLabel = "${Build.MANUFACTURER} ${Build.MODEL} keystore",
            enrollments = ::BindingsEnrollmentSession,
        )
    }

    val settingsStore: PrefsSettingsStore by lazy { PrefsSettingsStore(this) }

    /** Work that must outlive a screen (clearing a copied code on its deadline). */
    val processScope: CoroutineScope = MainScope()

    private companion object {
        const val VAULT_FILE = "vault.twofold"
    }
}
