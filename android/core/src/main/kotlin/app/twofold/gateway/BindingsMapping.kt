package app.twofold.gateway

import app.twofold.core.Algorithm
import app.twofold.core.Code
import app.twofold.core.FieldProblem
import app.twofold.core.KeyProblem
import app.twofold.core.ManualEntry
import app.twofold.core.ManualKind
import app.twofold.core.OtpKind
import app.twofold.core.PasswordOf
import app.twofold.core.TwofoldException
import app.twofold.presentation.CodeKind
import app.twofold.presentation.CoreException
import app.twofold.presentation.FieldIssue
import app.twofold.presentation.FormField
import app.twofold.presentation.HashAlgorithm
import app.twofold.presentation.KeyIssue
import app.twofold.presentation.ManualForm
import app.twofold.presentation.OtpCode
import app.twofold.presentation.OtpType
import app.twofold.presentation.PasswordStrength
import app.twofold.presentation.PasswordWeakness
import app.twofold.core.FormField as CoreFormField
import app.twofold.core.PasswordStrength as CorePasswordStrength
import app.twofold.core.PasswordWeakness as CorePasswordWeakness
import app.twofold.core.passwordStrength as corePasswordStrength

// Conversions between the generated bindings (app.twofold.core, UniFFI 0.32)
// and :presentation's plain types. Pure Kotlin, no Android: CI compiles this
// file on the desktop together with the generated bindings.
//

internal fun Code.toOtpCode(): OtpCode =
    OtpCode(value = value, validFrom = validFrom.toLong(), validUntil = validUntil?.toLong(), grouped = grouped)

internal fun OtpKind.toCodeKind(): CodeKind = when (this) {
    is OtpKind.Totp -> CodeKind.Totp(period.toInt())
    is OtpKind.Hotp -> CodeKind.Hotp
    OtpKind.Steam -> CodeKind.Steam
}

internal fun CoreFormField.toFormField(): FormField = when (this) {
    CoreFormField.KEY -> FormField.KEY
    CoreFormField.NAME -> FormField.NAME
    CoreFormField.ISSUER -> FormField.ISSUER
    CoreFormField.DIGITS -> FormField.DIGITS
    CoreFormField.PERIOD -> FormField.PERIOD
}

internal fun KeyProblem.toKeyIssue(): KeyIssue = when (this) {
    KeyProblem.Empty -> KeyIssue.Empty
    is KeyProblem.InvalidCharacter -> KeyIssue.InvalidCharacter(character, position.toInt(), hint)
    is KeyProblem.MisplacedPadding -> KeyIssue.MisplacedPadding(position.toInt())
    is KeyProblem.InvalidLength -> KeyIssue.InvalidLength(length.toInt())
    is KeyProblem.TooShort -> KeyIssue.TooShort(bits.toInt(), minBits.toInt())
    is KeyProblem.TooLong -> KeyIssue.TooLong(bits.toInt())
}

internal fun FieldProblem.toFieldIssue(): FieldIssue =
    FieldIssue(field = field.toFormField(), reason = reason, keyIssue = keyProblem?.toKeyIssue())

/**
 * The form as the core's record, without the key: the bindings take the key
 * as a separate argument so no generated `toString` of the record can print
 * it (`validateManualEntry(key, entry)`). [ManualForm]'s numbers are already
 * checked by :presentation (it substitutes the defaults for unparsable text),
 * so the fallbacks here only guard against a direct caller.
 */
internal fun ManualForm.toManualEntry(): ManualEntry = ManualEntry(
    name = name,
    issuer = issuer,
    kind = when (type) {
        OtpType.TOTP -> ManualKind.TOTP
        OtpType.HOTP -> ManualKind.HOTP
        OtpType.STEAM -> ManualKind.STEAM
    },
    algorithm = when (algorithm) {
        HashAlgorithm.SHA1 -> Algorithm.SHA1
        HashAlgorithm.SHA256 -> Algorithm.SHA256
        HashAlgorithm.SHA512 -> Algorithm.SHA512
    },
    digits = digits.coerceIn(0, 255).toUByte(),
    period = period.trim().toUIntOrNull() ?: 30u,
    counter = counter.trim().toULongOrNull() ?: 0uL,
)

/**
 * Every binding error as a [CoreException], chosen by the error's variant and
 * data (never by its English text). The `when` is exhaustive: a variant added
 * to the bindings fails this build until it is mapped.
 */
