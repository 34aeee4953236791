package app.twofold.presentation.settings

import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.PasswordStrength
import app.twofold.presentation.lock.LockModel
import app.twofold.presentation.lock.LockProblem
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * Settings → "Change recovery password", typed twice. [problem] uses the
 * setup's keys ([LockProblem.PASSWORD_TOO_WEAK], [LockProblem.PASSWORDS_DIFFER],
 * [LockProblem.VAULT_ERROR] with [detail]) so the app words them once.
 */
data class RecoveryPasswordUi(
    val password: String = "",
    val repeat: String = "",
    /** The core's estimate of [password] as typed (null while it is empty). */
    val strength: PasswordStrength? = null,
    val problem: LockProblem? = null,
    val detail: String? = null,
    val canSave: Boolean = false,
    /** The new password replaced the old one. */
    val saved: Boolean = false,
) {
    override fun toString() = "RecoveryPasswordUi(strength=$strength, problem=$problem, canSave=$canSave, saved=$saved)"
}

/**
 * Replaces the vault's recovery password (the vault is unlocked: Settings is
 * only reachable then). The core's floor decides what is strong enough; a
 * refusal leaves the old password in place and is shown as a state.
 */
class RecoveryPasswordModel(private val core: CoreGateway) {
    private val lock = Any()
    private val _state = MutableStateFlow(RecoveryPasswordUi())
    val state: StateFlow<RecoveryPasswordUi> = _state.asStateFlow()

    fun editPassword(password: String) = edit(password, _state.value.repeat)

    fun editRepeat(repeat: String) = edit(_state.value.password, repeat)

    private fun edit(password: String, repeat: String) = synchronized(lock) {
        val strength = password.takeIf { it.isNotEmpty() }?.let(core::passwordStrength)
        val problem = LockModel.passwordProblem(password, repeat, strength)
            // A mismatch is only worth saying once the repeat is being typed.
            ?.takeUnless { it == LockProblem.PASSWORDS_DIFFER && repeat.isEmpty() }
        val complete = password.isNotEmpty() && LockModel.passwordProblem(password, repeat, strength) == null
        _state.value = RecoveryPasswordUi(password, repeat, strength, problem, canSave = complete)
    }

    /** Does nothing until the password is acceptable and typed twice. */
    fun save(nowMillis: Long) = synchronized(lock) {
        val current = _state.value
        if (!current.canSave) return
        _state.value = try {
            core.changeRecoveryPassword(current.password, nowMillis / 1000)
            RecoveryPasswordUi(saved = true)
        } catch (e: CoreException) {
            if (e.kind == CoreException.Kind.WEAK_PASSWORD) {
                current.copy(problem = LockProblem.PASSWORD_TOO_WEAK, canSave = false, strength = core.passwordStrength(current.password))
            } else {
                current.copy(problem = LockProblem.VAULT_ERROR, detail = e.message)
            }
        }
    }

    /** The dialog closed: forget what was typed. */
    fun reset() = synchronized(lock) {
        _state.value = RecoveryPasswordUi()
    }
}
