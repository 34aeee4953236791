package app.twofold.presentation

/** Countdown and display rules shared by the codes list and the enrollment's code screen. */
object CodeFormat {
    /** A grouped code (the core's [OtpCode.grouped]) hidden behind dots, its groups kept: "••• •••". */
    fun masked(grouped: String): String = grouped.map { if (it == ' ') ' ' else '•' }.joinToString("")

    /** Whole seconds left before [validUntil], rounded up (so "1 s" shows until the last instant). */
    fun secondsLeft(validUntil: Long?, nowMillis: Long): Int? {
        if (validUntil == null) return null
        val left = validUntil * 1000 - nowMillis
        return if (left <= 0) 0 else ((left + 999) / 1000).toInt()
    }

    /** Fraction of the code's lifetime still left, 1.0 → 0.0, for the countdown ring. */
    fun remainingFraction(code: OtpCode, nowMillis: Long): Float {
        val until = code.validUntil ?: return 1f
        val total = (until - code.validFrom) * 1000
        if (total <= 0) return 0f
        val left = until * 1000 - nowMillis
        return (left.toFloat() / total).coerceIn(0f, 1f)
    }

    /** The last few seconds, when the UI warns the code is about to change. */
    const val EXPIRING_SOON_SECONDS = 5

    /** A code for TalkBack: its characters one by one ("0 1 2"), so it is read as digits, not a number. */
    fun spelled(value: String): String = value.toCharArray().joinToString(" ")
}
