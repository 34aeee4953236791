package app.twofold.presentation.settings

import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.lock.Recovery
import app.twofold.presentation.lock.RecoveryRule
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Why a switch was refused or failed, as a key for the app's text. */
enum class LockMethodProblem {
    /** [Recovery.NEEDS_PASSWORD] / [Recovery.NEEDS_PASSWORD_OR_BACKUP]. */
    NEEDS_PASSWORD,
    NEEDS_PASSWORD_OR_BACKUP,

    /** The device no longer offers it (screen lock removed, no biometrics enrolled). */
    UNAVAILABLE,

    /** The system prompt was dismissed or failed: nothing changed. */
    NOT_AUTHENTICATED,

    /** The core refused (detail has its reason): nothing changed. */
    FAILED,
}

data class LockMethodUi(
    val current: LockMethod,
    /** Every method, with whether this device offers it now. */
    val available: Map<LockMethod, Boolean>,
    /** A switch waiting for the app: for a device method, a fresh key and one system prompt, then [LockMethodModel.apply]. */
    val pending: LockMethod? = null,
    val problem: LockMethodProblem? = null,
    val detail: String? = null,
    val busy: Boolean = false,
)

/**
 * Settings → "Unlock with": switch between the recovery password alone and a
 * device key guarded by biometrics or the screen lock, at any time. The core
 * adds or removes the platform key slot; the password slot stays, so the
 * vault stays recoverable when Android deletes the device key.
 */
class LockMethodModel(
    private val core: CoreGateway,
    private val settings: SettingsModel,
    private val availableMethods: () -> Set<LockMethod>,
) {
    private val _state = MutableStateFlow(render())
    val state: StateFlow<LockMethodUi> = _state.asStateFlow()

    /** Settings opened (availability may have changed since). */
    fun refresh() {
        _state.value = render(pending = null)
    }

    fun choose(method: LockMethod) {
        if (method == settings.current.lockMethod) return refresh()
        if (method.usesDeviceKey && method !in availableMethods()) {
            _state.value = render(problem = LockMethodProblem.UNAVAILABLE)
            return
        }
        val hasPassword = runCatching { core.hasPasswordSlot() }.getOrDefault(false)
        when (RecoveryRule.check(method, hasPassword, settings.backupUpToDate)) {
            Recovery.OK -> _state.value = render(pending = method)
            Recovery.NEEDS_PASSWORD -> _state.value = render(problem = LockMethodProblem.NEEDS_PASSWORD)
            Recovery.NEEDS_PASSWORD_OR_BACKUP -> _state.value = render(problem = LockMethodProblem.NEEDS_PASSWORD_OR_BACKUP)
        }
    }

    /** The pending switch is authorised (device methods: the prompt succeeded with the new key). */
    fun apply(nowMillis: Long) {
        val target = _state.value.pending ?: return
        _state.value = _state.value.copy(busy = true)
        try {
            core.setDeviceKey(target.usesDeviceKey, nowMillis / 1000)
            settings.setLockMethod(target)
            _state.value = render()
        } catch (e: CoreException) {
            _state.value = render(problem = LockMethodProblem.FAILED, detail = e.message)
        }
    }

    /** The prompt was dismissed or failed, or the key could not be made. */
    fun notAuthenticated() {
        if (_state.value.pending == null) return
        _state.value = render(problem = LockMethodProblem.NOT_AUTHENTICATED)
    }

    fun problemShown() {
        _state.value = _state.value.copy(problem = null, detail = null)
    }

    private fun render(pending: LockMethod? = null, problem: LockMethodProblem? = null, detail: String? = null): LockMethodUi {
        val available = availableMethods()
        return LockMethodUi(
            current = settings.current.lockMethod,
            available = LockMethod.entries.associateWith { !it.usesDeviceKey || it in available },
            pending = pending,
            problem = problem,
            detail = detail,
        )
    }
}
