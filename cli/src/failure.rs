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
/// output pass through untouched). clap quotes what the user typed, and a
/// key or recovery code typed in the wrong place would be repeated on the
/// terminal and in logs: every typed word that is not one of our own names
/// is masked (exit 2 as for any bad input).
pub fn report_usage_error(error: clap::Error, command: &clap::Command) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        _ => {
            let typed: Vec<String> = std::env::args_os()
                .skip(1)
                .map(|arg| arg.to_string_lossy().into_owned())
                .collect();
            Failure::bad_input(usage_message(&error, command, &typed)).report()
        }
    }
}

/// The first line of clap's message with the typed words masked, and clap's
/// suggestion (always one of our names) if it made one.
fn usage_message(error: &clap::Error, command: &clap::Command, typed: &[String]) -> String {
    use clap::error::{ContextKind, ContextValue};
    let rendered = error.render().to_string();
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
    let message = mask_typed_words(&message, command, typed);
    let suggestion = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .find_map(|kind| match error.get(kind) {
            Some(ContextValue::String(name)) => Some(name.clone()),
            Some(ContextValue::Strings(names)) => names.first().cloned(),
            _ => None,
        })
        .map(|name| format!("; did you mean '{name}'?"))
        .unwrap_or_default();
    format!("{message}{suggestion} (see twofold --help)")
}

/// `message` with every typed word that might be a secret replaced by `…`.
/// If one still shows after that (unquoted), nothing of clap's message is kept.
fn mask_typed_words(message: &str, command: &clap::Command, typed: &[String]) -> String {
    let mut names = Vec::new();
    collect_names(command, &mut names);
    let mut secret_like: Vec<&str> = typed
        .iter()
        .flat_map(|word| word.splitn(2, '='))
        .filter(|word| !word.is_empty() && !names.iter().any(|n| n == word))
        .filter(|word| !looks_like_a_flag(word))
        .collect();
    // Longest first, so a word inside another is not masked half-way.
    secret_like.sort_by_key(|word| std::cmp::Reverse(word.len()));
    let mut masked = message.to_string();
    for word in &secret_like {
        masked = masked.replace(&format!("'{word}'"), "'…'");
    }
    let still_shown = secret_like
        .iter()
        .any(|word| word.len() >= 3 && masked.contains(word));
    if still_shown {
        "invalid arguments (not repeated here: they may hold a secret)".to_string()
    } else {
        masked
    }
}

/// A misspelt long option (`--kye`): worth repeating, and no secret.
fn looks_like_a_flag(word: &str) -> bool {
    word.strip_prefix("--").is_some_and(|name| {
        (1..=20).contains(&name.len()) && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
    })
}

/// Every subcommand, option and possible value `command` defines.
fn collect_names(command: &clap::Command, names: &mut Vec<String>) {
    names.push(command.get_name().to_string());
    names.extend(command.get_all_aliases().map(str::to_string));
    for arg in command.get_arguments() {
        names.extend(arg.get_long().map(|long| format!("--{long}")));
        names.extend(arg.get_short().map(|short| format!("-{short}")));
        names.extend(
            arg.get_possible_values()
                .iter()
                .map(|value| value.get_name().to_string()),
        );
    }
    for sub in command.get_subcommands() {
        collect_names(sub, names);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command() -> clap::Command {
        clap::Command::new("twofold").subcommand(
            clap::Command::new("code")
                .arg(clap::Arg::new("key").long("key"))
                .arg(
                    clap::Arg::new("digits")
                        .long("digits")
                        .value_parser(clap::value_parser!(u8)),
                ),
        )
    }

    fn message(args: &[&str]) -> String {
        let mut argv = vec!["twofold"];
        argv.extend(args);
        let error = command().try_get_matches_from(&argv).unwrap_err();
        let typed: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        usage_message(&error, &command(), &typed)
    }

    #[test]
    fn a_stray_or_misplaced_secret_is_not_repeated() {
        const KEY: &str = "JBSWY3DPEHPK3PXP";
        for args in [
            vec!["code", "--key", "x", KEY],
            vec![KEY],
            vec!["code", "--digits", KEY],
            vec!["code", "--digits=JBSWY3DPEHPK3PXP"],
        ] {
            let text = message(&args);
            assert!(!text.contains(KEY), "{args:?}: {text}");
            assert!(!text.contains('\n'), "{text}");
        }
        assert!(message(&["code", "--digits", KEY]).contains("--digits"));
    }

    #[test]
    fn our_own_names_and_misspelt_flags_are_still_named() {
        let text = message(&["code", "--kye", "x"]);
        assert!(text.contains("'--kye'"), "{text}");
        let text = message(&["code", "--digit", "8"]);
        assert!(text.contains("did you mean '--digits'"), "{text}");
        let text = message(&["cod"]);
        assert!(text.contains("did you mean 'code'"), "{text}");
    }
}
