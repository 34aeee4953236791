package app.twofold.ui

import androidx.compose.foundation.ExperimentalFoundationApi
import androidx.compose.foundation.combinedClickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.itemsIndexed
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.Clear
import androidx.compose.material.icons.filled.Delete
import androidx.compose.material.icons.filled.Edit
import androidx.compose.material.icons.filled.KeyboardArrowDown
import androidx.compose.material.icons.filled.KeyboardArrowUp
import androidx.compose.material.icons.filled.Lock
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ExtendedFloatingActionButton
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import app.twofold.presentation.BackupReminder
import app.twofold.ui.enroll.spokenCodeText
import androidx.compose.material3.SnackbarDuration
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.SnackbarResult
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.CustomAccessibilityAction
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.customActions
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import app.twofold.presentation.codes.ClipboardCopy
import app.twofold.presentation.codes.CodeRow
import app.twofold.presentation.codes.CodesListModel
import app.twofold.presentation.codes.CodesListState

/** The codes list: search, countdown rings, tap to copy, HOTP next code, rename, delete with undo, reorder. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun CodesScreen(
    state: CodesListState,
    model: CodesListModel,
    now: () -> Long,
    onCopy: (ClipboardCopy) -> Unit,
    onAdd: () -> Unit,
    onSettings: () -> Unit,
    onLock: () -> Unit,
    /** The backup banner's action: Settings → Export. */
    onBackUp: () -> Unit,
) {
    val snackbar = remember { SnackbarHostState() }
    var renaming by remember { mutableStateOf<CodeRow?>(null) }
    val copiedText = string("codes_copied")
    val deletedText = state.undo?.let { string("codes_deleted", it.label) }
    val undoText = string("action_undo")

    // Android 13+ confirms every copy itself (the system clipboard overlay); a snackbar would say it twice.
    // https://developer.android.com/develop/ui/views/touch-and-input/copy-paste#duplicate-notifications
    val systemConfirmsCopy = LocalPlatform.current.systemConfirmsCopy
    LaunchedEffect(state.clipboard?.accountId, state.clipboard?.clearAtMillis) {
        if (state.clipboard != null && !systemConfirmsCopy) {
            snackbar.showSnackbar(copiedText, duration = SnackbarDuration.Short)
        }
    }
    LaunchedEffect(state.undo) {
        if (state.undo != null && deletedText != null) {
            val result = snackbar.showSnackbar(deletedText, actionLabel = undoText, duration = SnackbarDuration.Long)
            if (result == SnackbarResult.ActionPerformed) model.undoDelete(now()) else model.undoDismissed()
        }
    }
    LaunchedEffect(state.error) {
        state.error?.let {
            snackbar.showSnackbar(it)
            model.errorShown()
        }
    }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(string(if (state.reordering) "codes_reorder_title" else "app_name")) },
                actions = {
                    if (state.reordering) {
                        IconButton(onClick = { model.finishReorder(now()) }) {
                            Icon(Icons.Filled.Check, contentDescription = string("action_done_reordering"))
                        }
                    } else {
                        if (state.canReorder) {
                            TextButton(onClick = model::startReorder) { Text(string("action_reorder")) }
                        }
                        IconButton(onClick = onLock) {
                            Icon(Icons.Filled.Lock, contentDescription = string("action_lock"))
                        }
                        IconButton(onClick = onSettings) {
                            Icon(Icons.Filled.Settings, contentDescription = string("action_settings"))
                        }
                    }
                },
            )
        },
        floatingActionButton = {
            if (!state.reordering) {
                // Material's extended FAB hides its text from accessibility services (it
                // clears the label's semantics): the icon carries the label instead.
                val addLabel = string("action_add_account")
                ExtendedFloatingActionButton(
                    onClick = onAdd,
                    icon = { Icon(Icons.Filled.Add, contentDescription = addLabel) },
                    text = { Text(addLabel) },
                )
            }
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        Column(Modifier.padding(padding).fillMaxSize().readableWidth()) {
            if (state.unreadable > 0) {
                Card(
                    colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer),
                    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
                ) {
                    Text(
                        plural("codes_unreadable", state.unreadable, state.unreadable),
                        Modifier.padding(12.dp),
                        color = MaterialTheme.colorScheme.onErrorContainer,
                    )
                }
            }
            BackupBanner(state.backupReminder, now = now, onBackUp = onBackUp)
            if (!state.isEmpty && !state.reordering) {
                OutlinedTextField(
                    value = state.query,
                    onValueChange = model::search,
                    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
                    singleLine = true,
                    label = { Text(string("codes_search")) },
                    trailingIcon = {
                        if (state.query.isNotEmpty()) {
                            IconButton(onClick = { model.search("") }) {
                                Icon(Icons.Filled.Clear, contentDescription = string("action_clear_search"))
                            }
                        }
                    },
                )
            }
            when {
                state.isEmpty -> EmptyState(string("codes_empty_title"), string("codes_empty_body"))
                state.noMatches -> EmptyState(string("codes_no_matches"), null)
                else -> LazyColumn(contentPadding = PaddingValues(bottom = 96.dp)) {
                    itemsIndexed(state.rows, key = { _, row -> row.id }) { index, row ->
                        CodeRowItem(
                            row = row,
                            reordering = state.reordering,
                            isFirst = index == 0,
                            isLast = index == state.rows.lastIndex,
                            onTap = { model.tap(row.id, now())?.let(onCopy) },
                            onNextHotp = { model.nextHotp(row.id, now()) },
                            onRename = { renaming = row },
                            onDelete = { model.delete(row.id, now()) },
                            onMoveUp = { model.move(index, index - 1) },
                            onMoveDown = { model.move(index, index + 1) },
                        )
                        HorizontalDivider()
                    }
                }
            }
        }
    }

    renaming?.let { row ->
        RenameDialog(
            row = row,
            onDismiss = { renaming = null },
            onSave = { issuer, name ->
                model.rename(row.id, issuer, name, now())
                renaming = null
            },
        )
    }
}

