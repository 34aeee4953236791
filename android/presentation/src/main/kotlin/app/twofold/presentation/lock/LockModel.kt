package app.twofold.presentation.lock

import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.PasswordStrength
import app.twofold.presentation.VaultState
import app.twofold.presentation.settings.AutoLock
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** What went wrong, as a key the app turns into its own (translated) text. */
enum class LockProblem {
    /** Below the core's floor: `Setup.strength` says how weak and why. */
    PASSWORD_TOO_WEAK,
    PASSWORDS_DIFFER,

    /** Setup: a recovery password is required (see [RecoveryRule]). */
    PASSWORD_REQUIRED,
    WRONG_PASSWORD,

    /** The Keystore refused the device key (screen lock removed, new biometrics…): the password opens the vault. */
    DEVICE_KEY_INVALIDATED,

    /** No device key could be made (no secure screen lock after all): the vault uses the password. */
    DEVICE_KEY_UNAVAILABLE,

    /** The system prompt failed; its own (already translated) message is in `systemMessage`. */
    DEVICE_AUTH_FAILED,

    /** Creating or opening the vault failed for another reason; the core's reason is in `detail`. */
    VAULT_ERROR,
}

/** What the app shows before the codes. */
sealed interface LockScreen {
    /** First run: choose how to unlock and set the recovery password. */
    data class Setup(
        /** The methods this device supports, [LockMethod.PASSWORD] first. */
        val methods: List<LockMethod>,
        val method: LockMethod,
        val password: String,
        val passwordRepeat: String,
        val problem: LockProblem?,
        val detail: String? = null,
        val canCreate: Boolean,
        /** The core's estimate of [password] as typed (null while it is empty). */
        val strength: PasswordStrength? = null,
    ) : LockScreen {
        /** The app needs a fresh device key and one system prompt before [LockModel.create]. */
        val needsDeviceKey: Boolean get() = method.usesDeviceKey

        override fun toString() = "Setup(method=$method, problem=$problem, canCreate=$canCreate, strength=$strength)"
    }

    /** Locked. */
    data class Locked(
        /** Show the system prompt (fingerprint/face/screen lock) before using the device key. */
        val promptForDeviceAuth: Boolean,
        /** The password form is open (password-only vaults, after the device key failed, or on request). */
        val showPassword: Boolean,
        /** A device key slot exists: "Use fingerprint or screen lock" is offered. */
        val canUseDevice: Boolean,
        val password: String,
        val problem: LockProblem?,
        /** The system prompt's own message with [LockProblem.DEVICE_AUTH_FAILED]. */
        val systemMessage: String? = null,
    ) : LockScreen {
        override fun toString() = "Locked(promptForDeviceAuth=$promptForDeviceAuth, showPassword=$showPassword, problem=$problem)"
    }

    data object Unlocked : LockScreen
}

data class LockUi(val screen: LockScreen, val busy: Boolean = false)

/**
 * Vault creation, unlocking (device key or recovery password) and auto-lock.
 * One instance lives as long as the process (on Android the Application owns
 * it, never an activity): a recreated activity sees the same lock state.
 * The app performs the system prompt when [LockScreen.Locked.promptForDeviceAuth]
 * and reports the result.
 */
