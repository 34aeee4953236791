package app.twofold.ui.desktop

import androidx.compose.ui.test.SemanticsNodeInteraction
import androidx.compose.ui.test.SemanticsNodeInteractionsProvider
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithText

/** The tests find nodes by the app's own texts (strings.xml), never by English typed here. */
fun t(name: String, vararg args: Any): String = appTexts.string(name, args.asList())

fun SemanticsNodeInteractionsProvider.text(name: String, vararg args: Any): SemanticsNodeInteraction =
    // The text's own node: a click lands on it inside its button, and a label merged into
    // a parent (a FAB's) is found too.
    onNodeWithText(t(name, *args), useUnmergedTree = true)

fun SemanticsNodeInteractionsProvider.label(name: String, vararg args: Any): SemanticsNodeInteraction =
    onNodeWithContentDescription(t(name, *args))

/** The text field whose label is the string [name]. */
fun SemanticsNodeInteractionsProvider.field(name: String): SemanticsNodeInteraction =
    onNode(hasSetTextAction() and hasText(t(name)))

/** The clickable element (button, row) whose merged text is the string [name]. */
fun SemanticsNodeInteractionsProvider.button(name: String, vararg args: Any): SemanticsNodeInteraction =
    onNode(hasClickAction() and hasText(t(name, *args)))
