//! How many guesses an attacker needs for a password, the way attackers
//! guess: common passwords first, then words, keyboard walks, repeats,
//! sequences, years and dates, and plain brute force for the rest. The
//! password is cut into the pieces that are cheapest to guess (dynamic
//! programming over every split); pieces multiply, and the number of pieces
//! costs a factorial (an attacker also has to guess the order of the
//! patterns). The model follows zxcvbn's ideas with a much smaller footprint:
//! a short list of common passwords instead of large dictionaries, and a
//! pronounceability test standing in for a word list. Every working copy of
//! the password is wiped.

use super::common::rank_of;
use zeroize::Zeroizing;

/// Characters looked at: enough for any pattern to be seen, bounded cost.
pub const MAX_CHARS: usize = 100;

/// What a piece of the password is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// A listed common password, by rank (0 is the most common).
    Common {
        rank: usize,
    },
    /// Letters that read like one or more words.
    Word,
    /// A walk over neighbouring keys; `turns` counts changes of direction.
    KeyboardWalk {
        turns: u32,
    },
    /// One character repeated.
    RepeatedCharacter,
    /// A group of characters repeated.
    RepeatedGroup,
    /// Characters in steady steps ("abc", "6543", "aceg").
    Sequence,
    Year,
    Date,
    BruteForce,
}

/// The cheapest way to guess a password.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// log10 of the guesses needed.
    pub guesses_log10: f64,
    /// The pieces, in order, with their length in characters.
    pub pieces: Vec<(Pattern, usize)>,
}

/// The estimate for `password` (its first [`MAX_CHARS`] characters).
pub fn estimate(password: &str) -> Estimate {
    let chars: Zeroizing<Vec<char>> = Zeroizing::new(password.chars().take(MAX_CHARS).collect());
    estimate_chars(&chars, true)
}

