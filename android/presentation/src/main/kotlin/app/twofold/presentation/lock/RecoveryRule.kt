package app.twofold.presentation.lock

/** Whether a vault can still be opened when the device key is gone. */
enum class Recovery {
    OK,

    /** The password is the only way in, and there is none. */
    NEEDS_PASSWORD,

    /**
     * Device authentication guards the vault: removing or resetting the screen
     * lock (or, for [LockMethod.BIOMETRIC], adding a fingerprint or face) makes
     * Android delete its key. A recovery password, or an encrypted export taken
     * after the last change, is required.
     */
    NEEDS_PASSWORD_OR_BACKUP,
}

/**
 * The rule both setup and "change lock method" apply before a vault may
 * depend on the device key.
 */
object RecoveryRule {
    fun check(method: LockMethod, hasPassword: Boolean, encryptedBackupUpToDate: Boolean): Recovery = when {
        hasPassword -> Recovery.OK
        !method.usesDeviceKey -> Recovery.NEEDS_PASSWORD
        encryptedBackupUpToDate -> Recovery.OK
        else -> Recovery.NEEDS_PASSWORD_OR_BACKUP
    }
}
