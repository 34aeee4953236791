package app.twofold.presentation.codes

import app.twofold.presentation.AccountCode
import app.twofold.presentation.BackupReminder
import app.twofold.presentation.CodeFormat
import app.twofold.presentation.CodeKind
import app.twofold.presentation.CodesResult
import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.OtpCode
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update

/** One row of the codes list, ready to draw. */
data class CodeRow(
    val id: String,
    /** As stored (for the rename form). */
    val issuer: String?,
    val name: String,
    /** Issuer when known, else the account name; empty when both are (the app shows its "unnamed" text). */
    val title: String,
    /** The account name under the issuer; null when [title] already is the name. */
    val subtitle: String?,
    /** Grouped for reading ("123 456"); "••• •••" while hidden (tap to reveal). */
    val displayCode: String,
    val hidden: Boolean,
    val isHotp: Boolean,
    /** Whole seconds until the code changes; null for HOTP. */
    val secondsLeft: Int?,
    /** 1.0 → 0.0 over the code's lifetime, for the ring. */
    val remaining: Float,
    val expiringSoon: Boolean,
    /** This row's code is on the clipboard: the row keeps showing the code, with a "copied" mark. */
    val copied: Boolean,
    /** The code spelled for TalkBack ("1 2 3 4 5 6"); null while hidden or when there is none. */
    val spokenCode: String?,
)

/** A code placed on the clipboard, and when the app must clear it again. */
data class ClipboardCopy(val accountId: String, val value: String, val label: String, val clearAtMillis: Long) {
    override fun toString(): String = "ClipboardCopy(accountId=$accountId, value=<redacted>, clearAtMillis=$clearAtMillis)"
}

/** What the backup reminder needs from the app's settings. */
data class BackupStatus(val changesSinceBackup: Int, val lastBackupAtSeconds: Long?)

/** Undo offer after a delete. */
data class UndoDelete(val id: String, val label: String)

data class CodesListState(
    val rows: List<CodeRow> = emptyList(),
    val query: String = "",
    val totalAccounts: Int = 0,
    val reordering: Boolean = false,
    /** Reorder works on the whole list only, so it is off while searching. */
    val canReorder: Boolean = false,
    val clipboard: ClipboardCopy? = null,
    val undo: UndoDelete? = null,
    val error: String? = null,
    /** Stored accounts that failed authentication (tampered or damaged): a warning above the list when > 0. */
    val unreadable: Int = 0,
    /** The backup banner above the list (the core's rule). */
    val backupReminder: BackupReminder = BackupReminder.UpToDate,
) {
    /** Nothing saved yet: show the "Add your first account" empty state. */
    val isEmpty: Boolean get() = totalAccounts == 0

    /** Accounts exist but the search matches none. */
    val noMatches: Boolean get() = totalAccounts > 0 && rows.isEmpty()
}

/**
 * The codes list: codes refreshed exactly when one expires, countdowns from
 * `validUntil`, search, reorder, tap-to-copy with an auto-clear deadline, HOTP
 * "next code", delete with undo. The UI calls [tick] about once a second (or
 * every frame for a smooth ring); only expired codes cost a call to the core.
 */
