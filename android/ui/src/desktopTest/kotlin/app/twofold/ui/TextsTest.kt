package app.twofold.ui

import app.twofold.ui.desktop.appTexts
import app.twofold.ui.desktop.t
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * Every text name the screens use exists in strings.xml, including those of
 * states no test renders; and the desktop lookup formats like Android does.
 */
class TextsTest {
    private val sources = File(System.getProperty("twofold.ui.sources") ?: error("run with -Dtwofold.ui.sources=…/ui/src/main/kotlin"))

    /** `string("name"`, `plural("name"`, and `-> "name"` in the functions that pick a name by state. */
    private val nameUse = Regex("""(?:\bstring\(|\bplural\(|->\s*)"([a-z][a-z0-9_]*)"""")

    @Test
    fun every_name_the_screens_use_is_in_strings_xml() {
        val used = sources.walk().filter { it.extension == "kt" }
            .flatMap { file -> nameUse.findAll(file.readText()).map { it.groupValues[1] } }
            .toSortedSet()
        assertTrue(used.size > 100, "found only ${used.size} names: is the pattern still right?")
        assertEquals(emptySet(), used - appTexts.names, "names used in :ui but missing from strings.xml")
    }

    @Test
    fun android_escapes_arguments_and_plurals() {
        // <string name="enroll_choose_intro">Open the website\'s … under \"Trouble Scanning\", …
        assertTrue(t("enroll_choose_intro").contains("website's"))
        assertTrue(t("enroll_choose_intro").contains("\"Trouble Scanning\""))
        assertEquals("Move GitHub up", t("action_move_up", "GitHub"))
        assertTrue(appTexts.plural("backup_never", 1, listOf(1)).startsWith("Your 1 account is"))
        assertTrue(appTexts.plural("backup_never", 2, listOf(2)).startsWith("Your 2 accounts are"))
    }
}
