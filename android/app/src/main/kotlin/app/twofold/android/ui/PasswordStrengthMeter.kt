package app.twofold.android.ui

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import app.twofold.android.R
import app.twofold.presentation.PasswordStrength
import app.twofold.presentation.PasswordWeakness

/**
 * The core's estimate of a new password, as it is typed: a bar for the score,
 * the score's word, and why it is weak. Nothing is decided here: the score,
 * the reason and whether it is enough all come from the core.
 */
@Composable
fun PasswordStrengthMeter(strength: PasswordStrength?, modifier: Modifier = Modifier) {
    if (strength == null) return
    val scoreText = stringResource(passwordScoreText(strength.score))
    val color = if (strength.acceptable) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.error
    Column(modifier.fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(4.dp)) {
        LinearProgressIndicator(
            progress = { (strength.score + 1f) / (PasswordStrength.MAX_SCORE + 1f) },
            color = color,
            modifier = Modifier.fillMaxWidth().semantics { contentDescription = scoreText },
        )
        // Polite: re-announced as the estimate changes, without interrupting typing.
        Column(Modifier.semantics(mergeDescendants = true) { liveRegion = LiveRegionMode.Polite }) {
            Text(scoreText, style = MaterialTheme.typography.labelLarge, color = color)
            // Whether it is enough is the screen's problem text (the same key as a refusal by the core).
            strength.weakness?.let { Text(stringResource(passwordWeaknessText(it)), style = MaterialTheme.typography.bodySmall) }
        }
    }
}

@StringRes
fun passwordScoreText(score: Int): Int = when (score.coerceIn(0, PasswordStrength.MAX_SCORE)) {
    0 -> R.string.password_score_0
    1 -> R.string.password_score_1
    2 -> R.string.password_score_2
    3 -> R.string.password_score_3
    else -> R.string.password_score_4
}

@StringRes
fun passwordWeaknessText(weakness: PasswordWeakness): Int = when (weakness) {
    PasswordWeakness.EMPTY -> R.string.password_weakness_empty
    PasswordWeakness.TOO_SHORT -> R.string.password_weakness_too_short
    PasswordWeakness.TOP_TEN_PASSWORD -> R.string.password_weakness_top_ten
    PasswordWeakness.TOP_HUNDRED_PASSWORD -> R.string.password_weakness_top_hundred
    PasswordWeakness.COMMON_PASSWORD -> R.string.password_weakness_common
    PasswordWeakness.SIMILAR_TO_COMMON_PASSWORD -> R.string.password_weakness_similar_to_common
    PasswordWeakness.SINGLE_WORD -> R.string.password_weakness_single_word
    PasswordWeakness.STRAIGHT_ROW -> R.string.password_weakness_straight_row
    PasswordWeakness.KEYBOARD_PATTERN -> R.string.password_weakness_keyboard_pattern
    PasswordWeakness.REPEATED_CHARACTER -> R.string.password_weakness_repeated_character
    PasswordWeakness.REPEATED_GROUP -> R.string.password_weakness_repeated_group
    PasswordWeakness.SEQUENCE -> R.string.password_weakness_sequence
    PasswordWeakness.RECENT_YEAR -> R.string.password_weakness_recent_year
    PasswordWeakness.DATE -> R.string.password_weakness_date
}
