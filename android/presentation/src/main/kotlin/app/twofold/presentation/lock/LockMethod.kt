package app.twofold.presentation.lock

/**
 * How the vault is opened. The recovery password slot always exists; the
 * device methods add a platform key slot whose Keystore key needs the system
 * prompt for every use (a per-operation `CryptoObject`).
 */
enum class LockMethod {
    /** Only the recovery password opens the vault. */
    PASSWORD,

    /** A strong fingerprint or face, per use. Adding a new fingerprint or face invalidates the key. */
    BIOMETRIC,

    /** Fingerprint, face or the screen lock PIN/pattern/password (Android 11+). Removing the screen lock invalidates the key. */
    DEVICE_CREDENTIAL,
    ;

    /** The vault has a platform key slot guarded by device authentication. */
    val usesDeviceKey: Boolean get() = this != PASSWORD
}
