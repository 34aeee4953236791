package app.twofold.presentation.lock

import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.VaultState
import app.twofold.presentation.settings.AutoLock
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** What the app shows before the codes. */
sealed interface LockScreen {
    /** First run: create the vault, optionally with a backup password and device authentication. */
    data class Setup(
        val requireDeviceAuth: Boolean,
        val deviceAuthAvailable: Boolean,
        val password: String,
        val passwordRepeat: String,
        val passwordError: String?,
        val canCreate: Boolean,
    ) : LockScreen {
        override fun toString() = "Setup(requireDeviceAuth=$requireDeviceAuth, canCreate=$canCreate)"
    }

    /** Locked. */
    data class Locked(
        /** Show the system prompt (fingerprint/face/screen lock) before using the device key. */
        val promptForDeviceAuth: Boolean,
        /** The password form is open (after the device key failed, or on request). */
        val showPassword: Boolean,
        val password: String,
        val error: String?,
    ) : LockScreen {
        override fun toString() = "Locked(promptForDeviceAuth=$promptForDeviceAuth, showPassword=$showPassword, error=$error)"
    }

    data object Unlocked : LockScreen
}

data class LockUi(val screen: LockScreen, val busy: Boolean = false)

/**
 * Vault creation, unlocking (device key or backup password) and auto-lock
 * after time in the background. The app performs the system authentication
 * prompt when [LockScreen.Locked.promptForDeviceAuth] and reports the result.
 */
class LockModel(
    private val core: CoreGateway,
    private val deviceAuthAvailable: Boolean,
    private val deviceAuthRequired: () -> Boolean,
    private val autoLock: () -> AutoLock,
    /** Called once the vault is created, with the chosen device-auth requirement (to persist it). */
    private val onCreated: (requireDeviceAuth: Boolean) -> Unit,
) {
    private var backgroundSinceMillis: Long? = null
    private var setup = LockScreen.Setup(
        requireDeviceAuth = deviceAuthAvailable,
        deviceAuthAvailable = deviceAuthAvailable,
        password = "",
        passwordRepeat = "",
        passwordError = null,
        canCreate = true,
    )

    private val _state = MutableStateFlow(LockUi(initialScreen()))
    val state: StateFlow<LockUi> = _state.asStateFlow()

    val isUnlocked: Boolean get() = _state.value.screen == LockScreen.Unlocked

    private fun initialScreen(): LockScreen = when (safeVaultState()) {
        VaultState.NO_VAULT -> setup
        VaultState.LOCKED -> locked()
        VaultState.UNLOCKED -> LockScreen.Unlocked
    }

    private fun safeVaultState(): VaultState = try {
        core.vaultState()
    } catch (_: CoreException) {
        VaultState.LOCKED
    }

    private fun locked(error: String? = null, showPassword: Boolean = false) = LockScreen.Locked(
        promptForDeviceAuth = deviceAuthRequired() && !showPassword,
        showPassword = showPassword,
        password = "",
        error = error,
    )

    // --- setup --------------------------------------------------------------------------

    fun setRequireDeviceAuth(required: Boolean) = editSetup { it.copy(requireDeviceAuth = required && deviceAuthAvailable) }

    fun setPassword(password: String) = editSetup { it.copy(password = password) }

    fun setPasswordRepeat(repeat: String) = editSetup { it.copy(passwordRepeat = repeat) }

    private fun editSetup(transform: (LockScreen.Setup) -> LockScreen.Setup) {
        val edited = transform(setup)
        val error = passwordProblem(edited.password, edited.passwordRepeat)
        setup = edited.copy(passwordError = error, canCreate = error == null)
        _state.value = LockUi(setup)
    }

    /**
     * Creates the vault. When device auth is required the app has already shown
     * the system prompt (the new key needs it to seal the data key).
     */
    fun create(nowMillis: Long) {
        if (!setup.canCreate) return
        val password = setup.password.takeIf { it.isNotEmpty() }
        _state.value = LockUi(setup, busy = true)
        try {
            core.createVault(password, nowMillis / 1000)
            onCreated(setup.requireDeviceAuth)
            setup = setup.copy(password = "", passwordRepeat = "")
            _state.value = LockUi(LockScreen.Unlocked)
        } catch (e: CoreException) {
            setup = setup.copy(passwordError = e.message)
            _state.value = LockUi(setup)
        }
    }

    // --- unlock -------------------------------------------------------------------------

    /** Device authentication succeeded (or is not required): unwrap with the device key. */
    fun unlockWithDevice() {
        _state.value = _state.value.copy(busy = true)
        try {
            core.unlockWithDevice()
            _state.value = LockUi(LockScreen.Unlocked)
        } catch (e: CoreException) {
            _state.value = LockUi(locked(error = deviceKeyMessage(e), showPassword = true))
        }
    }

    /** The system prompt failed or was dismissed: offer the password. */
    fun deviceAuthFailed(message: String?) {
        _state.value = LockUi(locked(error = message, showPassword = true))
    }

    fun showPasswordForm() {
        _state.value = LockUi(locked(showPassword = true))
    }

    fun editPassword(password: String) {
        val screen = _state.value.screen as? LockScreen.Locked ?: return
        _state.value = LockUi(screen.copy(password = password, error = null))
    }

    fun unlockWithPassword() {
        val screen = _state.value.screen as? LockScreen.Locked ?: return
        if (screen.password.isEmpty()) return
        _state.value = _state.value.copy(busy = true)
        try {
            core.unlockWithPassword(screen.password)
            _state.value = LockUi(LockScreen.Unlocked)
        } catch (e: CoreException) {
            val message = if (e.kind == CoreException.Kind.WRONG_PASSWORD) "Wrong password. Try again." else e.message
            _state.value = LockUi(screen.copy(password = "", error = message))
        }
    }

    // --- auto-lock ------------------------------------------------------------------------

    fun lockNow() {
        runCatching { core.lock() }
        _state.value = LockUi(locked())
    }

    fun onBackground(nowMillis: Long) {
        if (!isUnlocked) return
        backgroundSinceMillis = nowMillis
        if (autoLock() == AutoLock.IMMEDIATELY) lockNow()
    }

    fun onForeground(nowMillis: Long) {
        val since = backgroundSinceMillis ?: return
        backgroundSinceMillis = null
        val limit = autoLock().seconds ?: return
        if (isUnlocked && nowMillis - since >= limit * 1000) lockNow()
    }

    companion object {
        const val MIN_PASSWORD_LENGTH = 8

        /** A backup password is optional; when given it must be long enough and typed twice. */
        fun passwordProblem(password: String, repeat: String): String? = when {
            password.isEmpty() && repeat.isEmpty() -> null
            password.length < MIN_PASSWORD_LENGTH -> "Use at least $MIN_PASSWORD_LENGTH characters."
            password != repeat -> "The passwords don't match."
            else -> null
        }

        private fun deviceKeyMessage(e: CoreException): String = when (e.kind) {
            CoreException.Kind.KEY_PROVIDER ->
                "This device's key can't unlock the vault (it may have been reset). Use your backup password."
            else -> e.message ?: "The vault could not be unlocked."
        }
    }
}
