package app.twofold.presentation

import app.twofold.presentation.codes.CodesListModel
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class CodesListModelTest {
    private val core = FakeCore().apply {
        state = VaultState.UNLOCKED
        add("ACME Co", "alice@example.com")
        add("GitHub", "alice")
        add(null, "bob@example.org")
        add("Bank", "alice", CodeKind.Hotp)
    }

    // 1_000_000_010 s is 20 s into a 30 s period: 10 s left.
    private val t0 = 1_000_000_010_000L

    @Test
    fun countdown_comes_from_valid_until_and_the_core_is_asked_only_on_expiry() {
        val model = CodesListModel(core)
        model.load(t0)
        val acme = model.state.value.rows.first()
        assertEquals(10, acme.secondsLeft)
        assertEquals(10f / 30f, acme.remaining, 0.001f)
        assertEquals(1, core.codesCalls)

        model.tick(t0 + 4_500)
        assertEquals(6, model.state.value.rows.first().secondsLeft, "rounded up")
        assertFalse(model.state.value.rows.first().expiringSoon)
        model.tick(t0 + 5_000)
        assertTrue(model.state.value.rows.first().expiringSoon)
        assertEquals(1, core.codesCalls, "no core call before a code expires")

        val before = model.state.value.rows.first().displayCode
        model.tick(t0 + 10_000)
        assertEquals(2, core.codesCalls)
        assertEquals(30, model.state.value.rows.first().secondsLeft)
        assertNotEquals(before, model.state.value.rows.first().displayCode)
    }

    @Test
    fun rows_show_issuer_then_name_and_group_the_digits() {
        val model = CodesListModel(core)
        model.load(t0)
        val rows = model.state.value.rows
        assertEquals(listOf("ACME Co", "GitHub", "bob@example.org", "Bank"), rows.map { it.title })
        assertEquals("alice@example.com", rows[0].subtitle)
        assertNull(rows[2].subtitle)
        assertTrue(Regex("\\d{3} \\d{3}").matches(rows[0].displayCode))
        assertTrue(rows[3].isHotp)
        assertNull(rows[3].secondsLeft)
        assertEquals(CodeFormat.spelled(rows[0].displayCode.replace(" ", "")), rows[0].spokenCode, "TalkBack gets the digits one by one")
    }

    @Test
    fun search_matches_issuer_or_name_and_disables_reorder() {
        val model = CodesListModel(core)
        model.load(t0)
        assertTrue(model.state.value.canReorder)
        model.search("ALICE")
        assertEquals(listOf("ACME Co", "GitHub", "Bank"), model.state.value.rows.map { it.title })
        assertFalse(model.state.value.canReorder)
        model.search("nothing like it")
        assertTrue(model.state.value.noMatches)
        assertFalse(model.state.value.isEmpty)
        model.search("")
        assertEquals(4, model.state.value.rows.size)
    }

    @Test
    fun copy_sets_a_clear_deadline_and_expires_it() {
        val model = CodesListModel(core, clipboardClearSeconds = { 30 })
        model.load(t0)
        val id = model.state.value.rows[1].id
        val copy = assertNotNull(model.tap(id, t0))
        assertEquals(t0 + 30_000, copy.clearAtMillis)
        assertEquals("GitHub (alice)", copy.label, "the core's label (the fake's stand-in)")
        assertEquals(6, copy.value.length)
        assertFalse(copy.toString().contains(copy.value), "the code never reaches logs")
        assertTrue(model.state.value.rows[1].copied)
        model.tick(t0 + 29_999)
        assertNotNull(model.state.value.clipboard)
        model.tick(t0 + 30_000)
        assertNull(model.state.value.clipboard)
        assertFalse(model.state.value.rows[1].copied)
    }

    @Test
    fun tap_to_reveal_hides_codes_until_the_first_tap() {
        val model = CodesListModel(core, tapToReveal = { true })
        model.load(t0)
        val row = model.state.value.rows[0]
        assertTrue(row.hidden)
        assertEquals("••• •••", row.displayCode)
        assertNull(row.spokenCode, "TalkBack does not read a hidden code")
        assertNull(model.tap(row.id, t0), "first tap reveals")
        assertFalse(model.state.value.rows[0].hidden)
        assertTrue(model.state.value.rows[1].hidden)
        assertNotNull(model.tap(row.id, t0), "second tap copies")
    }

    @Test
    fun reorder_moves_rows_and_saves_once() {
        val model = CodesListModel(core)
        model.load(t0)
        model.startReorder()
        assertTrue(model.state.value.reordering)
        assertNull(model.tap(model.state.value.rows[0].id, t0), "no copying while reordering")
        model.move(3, 0)
        model.move(1, 2)
        assertEquals(listOf("Bank", "GitHub", "ACME Co", "bob@example.org"), model.state.value.rows.map { it.title })
        assertEquals(0, core.reorderCalls)
        model.finishReorder(t0)
        assertEquals(1, core.reorderCalls)
        model.load(t0)
        assertEquals(listOf("Bank", "GitHub", "ACME Co", "bob@example.org"), model.state.value.rows.map { it.title })
    }

    @Test
    fun unchanged_order_is_not_saved_and_cancel_restores() {
        val model = CodesListModel(core)
        model.load(t0)
        model.startReorder()
        model.move(0, 1)
        model.cancelReorder()
        assertEquals("ACME Co", model.state.value.rows[0].title)
        model.startReorder()
        model.finishReorder(t0)
        assertEquals(0, core.reorderCalls)
    }

    @Test
    fun hotp_next_code_advances_the_counter() {
        val model = CodesListModel(core)
        model.load(t0)
        val bank = model.state.value.rows.first { it.isHotp }
        assertEquals("—", bank.displayCode)
        assertNull(bank.spokenCode, "no HOTP code until Next code")
        assertTrue(bank.isHotp)
        assertNull(model.tap(bank.id, t0), "nothing to copy yet")
        model.nextHotp(bank.id, t0)
        assertEquals("000 001", model.state.value.rows.first { it.isHotp }.displayCode)
        model.nextHotp(bank.id, t0)
        assertEquals("000 002", model.state.value.rows.first { it.isHotp }.displayCode)
        model.tick(t0 + 60_000)
        assertEquals(2, core.codesCalls, "TOTP codes were refreshed")
        assertEquals("000 002", model.state.value.rows.first { it.isHotp }.displayCode, "the HOTP code stays")
    }

    @Test
    fun delete_offers_undo_and_undo_restores() {
        val model = CodesListModel(core)
        model.load(t0)
        val id = model.state.value.rows[0].id
        model.tap(id, t0)
        model.delete(id, t0)
        assertEquals(3, model.state.value.rows.size)
        assertEquals("ACME Co (alice@example.com)", model.state.value.undo?.label)
        assertNull(model.state.value.clipboard, "a deleted account's copied code is cleared")
        model.undoDelete(t0)
        assertEquals(4, model.state.value.rows.size)
        assertNull(model.state.value.undo)
    }

    @Test
    fun unreadable_rows_are_reported_above_the_list() {
        core.unreadable = 2
        val model = CodesListModel(core)
        model.load(t0)
        assertEquals(4, model.state.value.rows.size)
        assertEquals(2, model.state.value.unreadable)
        core.unreadable = 0
        model.load(t0)
        assertEquals(0, model.state.value.unreadable)
    }

    @Test
    fun core_failures_become_a_message_and_clear_forgets_everything() {
        val model = CodesListModel(core)
        model.load(t0)
        model.rename(model.state.value.rows[0].id, "ACME", "  ", t0)
        assertEquals("name is empty", model.state.value.error)
        model.errorShown()
        core.lock()
        model.tick(t0 + 60_000)
        assertEquals("The vault is locked.", model.state.value.error)
        model.clear()
        assertTrue(model.state.value.isEmpty)
        assertTrue(model.state.value.rows.isEmpty())
    }
}
