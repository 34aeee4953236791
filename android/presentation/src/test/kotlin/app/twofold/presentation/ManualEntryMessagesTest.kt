package app.twofold.presentation

import app.twofold.presentation.enroll.ManualEntryMessages
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull

class ManualEntryMessagesTest {
    @Test
    fun key_messages_name_the_character_and_the_hint() {
        assertEquals(
            "“0” (character 9) can't be in a key. Keys use the letters A–Z and the digits 2–7. Did you mean the letter O?",
            ManualEntryMessages.forKey(KeyIssue.InvalidCharacter("0", 9, "did you mean the letter O?")),
        )
        assertEquals(
            "“8” (character 2) can't be in a key. Keys use the letters A–Z and the digits 2–7.",
            ManualEntryMessages.forKey(KeyIssue.InvalidCharacter("8", 2, null)),
        )
        assertEquals("Enter the key shown by the website.", ManualEntryMessages.forKey(KeyIssue.Empty))
        assertEquals(
            "This key is too short (40 bits; at least 80 are needed). Check that you copied all of it.",
            ManualEntryMessages.forKey(KeyIssue.TooShort(40, 80)),
        )
    }

    @Test
    fun other_fields_use_the_core_reason_and_keep_the_first_per_field() {
        val issues = listOf(
            FieldIssue(FormField.NAME, "the account name is empty"),
            FieldIssue(FormField.DIGITS, "digits must be between 6 and 10"),
            FieldIssue(FormField.NAME, "second name problem"),
        )
        assertEquals(
            mapOf(FormField.NAME to "the account name is empty", FormField.DIGITS to "digits must be between 6 and 10"),
            ManualEntryMessages.byField(issues),
        )
    }

    @Test
    fun numbers_typed_as_text_are_checked_locally() {
        assertNull(ManualEntryMessages.numberIssue(FormField.PERIOD, " 60 "))
        assertEquals("Use whole seconds, for example 30.", ManualEntryMessages.numberIssue(FormField.PERIOD, "6o")?.reason)
        assertEquals("Use a whole number, 0 or more.", ManualEntryMessages.numberIssue(FormField.COUNTER, "-1")?.reason)
    }

    @Test
    fun form_to_string_hides_the_key() {
        assertEquals(false, ManualForm(key = "JBSWY3DPEHPK3PXP").toString().contains("JBSW"))
    }
}
