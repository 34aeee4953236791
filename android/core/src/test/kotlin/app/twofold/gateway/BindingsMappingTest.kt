package app.twofold.gateway

import app.twofold.core.TwofoldException
import app.twofold.core.generateCode
import app.twofold.core.parseUri
import app.twofold.core.validateManualEntry
import app.twofold.presentation.CoreException
import app.twofold.presentation.FieldIssue
import app.twofold.presentation.FormField
import app.twofold.presentation.KeyIssue
import app.twofold.presentation.ManualForm
import app.twofold.presentation.OtpCode
import app.twofold.presentation.PasswordStrength
import app.twofold.presentation.PasswordWeakness
import app.twofold.presentation.enroll.ManualEntryMessages
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * The adapter's mappings against the real library (host build, loaded by JNA
 * with -Djna.library.path): the presentation's messages come from the core's
 * actual field errors, and codes keep their leading zeros and validity.
 */
class BindingsMappingTest {
    @Test
    fun real_form_errors_become_per_field_messages() {
        val form = ManualForm(key = "JBSW Y3D0", name = " ", digits = 4)
        val error = try {
            validateManualEntry(form.key, form.toManualEntry()).close()
            fail("the form is invalid")
        } catch (e: TwofoldException) {
            e.toCoreException()
        }
        assertEquals(CoreException.Kind.INVALID_FORM, error.kind)
        assertEquals(listOf(FormField.KEY, FormField.NAME, FormField.DIGITS), error.fieldIssues.map(FieldIssue::field))
        val key = assertIs<KeyIssue.InvalidCharacter>(error.fieldIssues.first().keyIssue)
        assertEquals("0", key.character)
        assertEquals(9, key.position)
        val messages = ManualEntryMessages.byField(error.fieldIssues)
        assertTrue(messages.getValue(FormField.KEY).startsWith("“0” (character 9) can't be in a key."), messages.toString())
        assertTrue(messages.getValue(FormField.NAME).isNotBlank())
    }

    @Test
    fun the_real_estimate_reaches_the_screens_with_its_weakness_key() {
        val weak = estimatePassword("password")
        assertEquals(PasswordWeakness.TOP_TEN_PASSWORD, weak.weakness)
        assertTrue(!weak.acceptable && weak.score < 2, weak.toString())
        assertEquals(PasswordWeakness.EMPTY, estimatePassword("").weakness)
        val strong = estimatePassword("plum kettle ravine 42")
        assertTrue(strong.acceptable && strong.score in 3..PasswordStrength.MAX_SCORE, strong.toString())
        assertTrue(strong.guessesLog10 > weak.guessesLog10)
    }

    @Test
    fun real_codes_keep_leading_zeros_and_validity() {
        val uri = "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&period=30"
        parseUri(uri).use { account ->
            val code: OtpCode = generateCode(account, 1_111_111_109uL).toOtpCode()
            assertEquals(OtpCode("07081804", 1_111_111_080, 1_111_111_110, "0708 1804"), code)
        }
    }

    @Test
    fun invalid_uri_is_invalid_input() {
        val error = try {
            parseUri("https://example.com").close()
            fail("not an otpauth URI")
        } catch (e: TwofoldException) {
            e.toCoreException()
        }
        assertEquals(CoreException.Kind.INVALID_INPUT, error.kind)
        assertTrue(error.message!!.contains("otpauth"))
    }
}
