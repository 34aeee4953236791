package app.twofold.gateway

import app.twofold.core.accountLabel
import app.twofold.core.groupCode
import app.twofold.presentation.AccountSummary
import app.twofold.presentation.CodeKind
import app.twofold.presentation.EnrollmentSession
import app.twofold.core.KeyProvider
import app.twofold.core.Vault
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * The shared display cases (tests/cases/display.tsv, also read by the Rust
 * core's and the Swift suite's tests) through the real library: the label and
 * grouping the records carry, and the search and clipboard rules the gateway
 * hands :presentation.
 */
class BindingsDisplayCasesTest {
    private class Account(val issuer: String?, val name: String, val label: String)

    private val lines: List<List<String>> = run {
        val dir = System.getProperty("twofold.cases") ?: "tests/cases"
        File(dir, "display.tsv").readLines(Charsets.UTF_8)
            .filter { it.isNotEmpty() && !it.startsWith("#") }
            .map { it.split('\t') }
    }
    private fun rows(kind: String) = lines.filter { it[0] == kind }
    private fun optional(field: String) = field.takeUnless { it == "<none>" }
    private val accounts = rows("account").map { Account(optional(it[1]), it[2], it[3]) }

    private val noKeys = object : KeyProvider {
        override fun wrap(plaintext: ByteArray): ByteArray = error("not used")
        override fun unwrap(wrapped: ByteArray): ByteArray = error("not used")
    }
    private val noEnrollment: (Vault) -> EnrollmentSession = { error("not used") }

    @Test
    fun labels_and_grouping_match_the_shared_cases() {
        assertTrue(accounts.size >= 5)
        for (account in accounts) {
            assertEquals(account.label, accountLabel(account.issuer, account.name), "${account.issuer} / ${account.name}")
        }
        val groups = rows("group")
        assertTrue(groups.isNotEmpty())
        for (case in groups) assertEquals(case[2], groupCode(case[1]), case[1])
    }

    @Test
    fun search_and_clipboard_through_the_gateway_match_the_shared_cases(@TempDir dir: File) {
        val gateway = BindingsGateway(File(dir, "vault.twofold").path, noKeys, "test", noEnrollment)
        val summaries = accounts.mapIndexed { i, a -> AccountSummary("$i", a.issuer, a.name, CodeKind.Totp(30), a.label) }
        val searches = rows("search")
        assertTrue(searches.size >= 5)
        for (case in searches) {
            val expected = if (case[2] == "-") emptyList() else case[2].split(',').map { it.toInt() - 1 }
            val found = summaries.indices.filter { gateway.matchesSearch(case[1], summaries[it]) }
            assertEquals(expected, found, "query '${case[1]}'")
        }
        for (case in rows("clipboard")) {
            val clearAt = gateway.clipboardClearAt(case[1].toLong(), optional(case[2])?.toLong(), case[3].toInt())
            assertEquals(case[4].toLong(), clearAt, case.joinToString(" "))
        }
        gateway.close()
    }
}
