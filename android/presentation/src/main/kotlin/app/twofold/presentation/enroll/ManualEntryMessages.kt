package app.twofold.presentation.enroll

import app.twofold.presentation.FieldIssue
import app.twofold.presentation.FormField
import app.twofold.presentation.KeyIssue

/**
 * The sentence under each field of the Trouble Scanning form, built from the
 * core's field errors. The key gets a precise message (which character, where,
 * what was probably meant); other fields use the core's reason.
 */
object ManualEntryMessages {
    fun forIssue(issue: FieldIssue): String = issue.keyIssue?.let(::forKey) ?: issue.reason

    fun forKey(issue: KeyIssue): String = when (issue) {
        KeyIssue.Empty -> "Enter the key shown by the website."
        is KeyIssue.InvalidCharacter -> buildString {
            append("“").append(issue.character).append("” (character ").append(issue.position)
            append(") can't be in a key. Keys use the letters A–Z and the digits 2–7.")
            issue.hint?.let { append(" ").append(it.replaceFirstChar(Char::uppercaseChar)).append(ensurePeriod(it)) }
        }
        is KeyIssue.MisplacedPadding -> "“=” (character ${issue.position}) can only come at the end of the key."
        is KeyIssue.InvalidLength -> "A character is missing or extra: check the key again."
        is KeyIssue.TooShort -> "This key is too short (${issue.bits} bits; at least ${issue.minBits} are needed). Check that you copied all of it."
        is KeyIssue.TooLong -> "This key is too long (${issue.bits} bits). Check that you copied only the key."
    }

    /** First message per field, in the order the core reported them. */
    fun byField(issues: List<FieldIssue>): Map<FormField, String> =
        issues.groupBy { it.field }.mapValues { (_, list) -> forIssue(list.first()) }

    private fun ensurePeriod(text: String): String =
        if (text.endsWith(".") || text.endsWith("?") || text.endsWith("!")) "" else "."

    /** Local check of the text-typed numbers before the form goes to the core. */
    fun numberIssue(field: FormField, text: String): FieldIssue? {
        val trimmed = text.trim()
        return when (field) {
            FormField.PERIOD -> when {
                trimmed.isEmpty() -> FieldIssue(field, "Enter how many seconds each code lasts (usually 30).")
                trimmed.toIntOrNull() == null -> FieldIssue(field, "Use whole seconds, for example 30.")
                else -> null
            }
            FormField.COUNTER -> when {
                trimmed.isEmpty() -> FieldIssue(field, "Enter the starting counter (usually 0).")
                trimmed.toULongOrNull() == null -> FieldIssue(field, "Use a whole number, 0 or more.")
                else -> null
            }
            else -> null
        }
    }
}