fn estimate_chars(chars: &[char], look_for_repeats: bool) -> Estimate {
    let n = chars.len();
    if n == 0 {
        return Estimate {
            guesses_log10: 0.0,
            pieces: Vec::new(),
        };
    }
    // best[i][j]: cheapest single piece covering chars[i..j].
    let mut best = vec![vec![(f64::INFINITY, Pattern::BruteForce); n + 1]; n];
    for (i, row) in best.iter_mut().enumerate() {
        let mut brute = 0.0;
        for j in i + 1..=n {
            brute += brute_force_log10(chars[j - 1]);
            row[j] = cheapest_piece(&chars[i..j], brute, look_for_repeats);
        }
    }
    // cost[j][k]: cheapest guesses for chars[..j] in k pieces; from[j][k]: where the last piece starts.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; n + 1];
    let mut from = vec![vec![0usize; n + 1]; n + 1];
    cost[0][0] = 0.0;
    for j in 1..=n {
        for i in 0..j {
            let piece = best[i][j].0;
            for k in 0..=i {
                let total = cost[i][k] + piece;
                if total < cost[j][k + 1] {
                    cost[j][k + 1] = total;
                    from[j][k + 1] = i;
                }
            }
        }
    }
    let (pieces_count, guesses_log10) = (1..=n)
        .map(|k| (k, cost[n][k] + log10_factorial(k)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((1, 0.0));
    let mut pieces = Vec::with_capacity(pieces_count);
    let (mut j, mut k) = (n, pieces_count);
    while k > 0 {
        let i = from[j][k];
        pieces.push((best[i][j].1, j - i));
        j = i;
        k -= 1;
    }
    pieces.reverse();
    Estimate {
        guesses_log10,
        pieces,
    }
}

/// The cheapest pattern that explains all of `piece` (brute force costs `brute`).
fn cheapest_piece(piece: &[char], brute: f64, look_for_repeats: bool) -> (f64, Pattern) {
    let mut best = (brute, Pattern::BruteForce);
    let mut consider = |candidate: Option<(f64, Pattern)>| {
        if let Some(candidate) = candidate {
            if candidate.0 < best.0 {
                best = candidate;
            }
        }
    };
    consider(common(piece));
    consider(word(piece));
    consider(keyboard_walk(piece));
    consider(sequence(piece));
    consider(year_or_date(piece));
    if look_for_repeats {
        consider(repeat(piece));
    }
    best
}

fn brute_force_log10(c: char) -> f64 {
    let alphabet: f64 = if c.is_ascii_digit() {
        10.0
    } else if c.is_ascii_alphabetic() {
        26.0
    } else if c.is_ascii() {
        33.0
    } else {
        100.0
    };
    alphabet.log10()
}

fn log10_factorial(k: usize) -> f64 {
    (2..=k).map(|i| (i as f64).log10()).sum()
}

/// log10 of the number of ways to capitalise `piece` as it is.
fn case_variations_log10(piece: &[char]) -> f64 {
    let upper = piece.iter().filter(|c| c.is_uppercase()).count();
    let lower = piece.iter().filter(|c| c.is_lowercase()).count();
    let first_only = upper == 1 && piece.first().is_some_and(|c| c.is_uppercase());
    if upper == 0 {
        0.0
    } else if lower == 0 || first_only {
        // All capitals, or only the first letter: what everyone tries.
        2f64.log10()
    } else {
        // Any other mix: choose which letters are upper case.
        let letters = upper + lower;
        let fewer = upper.min(lower);
        (0..fewer)
            .map(|i| ((letters - i) as f64 / (i + 1) as f64).log10())
            .sum()
    }
}

/// The letter a l33t-speak character stands for ("p@ssw0rd").
fn unleet(c: char) -> Option<char> {
    Some(match c {
        '4' | '@' => 'a',
        '8' => 'b',
        '(' => 'c',
        '3' => 'e',
        '6' | '9' => 'g',
        '1' | '!' | '|' => 'i',
        '0' => 'o',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '2' => 'z',
        _ => return None,
    })
}

/// `piece` in lower case with l33t undone (`1` read as `one_as`), and how
/// many characters were l33t.
fn normalised(piece: &[char], one_as: char) -> (Zeroizing<String>, usize) {
    let mut text = Zeroizing::new(String::with_capacity(piece.len() * 4));
    let mut substituted = 0;
    for &c in piece {
        let letter = if c.is_alphabetic() {
            c.to_lowercase().next().unwrap_or(c)
        } else if c == '1' {
            substituted += 1;
            one_as
        } else if let Some(letter) = unleet(c) {
            substituted += 1;
            letter
        } else {
            c
        };
        text.push(letter);
    }
    (text, substituted)
}

/// A listed common password: as typed, capitalised, in l33t or reversed.
fn common(piece: &[char]) -> Option<(f64, Pattern)> {
    if piece.len() < 3 || piece.len() > super::common::LONGEST {
        return None;
    }
    let lower: Zeroizing<String> =
        Zeroizing::new(piece.iter().flat_map(|c| c.to_lowercase()).collect());
    let reversed: Zeroizing<String> = Zeroizing::new(lower.chars().rev().collect());
    let case = case_variations_log10(piece);
    let mut best: Option<(f64, Pattern)> = None;
    let mut consider = |text: &str, extra: f64| {
        if let Some(rank) = rank_of(text) {
            let guesses = ((rank + 1) as f64).log10() + case + extra;
            if best.is_none_or(|(g, _)| guesses < g) {
                best = Some((guesses, Pattern::Common { rank }));
            }
        }
    };
    consider(&lower, 0.0);
    consider(&reversed, 2f64.log10());
    for one_as in ['i', 'l'] {
        let (text, substituted) = normalised(piece, one_as);
        if substituted > 0 {
            // Each substitution could have been made or not.
            consider(&text, substituted as f64 * 2f64.log10());
        }
    }
    best
}

/// Letters that read like words. An attacker's dictionary holds about 10^5
/// words; shorter words are fewer. Longer runs are several words.
fn word(piece: &[char]) -> Option<(f64, Pattern)> {
    if piece.len() < 3 || !piece.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    let (text, _) = normalised(piece, 'i');
    if !pronounceable(&text) {
        return None;
    }
    let per_word = |len: usize| match len {
        0..=4 => 3.5,
        5 => 4.0,
        6 => 4.5,
        _ => 5.0,
    };
    let words = piece.len().div_ceil(8);
    let guesses = per_word(piece.len().min(8)) + 5.0 * (words - 1) as f64;
    Some((guesses + case_variations_log10(piece), Pattern::Word))
}

/// Has vowels, no long run of consonants or vowels: reads like language,
/// not like random letters.
fn pronounceable(text: &str) -> bool {
    let mut consonants = 0;
    let mut vowels = 0;
    let mut any_vowel = false;
    for c in text.chars() {
        if !c.is_ascii_lowercase() {
            return false;
        }
        if "aeiouy".contains(c) {
            any_vowel = true;
            vowels += 1;
            consonants = 0;
        } else {
            consonants += 1;
            vowels = 0;
        }
        if consonants > 4 || vowels > 3 {
            return false;
        }
    }
    any_vowel
}

/// Rows of a US keyboard, unshifted and shifted, with where each row's first
/// key sits (in key widths): keys on neighbouring rows touch when they overlap.
const ROWS: [(&str, &str, f64); 4] = [
    ("`1234567890-=", "~!@#$%^&*()_+", 0.0),
    ("qwertyuiop[]\\", "QWERTYUIOP{}|", 1.5),
    ("asdfghjkl;'", "ASDFGHJKL:\"", 1.75),
    ("zxcvbnm,./", "ZXCVBNM<>?", 2.25),
];

/// Row, position from the left edge, and whether shift is held.
fn key_position(c: char) -> Option<(i32, f64, bool)> {
    ROWS.iter()
        .enumerate()
        .find_map(|(row, (plain, shifted, offset))| {
            let column = |keys: &str| keys.chars().position(|k| k == c);
            let at = |col: usize| offset + col as f64;
            column(plain)
                .map(|col| (row as i32, at(col), false))
                .or_else(|| column(shifted).map(|col| (row as i32, at(col), true)))
        })
}

/// A walk where every key touches the previous one ("qwerty", "1qaz", "zxcvbn").
fn keyboard_walk(piece: &[char]) -> Option<(f64, Pattern)> {
    if piece.len() < 3 {
        return None;
    }
    // Stops at the first key that does not touch the last one: most pieces
    // are no walk, and this runs for every piece of every password typed.
    let mut previous = key_position(piece[0])?;
    let mut shifted = usize::from(previous.2);
    let mut turns = 0;
    let mut direction = None;
    for &c in &piece[1..] {
        let key = key_position(c)?;
        let (dr, dx) = (key.0 - previous.0, key.1 - previous.1);
        let touching = match dr.abs() {
            0 => (dx.abs() - 1.0).abs() < 1e-9,
            1 => dx.abs() < 1.0,
            _ => false,
        };
        if !touching {
            return None;
        }
        // Up or down a row and which way, or along the row and which way.
        let heading = (dr, dx > 0.0);
        if direction != Some(heading) {
            turns += 1;
            direction = Some(heading);
        }
        shifted += usize::from(key.2);
        previous = key;
    }
    // Shift held throughout is one more guess; shift here and there, one per key.
    let shift_log10 = match shifted {
        0 => 0.0,
        all if all == piece.len() => 2f64.log10(),
        _ => piece.len() as f64 * 2f64.log10(),
    };
    // Any of ~47 starting keys, about 4 neighbours at each turn, and the length.
    let guesses = 47f64.log10() + (piece.len() as f64).log10() + turns as f64 * 4f64.log10();
    Some((guesses + shift_log10, Pattern::KeyboardWalk { turns }))
}

/// Steady steps of 1 or 2 within one alphabet ("abcd", "9876", "aceg").
fn sequence(piece: &[char]) -> Option<(f64, Pattern)> {
    if piece.len() < 3 {
        return None;
    }
    let same_class = piece.iter().all(char::is_ascii_digit)
        || piece.iter().all(char::is_ascii_lowercase)
        || piece.iter().all(char::is_ascii_uppercase);
    if !same_class {
        return None;
    }
    let step = piece[1] as i32 - piece[0] as i32;
    if step == 0 || step.abs() > 2 {
        return None;
    }
    if !piece.windows(2).all(|w| w[1] as i32 - w[0] as i32 == step) {
        return None;
    }
    let obvious_start = matches!(piece[0], 'a' | 'A' | 'z' | 'Z' | '0' | '1' | '9');
    let start: f64 = if obvious_start {
        4.0
    } else if piece[0].is_ascii_digit() {
        10.0
    } else {
        26.0
    };
    let descending = if step < 0 { 2.0 } else { 1.0 };
    let guesses = start * descending * piece.len() as f64 * step.unsigned_abs() as f64;
    Some((guesses.log10(), Pattern::Sequence))
}

/// A year from 1900 to 2039, or a date of day, month and year in any of
/// the usual orders, with or without separators.
fn year_or_date(piece: &[char]) -> Option<(f64, Pattern)> {
    // The longest date is "2024-12-31".
    if piece.len() > 10 {
        return None;
    }
    let digits: Zeroizing<String> =
        Zeroizing::new(piece.iter().filter(|c| c.is_ascii_digit()).collect());
    let separators = piece.len() - digits.len();
    let separator_ok = match separators {
        0 => true,
        2 => {
            let seps: Vec<char> = piece
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_digit())
                .collect();
            seps[0] == seps[1] && "/-. _".contains(seps[0])
        }
        _ => false,
    };
    if !separator_ok {
        return None;
    }
    if separators == 0 && digits.len() == 4 && is_year(&digits) {
        return Some((150f64.log10(), Pattern::Year));
    }
    if (4..=8).contains(&digits.len()) && is_date(&digits) {
        let separator_choice: f64 = if separators > 0 { 4.0 } else { 1.0 };
        return Some(((365.0 * 140.0 * separator_choice).log10(), Pattern::Date));
    }
    None
}

fn is_year(digits: &str) -> bool {
    digits
        .parse::<u32>()
        .is_ok_and(|y| (1900..=2039).contains(&y))
}

/// Day, month and a two- or four-digit year in one of the usual orders.
fn is_date(digits: &str) -> bool {
    let n = digits.len();
    let number =
        |range: std::ops::Range<usize>| digits.get(range).and_then(|s| s.parse::<u32>().ok());
    let day_month = |a: Option<u32>, b: Option<u32>| {
        matches!((a, b), (Some(d), Some(m)) if (1..=31).contains(&d) && (1..=12).contains(&m))
            || matches!((a, b), (Some(m), Some(d)) if (1..=31).contains(&d) && (1..=12).contains(&m))
    };
    let year_ok = |y: &str| y.len() == 2 || is_year(y);
    // ddmm + yy/yyyy, or yy/yyyy + mmdd; day and month as two digits each.
    [2, 4].iter().any(|&year_len| {
        n == 4 + year_len
            && ((year_ok(&digits[4..]) && day_month(number(0..2), number(2..4)))
                || (year_ok(&digits[..year_len])
                    && day_month(number(year_len..year_len + 2), number(year_len + 2..n))))
    })
}

/// A character or a group repeated ("aaaa", "abcabc", "1212").
fn repeat(piece: &[char]) -> Option<(f64, Pattern)> {
    let n = piece.len();
    (1..=n / 2)
        .filter(|len| n.is_multiple_of(*len))
        .find(|&len| piece.chunks(len).all(|chunk| chunk == &piece[..len]))
        .filter(|&len| n >= 3 || len > 1)
        .map(|len| {
            let times = (n / len) as f64;
            let base = estimate_chars(&piece[..len], false).guesses_log10;
            let pattern = if len == 1 {
                Pattern::RepeatedCharacter
            } else {
                Pattern::RepeatedGroup
            };
            (base + times.log10(), pattern)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guesses(password: &str) -> f64 {
        estimate(password).guesses_log10
    }

    fn single(password: &str) -> Pattern {
        let pieces = estimate(password).pieces;
        assert_eq!(pieces.len(), 1, "{password}: {pieces:?}");
        pieces[0].0
    }

    #[test]
    fn each_pattern_is_recognised() {
        assert!(matches!(
            single("password"),
            Pattern::Common { rank: 0..=9 }
        ));
        assert!(matches!(single("P@ssw0rd"), Pattern::Common { .. }));
        assert!(matches!(single("drowssap"), Pattern::Common { .. }));
        assert_eq!(single("kettle"), Pattern::Word);
        assert_eq!(single("sdfghjkl"), Pattern::KeyboardWalk { turns: 1 });
        assert_eq!(single("1qaz"), Pattern::KeyboardWalk { turns: 1 });
        assert_eq!(single("qazxsw"), Pattern::KeyboardWalk { turns: 3 });
        assert_eq!(single("aaaaaaa"), Pattern::RepeatedCharacter);
        assert_eq!(single("xkcdxkcdxkcd"), Pattern::RepeatedGroup);
        assert_eq!(single("abcdefg"), Pattern::Sequence);
        assert_eq!(single("97531"), Pattern::Sequence);
        assert_eq!(single("1987"), Pattern::Year);
        assert_eq!(single("24121987"), Pattern::Date);
        assert_eq!(single("1987-12-24"), Pattern::Date);
        assert_eq!(single("xq7#Lz!v"), Pattern::BruteForce);
    }

    #[test]
    fn patterns_are_cheaper_than_random_characters_of_the_same_length() {
        for (pattern, random) in [
            ("password", "xq7wlzvb"),
            ("qwertyui", "qhwmrtzp"),
            ("abcdefgh", "agdbhfce"),
            ("19871224", "58203917"),
            ("kettleravine", "kzvqtrxwpnmd"),
        ] {
            assert!(
                guesses(pattern) + 2.0 < guesses(random),
                "{pattern} vs {random}"
            );
        }
    }

    #[test]
    fn several_words_multiply() {
        let one = guesses("kettle");
        let four = guesses("kettle ravine amber plum");
        assert!(four > 3.0 * one, "{one} {four}");
        assert!(guesses("correct horse battery staple") > 15.0);
    }

    #[test]
    fn capitals_and_leet_add_little() {
        let plain = guesses("password");
        assert!(guesses("Password") - plain < 1.0);
        assert!(guesses("p4ssw0rd") - plain < 1.5);
        assert!(guesses("Password") > plain);
    }

    #[test]
    fn a_hundred_random_characters_take_little_time() {
        let typed: String = (0..100u32)
            .map(|i| char::from(b'!' + ((i * 37 + 11) % 94) as u8))
            .collect();
        let started = std::time::Instant::now();
        for _ in 0..5 {
            assert!(estimate(&typed).guesses_log10 > 50.0);
        }
        // Five estimates, unoptimised: one per keystroke stays well under that.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn only_the_first_hundred_characters_count() {
        let long: String = "x7#Lq9!b".repeat(100_000);
        let started = std::time::Instant::now();
        let estimate = estimate(&long);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(
            estimate.pieces.iter().map(|p| p.1).sum::<usize>(),
            MAX_CHARS
        );
    }
}
