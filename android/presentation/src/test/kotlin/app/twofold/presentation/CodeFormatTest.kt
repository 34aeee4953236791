package app.twofold.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull

class CodeFormatTest {
    @Test
    fun masking_hides_every_character_and_keeps_the_groups() {
        // The grouping itself is the core's (OtpCode.grouped); masking keeps its groups.
        assertEquals("••• •••", CodeFormat.masked("012 345"))
        assertEquals("••• ••• •••", CodeFormat.masked("123 456 789"))
        assertEquals("•••••", CodeFormat.masked("K7Q2X"))
    }

    @Test
    fun seconds_left_rounds_up_and_stops_at_zero() {
        assertEquals(30, CodeFormat.secondsLeft(60, 30_000))
        assertEquals(1, CodeFormat.secondsLeft(60, 59_001))
        assertEquals(0, CodeFormat.secondsLeft(60, 60_000))
        assertEquals(0, CodeFormat.secondsLeft(60, 75_000))
        assertNull(CodeFormat.secondsLeft(null, 0))
    }

    @Test
    fun remaining_fraction_runs_from_one_to_zero() {
        val code = OtpCode("123456", 30, 60, "123 456")
        assertEquals(1f, CodeFormat.remainingFraction(code, 30_000))
        assertEquals(0.5f, CodeFormat.remainingFraction(code, 45_000))
        assertEquals(0f, CodeFormat.remainingFraction(code, 61_000))
        assertEquals(1f, CodeFormat.remainingFraction(OtpCode("123456", 5, null, "123 456"), 99_000))
    }

    @Test
    fun spoken_code_spells_the_digits() {
        assertEquals("0 1 2", CodeFormat.spelled("012"))
        assertEquals("K 7 X", CodeFormat.spelled("K7X"))
    }
}