@Composable
private fun EmptyState(title: String, body: String?) {
    Column(
        Modifier.fillMaxSize().padding(32.dp),
        verticalArrangement = Arrangement.Center,
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        Text(title, style = MaterialTheme.typography.titleMedium)
        body?.let {
            Spacer(Modifier.padding(4.dp))
            Text(it, style = MaterialTheme.typography.bodyMedium)
        }
    }
}

@OptIn(ExperimentalFoundationApi::class)
@Composable
private fun CodeRowItem(
    row: CodeRow,
    reordering: Boolean,
    isFirst: Boolean,
    isLast: Boolean,
    onTap: () -> Unit,
    onNextHotp: () -> Unit,
    onRename: () -> Unit,
    onDelete: () -> Unit,
    onMoveUp: () -> Unit,
    onMoveDown: () -> Unit,
) {
    var menu by remember { mutableStateOf(false) }
    val copyLabel = string("action_copy_code")
    val renameLabel = string("action_rename")
    val deleteLabel = string("action_delete")
    val title = row.title.ifEmpty { string("codes_unnamed") }
    val codePart = when {
        row.spokenCode != null -> row.spokenCode?.let { spokenCodeText(it, row.secondsLeft) }.orEmpty()
        row.hidden -> string("codes_spoken_hidden")
        row.isHotp -> string("codes_spoken_no_hotp_code")
        else -> string("codes_spoken_unavailable")
    }
    val description = listOfNotNull(title, row.subtitle).joinToString(", ") + ". " + codePart +
        if (row.copied) ". " + string("codes_copied") else ""
    Row(
        modifier = Modifier
            .fillMaxWidth()
            .combinedClickable(
                enabled = !reordering,
                onClickLabel = copyLabel,
                onClick = onTap,
                onLongClick = { menu = true },
            )
            .clearAndSetSemantics {
                contentDescription = description
                customActions = listOf(
                    CustomAccessibilityAction(renameLabel) { onRename(); true },
                    CustomAccessibilityAction(deleteLabel) { onDelete(); true },
                )
            }
            .padding(horizontal = 16.dp, vertical = 12.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Column(Modifier.weight(1f)) {
            Text(title, style = MaterialTheme.typography.titleMedium, maxLines = 1, overflow = TextOverflow.Ellipsis)
            row.subtitle?.let {
                Text(it, style = MaterialTheme.typography.bodySmall, maxLines = 1, overflow = TextOverflow.Ellipsis)
            }
            // The code stays visible while it is on the clipboard (the user may need to read it
            // again for 30 s); a small mark says it was copied.
            Row(verticalAlignment = Alignment.CenterVertically) {
                Text(
                    text = row.displayCode,
                    style = MaterialTheme.typography.headlineMedium.copy(fontFamily = FontFamily.Monospace),
                    color = if (row.expiringSoon) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.primary,
                    modifier = Modifier.clearAndSetSemantics { },
                )
                if (row.copied) {
                    Spacer(Modifier.width(8.dp))
                    Icon(Icons.Filled.Check, contentDescription = null, tint = MaterialTheme.colorScheme.primary)
                    Text(string("codes_copied"), style = MaterialTheme.typography.labelMedium)
                }
            }
        }
        Spacer(Modifier.width(12.dp))
        when {
            reordering -> Row {
                IconButton(onClick = onMoveUp, enabled = !isFirst) {
                    Icon(Icons.Filled.KeyboardArrowUp, contentDescription = string("action_move_up", row.title))
                }
                IconButton(onClick = onMoveDown, enabled = !isLast) {
                    Icon(Icons.Filled.KeyboardArrowDown, contentDescription = string("action_move_down", row.title))
                }
            }
            row.isHotp -> IconButton(onClick = onNextHotp) {
                Icon(Icons.Filled.Refresh, contentDescription = string("action_next_code", row.title))
            }
            row.secondsLeft != null -> CountdownRing(row.remaining, row.secondsLeft ?: 0, row.expiringSoon)
        }
        Box {
            DropdownMenu(expanded = menu, onDismissRequest = { menu = false }) {
                DropdownMenuItem(
                    text = { Text(renameLabel) },
                    leadingIcon = { Icon(Icons.Filled.Edit, contentDescription = null) },
                    onClick = { menu = false; onRename() },
                )
                DropdownMenuItem(
                    text = { Text(deleteLabel) },
                    leadingIcon = { Icon(Icons.Filled.Delete, contentDescription = null) },
                    onClick = { menu = false; onDelete() },
                )
            }
        }
    }
}

@Composable
private fun RenameDialog(row: CodeRow, onDismiss: () -> Unit, onSave: (issuer: String?, name: String) -> Unit) {
    var issuer by rememberSaveable { mutableStateOf(row.issuer.orEmpty()) }
    var name by rememberSaveable { mutableStateOf(row.name) }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(string("action_rename")) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(issuer, { issuer = it }, label = { Text(string("field_issuer")) }, singleLine = true)
                OutlinedTextField(name, { name = it }, label = { Text(string("field_account_name")) }, singleLine = true)
            }
        },
        confirmButton = {
            TextButton(onClick = { onSave(issuer.ifBlank { null }, name) }, enabled = name.isNotBlank()) {
                Text(string("action_save"))
            }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text(string("action_cancel")) } },
    )
}

/** The core's backup reminder, above the list. */
@Composable
private fun BackupBanner(reminder: BackupReminder, now: () -> Long, onBackUp: () -> Unit) {
    val text = when (reminder) {
        BackupReminder.UpToDate -> return
        is BackupReminder.NeverBackedUp ->
            plural("backup_never", reminder.accounts, reminder.accounts)
        is BackupReminder.ChangesNotBackedUp -> plural(
            "backup_changes",
            reminder.changes,
            reminder.changes,
            LocalPlatform.current.relativeTime(reminder.lastBackupAtSeconds * 1000, now()),
        )
    }
    Card(modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp)) {
        Column(Modifier.padding(12.dp)) {
            Text(text)
            TextButton(onClick = onBackUp) { Text(string("backup_now")) }
        }
    }
}
