//! Secrets given to a command (a key, an otpauth URI, a recovery code) without
//! putting them on the command line, where `/proc/PID/cmdline` shows them to
//! every local user and the shell keeps them in its history (docs/design.md §8):
//! the value `-` reads one line from standard input, and an omitted value is
//! asked for without echo when standard input is a terminal. A value given
//! in full still works, for scripts that accept the exposure.

use crate::failure::Failure;
use std::io::{BufRead, IsTerminal};
use zeroize::Zeroizing;

/// The longest line read from standard input: more than any otpauth URI
/// (the core caps those itself), small enough to hold in one buffer that is
/// never reallocated (a reallocation would leave a copy behind).
const MAX_LINE: usize = 16 * 1024;

/// The value that means "read it from standard input".
pub const FROM_STDIN: &str = "-";

/// One secret of a command.
pub struct SecretArg<'a> {
    /// The flag or argument it belongs to, for messages ("--key", "CODE").
    pub name: &'a str,
    /// What to ask for on a terminal ("Key shown by the site").
    pub prompt: &'a str,
}

impl SecretArg<'_> {
    /// The secret, from the argument itself, standard input (`-`) or a
    /// prompt without echo (value omitted, standard input a terminal).
    pub fn read(&self, given: Option<&str>) -> Result<Zeroizing<String>, Failure> {
        match given {
            Some(FROM_STDIN) => read_line(std::io::stdin().lock(), self.name),
            Some(value) => Ok(Zeroizing::new(value.to_string())),
            None if std::io::stdin().is_terminal() => {
                rpassword::prompt_password(format!("{} (not shown): ", self.prompt))
                    .map(Zeroizing::new)
                    .map_err(|e| Failure::other(format!("cannot read {}: {e}", self.name)))
            }
            None => Err(Failure::bad_input(format!(
                "{} needs a value: give `-` to read it from standard input",
                self.name
            ))),
        }
    }
}

/// One line of `input` without its line ending, in a wiped buffer.
fn read_line(input: impl BufRead, name: &str) -> Result<Zeroizing<String>, Failure> {
    let mut line = Zeroizing::new(Vec::with_capacity(MAX_LINE + 1));
    let limit = u64::try_from(MAX_LINE + 1).unwrap_or(u64::MAX);
    input
        .take(limit)
        .read_until(b'\n', &mut line)
        .map_err(|e| Failure::other(format!("cannot read {name} from standard input: {e}")))?;
    if line.is_empty() {
        return Err(Failure::bad_input(format!(
            "{name}: standard input is empty (expected the value on one line)"
        )));
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    } else if line.len() > MAX_LINE {
        return Err(Failure::bad_input(format!(
            "{name}: the line on standard input is longer than {MAX_LINE} bytes"
        )));
    }
    match String::from_utf8(std::mem::take(&mut *line)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(error) => {
            // Wipe the bytes the error hands back.
            drop(Zeroizing::new(error.into_bytes()));
            Err(Failure::bad_input(format!(
                "{name}: standard input is not UTF-8 text"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(input: &[u8]) -> Result<String, String> {
        read_line(input, "--key")
            .map(|s| s.to_string())
            .map_err(|f| f.message)
    }

    #[test]
    fn one_line_without_its_ending() {
        assert_eq!(line(b"JBSWY3DPEHPK3PXP\n").unwrap(), "JBSWY3DPEHPK3PXP");
        assert_eq!(line(b"JBSW Y3DP\r\nsecond line\n").unwrap(), "JBSW Y3DP");
        assert_eq!(
            line(b"no newline at the end").unwrap(),
            "no newline at the end"
        );
        assert_eq!(line(b"\n").unwrap(), "");
    }

    #[test]
    fn empty_long_and_binary_input_are_refused_without_echo() {
        assert!(line(b"").unwrap_err().contains("empty"));
        let long = vec![b'A'; MAX_LINE + 1];
        let error = line(&long).unwrap_err();
        assert!(error.contains("longer than"), "{error}");
        let mut exact = vec![b'A'; MAX_LINE];
        exact.push(b'\n');
        assert_eq!(line(&exact).unwrap().len(), MAX_LINE);
        let error = line(b"SECRET\xff\n").unwrap_err();
        assert!(
            error.contains("UTF-8") && !error.contains("SECRET"),
            "{error}"
        );
    }
}
