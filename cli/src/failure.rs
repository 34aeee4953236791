//! How the CLI fails: one line on stderr, exit 2 for bad input, 1 otherwise.

use std::process::ExitCode;

/// A failure to report to the user.
#[derive(Debug)]
pub struct Failure {
    pub bad_input: bool,
    pub message: String,
}

impl Failure {
    /// The user gave something unusable (exit 2).
    pub fn bad_input(message: impl ToString) -> Self {
        Failure {
            bad_input: true,
            message: message.to_string(),
        }
    }

    /// Something else went wrong (exit 1).
    pub fn other(message: impl ToString) -> Self {
        Failure {
            bad_input: false,
            message: message.to_string(),
        }
    }

    pub fn internal() -> Self {
        Failure::other("internal error (this is a bug)")
    }

    pub fn report(self) -> ExitCode {
        // Keep it to one line whatever the message holds.
        let line = self.message.replace(['\n', '\r'], " ");
        eprintln!("twofold: {line}");
        ExitCode::from(if self.bad_input { 2 } else { 1 })
    }
}

impl From<twofold_core::Error> for Failure {
    fn from(error: twofold_core::Error) -> Self {
        Failure::bad_input(error)
    }
}

/// clap's own errors are several lines; keep the first (help and version
/// output pass through untouched).
pub fn report_usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        _ => {
            let rendered = error.to_string();
            let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut message = lines
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ")
                .to_string();
            // "the following required arguments were not provided:" names them on the next line.
            if message.ends_with(':') {
                if let Some(next) = lines.next() {
                    message = format!("{message} {next}");
                }
            }
            Failure::bad_input(format!("{message} (see twofold --help)")).report()
        }
    }
}