internal fun TwofoldException.toCoreException(): CoreException = when (this) {
    is TwofoldException.InvalidForm ->
        CoreException(
            CoreException.Kind.INVALID_FORM,
            problems.joinToString("; ") { it.reason },
            problems.map { it.toFieldIssue() },
        )
    is TwofoldException.InvalidKey ->
        CoreException(CoreException.Kind.INVALID_FORM, reason, listOf(FieldIssue(FormField.KEY, reason, problem.toKeyIssue())))
    is TwofoldException.InvalidUri -> CoreException(CoreException.Kind.INVALID_INPUT, reason)
    is TwofoldException.CannotGenerate -> CoreException(CoreException.Kind.INVALID_INPUT, reason)
    is TwofoldException.ScanFailed -> CoreException(CoreException.Kind.INVALID_INPUT, reason)
    is TwofoldException.FlowRefused -> CoreException(CoreException.Kind.FLOW, reason)
    is TwofoldException.RecoveryCodeAlreadyUsed -> CoreException(CoreException.Kind.FLOW, "This recovery code was already used.")
    is TwofoldException.WrongPassword -> CoreException(
        CoreException.Kind.WRONG_PASSWORD,
        if (of is PasswordOf.Vault) "Wrong password." else "Wrong password for this file.",
    )
    is TwofoldException.PasswordTooWeak ->
        CoreException(CoreException.Kind.WEAK_PASSWORD, reason, weakness = weakness?.toPasswordWeakness())
    is TwofoldException.PasswordRequired -> CoreException(CoreException.Kind.PASSWORD_REQUIRED, reason)
    is TwofoldException.Locked -> CoreException(CoreException.Kind.LOCKED, "The vault is locked.")
    is TwofoldException.AuthenticationCancelled -> CoreException(CoreException.Kind.CANCELLED, "Authentication was cancelled.")
    is TwofoldException.KeyProviderFailed -> CoreException(CoreException.Kind.KEY_PROVIDER, reason)
    is TwofoldException.PlatformKeyMismatch ->
        CoreException(CoreException.Kind.KEY_INVALIDATED, "The device key no longer opens this vault.")
    is TwofoldException.TamperedRow -> CoreException(CoreException.Kind.DAMAGED, "A stored $table row failed authentication.")
    is TwofoldException.Unreadable -> CoreException(CoreException.Kind.DAMAGED, reason)
    is TwofoldException.SlotDamaged -> CoreException(CoreException.Kind.DAMAGED, reason)
    is TwofoldException.VaultUnusable -> CoreException(CoreException.Kind.VAULT_UNUSABLE, reason)
    is TwofoldException.NotFound -> CoreException(CoreException.Kind.NOT_FOUND, reason)
    is TwofoldException.InvalidRequest -> CoreException(CoreException.Kind.INVALID_REQUEST, reason)
    is TwofoldException.ImportFailed -> CoreException(CoreException.Kind.IMPORT_FAILED, reason)
    is TwofoldException.ExportFailed -> CoreException(CoreException.Kind.EXPORT_FAILED, reason)
    is TwofoldException.Storage -> CoreException(CoreException.Kind.STORAGE, reason)
    is TwofoldException.Internal -> CoreException(CoreException.Kind.INTERNAL, reason)
}

internal fun CorePasswordWeakness.toPasswordWeakness(): PasswordWeakness = when (this) {
    CorePasswordWeakness.EMPTY -> PasswordWeakness.EMPTY
    CorePasswordWeakness.TOO_SHORT -> PasswordWeakness.TOO_SHORT
    CorePasswordWeakness.TOP_TEN_PASSWORD -> PasswordWeakness.TOP_TEN_PASSWORD
    CorePasswordWeakness.TOP_HUNDRED_PASSWORD -> PasswordWeakness.TOP_HUNDRED_PASSWORD
    CorePasswordWeakness.COMMON_PASSWORD -> PasswordWeakness.COMMON_PASSWORD
    CorePasswordWeakness.SIMILAR_TO_COMMON_PASSWORD -> PasswordWeakness.SIMILAR_TO_COMMON_PASSWORD
    CorePasswordWeakness.SINGLE_WORD -> PasswordWeakness.SINGLE_WORD
    CorePasswordWeakness.STRAIGHT_ROW -> PasswordWeakness.STRAIGHT_ROW
    CorePasswordWeakness.KEYBOARD_PATTERN -> PasswordWeakness.KEYBOARD_PATTERN
    CorePasswordWeakness.REPEATED_CHARACTER -> PasswordWeakness.REPEATED_CHARACTER
    CorePasswordWeakness.REPEATED_GROUP -> PasswordWeakness.REPEATED_GROUP
    CorePasswordWeakness.SEQUENCE -> PasswordWeakness.SEQUENCE
    CorePasswordWeakness.RECENT_YEAR -> PasswordWeakness.RECENT_YEAR
    CorePasswordWeakness.DATE -> PasswordWeakness.DATE
}

internal fun CorePasswordStrength.toPasswordStrength(): PasswordStrength = PasswordStrength(
    score = score.toInt(),
    guessesLog10 = guessesLog10,
    weakness = weakness?.toPasswordWeakness(),
    acceptable = acceptable,
)

/** The core's estimate and floor for a new password (`passwordStrength`, cheap). */
internal fun estimatePassword(password: String): PasswordStrength = corePasswordStrength(password).toPasswordStrength()

/** Runs a binding call, turning its errors into [CoreException]s. */
internal inline fun <T> core(block: () -> T): T = try {
    block()
} catch (e: TwofoldException) {
    throw e.toCoreException()
}
