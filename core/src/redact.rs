//! Echoing a misplaced value in an error without leaking it. A value that
//! lands in the wrong field (a key pasted into "digits", a URI with its
//! parameters shuffled) may be a secret, so a message shows only a short
//! excerpt of any field value: enough to recognise a typo, never a key.

use std::fmt;

/// Values of at most this many characters are shown whole: typos such as
/// "MD5", "sha-1" or "five". No usable key is this short.
pub const SHOWN_WHOLE_CHARS: usize = 5;
/// Of a longer value, only this many leading characters are shown.
pub const SHOWN_PREFIX_CHARS: usize = 3;

/// A masked excerpt of a field value: `'MD5'`, or `'JBS…' (32 characters)`.
/// The only way to build one is [`Excerpt::of`], so an error that holds an
/// `Excerpt` cannot hold the whole value.
#[derive(Clone, PartialEq, Eq)]
pub struct Excerpt {
    shown: String,
    /// Characters in the whole value, when it was cut.
    cut_from: Option<usize>,
}

impl Excerpt {
    /// The excerpt of `value`. Control characters are dropped so that a
    /// message stays on one line.
    pub fn of(value: &str) -> Excerpt {
        let length = value.chars().count();
        let visible = value.chars().filter(|c| !c.is_control());
        if length <= SHOWN_WHOLE_CHARS {
            Excerpt {
                shown: visible.collect(),
                cut_from: None,
            }
        } else {
            Excerpt {
                shown: visible.take(SHOWN_PREFIX_CHARS).collect(),
                cut_from: Some(length),
            }
        }
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cut_from {
            None => write!(f, "'{}'", self.shown),
            Some(length) => write!(f, "'{}…' ({length} characters)", self.shown),
        }
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Excerpt({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_shown_whole() {
        assert_eq!(Excerpt::of("MD5").to_string(), "'MD5'");
        assert_eq!(Excerpt::of("sha-1").to_string(), "'sha-1'");
        assert_eq!(Excerpt::of("").to_string(), "''");
    }

    #[test]
    fn long_values_show_three_characters_and_the_length() {
        let shown = Excerpt::of("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ").to_string();
        assert_eq!(shown, "'HXD…' (32 characters)");
        // Characters, not bytes.
        assert_eq!(Excerpt::of("ééééééé").to_string(), "'ééé…' (7 characters)");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(Excerpt::of("a\nb").to_string(), "'ab'");
        assert_eq!(
            Excerpt::of("\n\n\nabcdef").to_string(),
            "'abc…' (9 characters)"
        );
    }

    #[test]
    fn debug_is_the_excerpt_too() {
        assert_eq!(
            format!("{:?}", Excerpt::of("JBSWY3DPEHPK3PXP")),
            "Excerpt('JBS…' (16 characters))"
        );
    }
}
