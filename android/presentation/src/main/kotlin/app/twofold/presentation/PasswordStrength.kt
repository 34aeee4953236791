package app.twofold.presentation

/**
 * Why a password is easy to guess: the core's reasons one to one
 * (bindings/src/password.rs). A key, never a sentence: the app words each
 * case in its own resources.
 */
enum class PasswordWeakness {
    EMPTY,

    /** Nothing to blame but length: suggest another word or two. */
    TOO_SHORT,
    TOP_TEN_PASSWORD,
    TOP_HUNDRED_PASSWORD,
    COMMON_PASSWORD,
    SIMILAR_TO_COMMON_PASSWORD,

    /** A single dictionary word (or a reversed or l33t one). */
    SINGLE_WORD,

    /** A straight row of keys ("qwerty"). */
    STRAIGHT_ROW,

    /** A short keyboard pattern with few turns. */
    KEYBOARD_PATTERN,

    /** One character repeated ("aaa"). */
    REPEATED_CHARACTER,

    /** A group repeated ("abcabc"). */
    REPEATED_GROUP,

    /** A sequence ("abc", "6543"). */
    SEQUENCE,
    RECENT_YEAR,
    DATE,
}

/**
 * The core's estimate for a password being chosen. [acceptable] is the core's
 * floor: the calls that protect something new with a password refuse it
 * otherwise ([CoreException.Kind.WEAK_PASSWORD]). Holds nothing of the
 * password itself.
 */
data class PasswordStrength(
    /** 0 (guessed at once) to [MAX_SCORE]. */
    val score: Int,
    /** Estimated guesses an attacker needs, as a power of ten. */
    val guessesLog10: Double,
    /** The main reason it is weak, if there is one to name. */
    val weakness: PasswordWeakness?,
    val acceptable: Boolean,
) {
    companion object {
        const val MAX_SCORE = 4
    }
}
