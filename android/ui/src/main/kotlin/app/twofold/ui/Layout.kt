package app.twofold.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.layout.wrapContentWidth
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp

/** The widest a screen's content gets: on a tablet, in landscape or a desktop window it is centred. */
private val MAX_CONTENT_WIDTH = 640.dp

/**
 * Keeps content at a readable width, centred, in a wide window (the 840 dp
 * screenshots showed a code 800 dp away from its countdown).
 */
fun Modifier.readableWidth(): Modifier =
    fillMaxWidth().wrapContentWidth(Alignment.CenterHorizontally).widthIn(max = MAX_CONTENT_WIDTH)