class LockModel(
    private val core: CoreGateway,
    /** The device methods usable right now (a screen lock can be removed at any time). */
    private val availableMethods: () -> Set<LockMethod>,
    private val lockMethod: () -> LockMethod,
    autoLock: () -> AutoLock,
    /** Called once the vault is created, with the chosen method (to persist it). */
    private val onCreated: (LockMethod) -> Unit,
) {
    private val policy = AutoLockPolicy(autoLock)
    private var setup = newSetup()

    private val _state = MutableStateFlow(LockUi(initialScreen()))
    val state: StateFlow<LockUi> = _state.asStateFlow()

    val isUnlocked: Boolean get() = _state.value.screen == LockScreen.Unlocked

    private fun initialScreen(): LockScreen = when (safeVaultState()) {
        VaultState.NO_VAULT -> setup
        VaultState.LOCKED -> locked()
        VaultState.UNLOCKED -> {
            // A new model never inherits an open vault: whoever opened it is gone.
            runCatching { core.lock() }
            locked()
        }
    }

    private fun safeVaultState(): VaultState = try {
        core.vaultState()
    } catch (_: CoreException) {
        VaultState.LOCKED
    }

    private fun methods(): List<LockMethod> =
        listOf(LockMethod.PASSWORD) + LockMethod.entries.filter { it.usesDeviceKey && it in availableMethods() }

    private fun newSetup(): LockScreen.Setup {
        val methods = methods()
        return checkedSetup(
            LockScreen.Setup(methods, methods.last(), password = "", passwordRepeat = "", problem = null, canCreate = false),
        )
    }

    private fun locked(problem: LockProblem? = null, systemMessage: String? = null, showPassword: Boolean = false): LockScreen.Locked {
        val device = lockMethod().usesDeviceKey
        val passwordForm = showPassword || !device
        return LockScreen.Locked(
            promptForDeviceAuth = device && !passwordForm,
            showPassword = passwordForm,
            canUseDevice = device,
            password = "",
            problem = problem,
            systemMessage = systemMessage,
        )
    }

    // --- setup --------------------------------------------------------------------------

    fun chooseMethod(method: LockMethod) = editSetup { if (method in it.methods) it.copy(method = method) else it }

    fun setPassword(password: String) = editSetup { it.copy(password = password) }

    fun setPasswordRepeat(repeat: String) = editSetup { it.copy(passwordRepeat = repeat) }

    private fun editSetup(transform: (LockScreen.Setup) -> LockScreen.Setup) {
        setup = checkedSetup(transform(setup).copy(detail = null))
        _state.value = LockUi(setup)
    }

    private fun checkedSetup(edited: LockScreen.Setup): LockScreen.Setup {
        val strength = edited.password.takeIf { it.isNotEmpty() }?.let(core::passwordStrength)
        val typed = passwordProblem(edited.password, edited.passwordRepeat, strength)
        val hasPassword = edited.password.isNotEmpty() && typed == null
        // Nothing can have been exported yet: the password is what makes the vault recoverable.
        val recovery = RecoveryRule.check(edited.method, hasPassword, encryptedBackupUpToDate = false)
        val shown = typed ?: LockProblem.PASSWORD_REQUIRED.takeIf { recovery != Recovery.OK && edited.passwordRepeat.isNotEmpty() }
        return edited.copy(problem = shown, canCreate = recovery == Recovery.OK, strength = strength)
    }

    /** The app could not make an authentication-bound key: fall back to the password. */
    fun deviceKeyUnavailable() {
        setup = checkedSetup(setup.copy(method = LockMethod.PASSWORD)).copy(problem = LockProblem.DEVICE_KEY_UNAVAILABLE)
        _state.value = LockUi(setup)
    }

    /**
     * Creates the vault. For a device method the app has made a fresh key and
     * the user passed the system prompt for its first use.
     */
    fun create(nowMillis: Long) {
        val current = setup
        if (!current.canCreate) return
        _state.value = LockUi(current, busy = true)
        try {
            core.createVault(current.password, current.method.usesDeviceKey, nowMillis / 1000)
            onCreated(current.method)
            setup = current.copy(password = "", passwordRepeat = "")
            _state.value = LockUi(LockScreen.Unlocked)
        } catch (e: CoreException) {
            setup = if (e.kind == CoreException.Kind.WEAK_PASSWORD) {
                // The core's floor decides; its estimate says why (the app words it).
                current.copy(problem = LockProblem.PASSWORD_TOO_WEAK, canCreate = false, strength = core.passwordStrength(current.password))
            } else {
                current.copy(problem = LockProblem.VAULT_ERROR, detail = e.message)
            }
            _state.value = LockUi(setup)
        }
    }

    // --- unlock -------------------------------------------------------------------------

    /** The system prompt succeeded: unwrap with the device key. */
    fun unlockWithDevice() {
        _state.value = _state.value.copy(busy = true)
        try {
            core.unlockWithDevice()
            _state.value = LockUi(LockScreen.Unlocked)
        } catch (e: CoreException) {
            val problem = when (e.kind) {
                CoreException.Kind.CANCELLED -> null
                CoreException.Kind.KEY_PROVIDER, CoreException.Kind.KEY_INVALIDATED -> LockProblem.DEVICE_KEY_INVALIDATED
                else -> LockProblem.VAULT_ERROR
            }
            _state.value = LockUi(locked(problem, systemMessage = e.message.takeIf { problem == LockProblem.VAULT_ERROR }, showPassword = true))
        }
    }

    /** The system prompt failed ([systemMessage]) or was dismissed (null): offer the password. */
    fun deviceAuthFailed(systemMessage: String?) {
        val problem = if (systemMessage != null) LockProblem.DEVICE_AUTH_FAILED else null
        _state.value = LockUi(locked(problem, systemMessage, showPassword = true))
    }

    fun showPasswordForm() {
        _state.value = LockUi(locked(showPassword = true))
    }

    /** "Use fingerprint or screen lock" from the password form. */
    fun showDevicePrompt() {
        if (lockMethod().usesDeviceKey) _state.value = LockUi(locked())
    }

    fun editPassword(password: String) {
        val screen = _state.value.screen as? LockScreen.Locked ?: return
        _state.value = LockUi(screen.copy(password = password, problem = null, systemMessage = null))
    }

    fun unlockWithPassword() {
        val screen = _state.value.screen as? LockScreen.Locked ?: return
        if (screen.password.isEmpty()) return
        _state.value = _state.value.copy(busy = true)
        try {
            core.unlockWithPassword(screen.password)
            _state.value = LockUi(LockScreen.Unlocked)
        } catch (e: CoreException) {
            val problem = if (e.kind == CoreException.Kind.WRONG_PASSWORD) LockProblem.WRONG_PASSWORD else LockProblem.VAULT_ERROR
            _state.value = LockUi(screen.copy(password = "", problem = problem, systemMessage = e.message.takeIf { problem == LockProblem.VAULT_ERROR }))
        }
    }

    // --- auto-lock ------------------------------------------------------------------------

    fun lockNow() {
        runCatching { core.lock() }
        _state.value = LockUi(if (safeVaultState() == VaultState.NO_VAULT) newSetup().also { setup = it } else locked())
    }

    /** ProcessLifecycleOwner ON_STOP, with `SystemClock.elapsedRealtime()`. */
    fun onProcessStop(elapsedMillis: Long) {
        val lock = synchronized(policy) { policy.onStop(elapsedMillis) }
        if (lock && isUnlocked) lockNow()
    }

    /** ProcessLifecycleOwner ON_START, with `SystemClock.elapsedRealtime()`. */
    fun onProcessStart(elapsedMillis: Long) {
        val lock = synchronized(policy) { policy.onStart(elapsedMillis) }
        if (lock && isUnlocked) lockNow()
    }

    /** The app is about to open a system picker or settings screen whose result it waits for. */
    fun suspendAutoLock(elapsedMillis: Long) = synchronized(policy) { policy.suspend(elapsedMillis) }

    /** That screen returned (before its result is handled) or could not be opened. */
    fun resumeAutoLock() = synchronized(policy) { policy.resume() }

    val autoLockSuspended: Boolean get() = synchronized(policy) { policy.isSuspended }

    companion object {
        /**
         * The recovery password must pass the core's floor ([strength] of
         * [password]) and be typed twice (null: fine, or nothing typed yet).
         */
        fun passwordProblem(password: String, repeat: String, strength: PasswordStrength?): LockProblem? = when {
            password.isEmpty() && repeat.isEmpty() -> null
            strength?.acceptable != true -> LockProblem.PASSWORD_TOO_WEAK
            password != repeat -> LockProblem.PASSWORDS_DIFFER
            else -> null
        }
    }
}
