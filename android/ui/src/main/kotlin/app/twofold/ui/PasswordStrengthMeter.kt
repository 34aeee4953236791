package app.twofold.ui

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
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
    val scoreText = string(passwordScoreText(strength.score))
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
            strength.weakness?.let { Text(string(passwordWeaknessText(it)), style = MaterialTheme.typography.bodySmall) }
        }
    }
}

@StringRes
fun passwordScoreText(score: Int): String = when (score.coerceIn(0, PasswordStrength.MAX_SCORE)) {
    0 -> "password_score_0"
    1 -> "password_score_1"
    2 -> "password_score_2"
    3 -> "password_score_3"
    else -> "password_score_4"
}

@StringRes
fun passwordWeaknessText(weakness: PasswordWeakness): String = when (weakness) {
    PasswordWeakness.EMPTY -> "password_weakness_empty"
    PasswordWeakness.TOO_SHORT -> "password_weakness_too_short"
    PasswordWeakness.TOP_TEN_PASSWORD -> "password_weakness_top_ten"
    PasswordWeakness.TOP_HUNDRED_PASSWORD -> "password_weakness_top_hundred"
    PasswordWeakness.COMMON_PASSWORD -> "password_weakness_common"
    PasswordWeakness.SIMILAR_TO_COMMON_PASSWORD -> "password_weakness_similar_to_common"
    PasswordWeakness.SINGLE_WORD -> "password_weakness_single_word"
    PasswordWeakness.STRAIGHT_ROW -> "password_weakness_straight_row"
    PasswordWeakness.KEYBOARD_PATTERN -> "password_weakness_keyboard_pattern"
    PasswordWeakness.REPEATED_CHARACTER -> "password_weakness_repeated_character"
    PasswordWeakness.REPEATED_GROUP -> "password_weakness_repeated_group"
    PasswordWeakness.SEQUENCE -> "password_weakness_sequence"
    PasswordWeakness.RECENT_YEAR -> "password_weakness_recent_year"
    PasswordWeakness.DATE -> "password_weakness_date"
}