class CodesListModel(
    private val core: CoreGateway,
    /** Seconds after which a copied code is cleared from the clipboard (a setting, read at each copy). */
    private val clipboardClearSeconds: () -> Int = { DEFAULT_CLIPBOARD_CLEAR_SECONDS },
    /** Codes show as dots until tapped (a setting, read at each refresh). */
    private val tapToReveal: () -> Boolean = { false },
    /** The change counter and last backup time the app keeps in its settings. */
    private val backupStatus: () -> BackupStatus = { BackupStatus(0, null) },
    /** An edit a backup would carry (rename, delete, restore): the app counts it. */
    private val onChanged: () -> Unit = {},
) {
    private val _state = MutableStateFlow(CodesListState())
    val state: StateFlow<CodesListState> = _state.asStateFlow()

    private var accounts: List<AccountCode> = emptyList()
    private var revealedId: String? = null
    private var reorderIds: List<String>? = null
    private var lastNowMillis: Long = 0

    /** Loads the accounts and their codes (after unlock, after an enrollment…). */
    fun load(nowMillis: Long) {
        lastNowMillis = nowMillis
        runCatchingCore { accept(core.codes(nowMillis / 1000)) }
        refreshBackupReminder(nowMillis)
        publish(nowMillis)
    }

    /** Recomputes the backup banner (after a load, an edit, a backup). */
    fun refreshBackupReminder(nowMillis: Long) {
        val status = backupStatus()
        val reminder = try {
            core.backupReminder(accounts.size, status.changesSinceBackup, status.lastBackupAtSeconds, nowMillis / 1000)
        } catch (_: CoreException) {
            BackupReminder.UpToDate
        }
        _state.update { it.copy(backupReminder = reminder) }
    }

    private fun accept(result: CodesResult) {
        // The vault lists HOTP accounts without a code (each one costs a counter
        // step): keep the code the user already generated until they ask again.
        val previous = accounts.associateBy { it.account.id }
        accounts = result.codes.map { entry ->
            val kept = previous[entry.account.id]?.code
            if (entry.code == null && entry.account.kind is CodeKind.Hotp && kept != null) entry.copy(code = kept) else entry
        }
        _state.update { it.copy(unreadable = result.unreadable) }
    }

    /**
     * Advances the countdowns; refreshes the codes only when one has expired.
     * Clears the copy state once its deadline has passed.
     */
    fun tick(nowMillis: Long) {
        lastNowMillis = nowMillis
        val nowSeconds = nowMillis / 1000
        val expired = accounts.any { entry ->
            val until = entry.code?.validUntil
            until != null && until <= nowSeconds
        }
        if (expired) runCatchingCore { accept(core.codes(nowSeconds)) }
        _state.update { state ->
            val clip = state.clipboard
            if (clip != null && nowMillis >= clip.clearAtMillis) state.copy(clipboard = null) else state
        }
        publish(nowMillis)
    }

    fun search(query: String) {
        _state.update { it.copy(query = query) }
        publish(lastNowMillis)
    }

    /**
     * A tap on a row. With tap-to-reveal, the first tap reveals; otherwise (and
     * on the second tap) the code is copied: the returned [ClipboardCopy] is what
     * the app puts on the clipboard (flagged sensitive) and clears at
     * [ClipboardCopy.clearAtMillis]. Null when there is nothing to copy.
     */
    fun tap(id: String, nowMillis: Long): ClipboardCopy? {
        if (_state.value.reordering) return null
        if (tapToReveal() && revealedId != id) {
            revealedId = id
            publish(nowMillis)
            return null
        }
        val entry = accounts.firstOrNull { it.account.id == id } ?: return null
        val code = entry.code ?: return null
        val copy = ClipboardCopy(
            accountId = id,
            value = code.value,
            label = entry.account.label,
            clearAtMillis = core.clipboardClearAt(nowMillis / 1000, code.validUntil, clipboardClearSeconds()) * 1000L,
        )
        _state.update { it.copy(clipboard = copy) }
        publish(nowMillis)
        return copy
    }

    /** The app cleared the clipboard (deadline reached, or the user copied something else). */
    fun clipboardCleared() {
        _state.update { it.copy(clipboard = null) }
        publish(lastNowMillis)
    }

    /** HOTP: the counter advances (and is saved) before the new code is shown. */
    fun nextHotp(id: String, nowMillis: Long) {
        runCatchingCore {
            val code = core.nextHotp(id, nowMillis / 1000)
            accounts = accounts.map { if (it.account.id == id) it.copy(code = code) else it }
        }
        publish(nowMillis)
    }

    fun startReorder() {
        if (!_state.value.canReorder) return
        reorderIds = accounts.map { it.account.id }
        revealedId = null
        _state.update { it.copy(reordering = true) }
        publish(lastNowMillis)
    }

    /** Moves the row at [from] to [to] (indices in the displayed, unfiltered list). */
    fun move(from: Int, to: Int) {
        val ids = reorderIds?.toMutableList() ?: return
        if (from !in ids.indices || to !in ids.indices || from == to) return
        ids.add(to, ids.removeAt(from))
        reorderIds = ids
        publish(lastNowMillis)
    }

    /** Saves the new order. */
    fun finishReorder(nowMillis: Long) {
        val ids = reorderIds ?: return
        reorderIds = null
        _state.update { it.copy(reordering = false) }
        val byId = accounts.associateBy { it.account.id }
        if (ids != accounts.map { it.account.id }) {
            val saved = runCatchingCore { core.reorder(ids, nowMillis / 1000) }
            if (saved) accounts = ids.mapNotNull(byId::get)
        }
        publish(nowMillis)
    }

    fun cancelReorder() {
        reorderIds = null
        _state.update { it.copy(reordering = false) }
        publish(lastNowMillis)
    }

    fun rename(id: String, issuer: String?, name: String, nowMillis: Long) {
        val cleanIssuer = issuer?.trim()?.takeIf { it.isNotEmpty() }
        if (runCatchingCore { core.rename(id, cleanIssuer, name.trim(), nowMillis / 1000) }) {
            onChanged()
            load(nowMillis)
        }
    }

    /** Moves to the trash and offers undo. */
    fun delete(id: String, nowMillis: Long) {
        val entry = accounts.firstOrNull { it.account.id == id } ?: return
        if (runCatchingCore { core.delete(id, nowMillis / 1000) }) {
            onChanged()
            accounts = accounts.filterNot { it.account.id == id }
            _state.update { state ->
                state.copy(
                    undo = UndoDelete(id, entry.account.label),
                    clipboard = state.clipboard?.takeUnless { it.accountId == id },
                )
            }
        }
        refreshBackupReminder(nowMillis)
        publish(nowMillis)
    }

    fun undoDelete(nowMillis: Long) {
        val undo = _state.value.undo ?: return
        _state.update { it.copy(undo = null) }
        if (runCatchingCore { core.restore(undo.id, nowMillis / 1000) }) {
            onChanged()
            load(nowMillis)
        } else {
            publish(nowMillis)
        }
    }

    fun undoDismissed() = _state.update { it.copy(undo = null) }

    fun errorShown() = _state.update { it.copy(error = null) }

    /** Locked: forget every code and label held in memory. */
    fun clear() {
        accounts = emptyList()
        reorderIds = null
        revealedId = null
        _state.value = CodesListState()
    }

    private fun publish(nowMillis: Long) {
        val state = _state.value
        val query = state.query.trim()
        val ordered = reorderIds?.let { ids ->
            val byId = accounts.associateBy { it.account.id }
            ids.mapNotNull(byId::get)
        } ?: accounts
        val visible = if (query.isEmpty()) ordered else ordered.filter { core.matchesSearch(query, it.account) }
        val rows = visible.map { row(it, nowMillis, state.clipboard) }
        _state.value = state.copy(
            rows = rows,
            totalAccounts = accounts.size,
            canReorder = query.isEmpty() && accounts.size > 1,
        )
    }

    private fun row(entry: AccountCode, nowMillis: Long, clipboard: ClipboardCopy?): CodeRow {
        val account = entry.account
        val code: OtpCode? = entry.code
        val title = titleOf(entry)
        val subtitle = if (account.issuer.isNullOrBlank()) null else account.name.takeIf { it.isNotBlank() }
        val hidden = tapToReveal() && revealedId != account.id
        val isHotp = account.kind is CodeKind.Hotp
        val secondsLeft = if (isHotp) null else CodeFormat.secondsLeft(code?.validUntil, nowMillis)
        val value = code?.value
        val display = when {
            code == null -> "—"
            hidden -> CodeFormat.masked(code.grouped)
            else -> code.grouped
        }
        val copied = clipboard?.accountId == account.id
        return CodeRow(
            id = account.id,
            issuer = account.issuer,
            name = account.name,
            title = title,
            subtitle = subtitle,
            displayCode = display,
            hidden = hidden,
            isHotp = isHotp,
            secondsLeft = secondsLeft,
            remaining = if (code == null || isHotp) 1f else CodeFormat.remainingFraction(code, nowMillis),
            expiringSoon = secondsLeft != null && secondsLeft <= CodeFormat.EXPIRING_SOON_SECONDS,
            copied = copied,
            spokenCode = value?.takeUnless { hidden }?.let(CodeFormat::spelled),
        )
    }

    private fun titleOf(entry: AccountCode): String =
        entry.account.issuer?.takeIf { it.isNotBlank() } ?: entry.account.name.trim()

    /** Runs a core call; a failure becomes the state's error message. Returns whether it succeeded. */
    private inline fun runCatchingCore(block: () -> Unit): Boolean = try {
        block()
        true
    } catch (e: CoreException) {
        _state.update { it.copy(error = e.message ?: "Something went wrong") }
        false
    }

    companion object {
        const val DEFAULT_CLIPBOARD_CLEAR_SECONDS = 30
    }
}
