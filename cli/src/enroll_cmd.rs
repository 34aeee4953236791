//! `twofold enroll`: the seed's enrollment flow in the terminal, driving the
//! same core state machine the apps render. Reads answers line by line from
//! standard input, so it also works piped (tests use that).

use crate::failure::Failure;
use crate::session::now;
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use twofold_core::display;
use twofold_core::enroll::{DuplicateChoice, Enrollment, Method, ScanHint, Step};
use twofold_core::key::ManualEntry;
use twofold_core::scan;
use twofold_core::vault::Vault;
use twofold_core::Error;

/// Runs the flow until done or cancelled.
pub fn run(vault: Vault) -> Result<ExitCode, Failure> {
    let stdin = std::io::stdin();
    let mut terminal = Terminal {
        input: stdin.lock(),
        output: std::io::stdout(),
    };
    let mut flow = Enrollment::new(vault);
    loop {
        let outcome = match flow.step().clone() {
            Step::ChooseMethod => choose(&mut flow, &mut terminal),
            Step::Scanning { hint, .. } => scan_image(&mut flow, &mut terminal, hint),
            Step::ManualEntry { errors } => {
                for error in &errors {
                    terminal.say(&format!("  ✗ {error}"));
                }
                type_key(&mut flow, &mut terminal)
            }
            Step::Confirm {
                issuer,
                name,
                duplicate,
                short_key,
            } => {
                terminal.say(&format!(
                    "Issuer:  {}",
                    issuer.as_deref().unwrap_or("(none)")
                ));
                terminal.say(&format!("Account: {name}"));
                if short_key {
                    terminal
                        .say("Note: this key is shorter than the recommended 128 bits; it works.");
                }
                if let Some(existing) = &duplicate {
                    terminal.say(&format!(
                        "This key is already in the vault as {}.",
                        existing.label()
                    ));
                }
                confirm(&mut flow, &mut terminal, duplicate.is_some())
            }
            Step::ShowCode { code, .. } => {
                let left = code
                    .seconds_left(now())
                    .map(|s| format!(" (changes in {s} s)"))
                    .unwrap_or_default();
                terminal.say(&format!(
                    "Saved. Enter this code on the site: {}{left}",
                    display::group_code(&code.value)
                ));
                match terminal
                    .ask("Press Enter once the site accepted it ('refresh', 'back', 'cancel'): ")
                    .as_str()
                {
                    "refresh" | "r" => flow.refresh_code(now()).map(drop),
                    other => {
                        common(&mut flow, other).unwrap_or_else(|| flow.code_entered().map(drop))
                    }
                }
            }
            Step::RecoveryCode { .. } => recovery(&mut flow, &mut terminal),
            Step::Done { account_id } => {
                terminal.say(&format!(
                    "Done: the account is in your vault ({account_id})."
                ));
                return Ok(ExitCode::SUCCESS);
            }
            Step::Cancelled => return Err(Failure::other("enrollment cancelled")),
        };
        if let Err(error) = outcome {
            terminal.say(&format!("  ✗ {error}"));
        }
    }
}

struct Terminal<R: BufRead, W: Write> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Terminal<R, W> {
    fn say(&mut self, line: &str) {
        let _ = writeln!(self.output, "{line}");
    }

    /// One answer, trimmed. End of input (or unreadable input) counts as
    /// "cancel", so a closed terminal never leaves a half-made account.
    fn ask(&mut self, prompt: &str) -> String {
        let _ = write!(self.output, "{prompt}");
        let _ = self.output.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => "cancel".into(),
            Ok(_) => line.trim().to_string(),
        }
    }
}

/// "back" and "cancel" work on every screen.
fn common(flow: &mut Enrollment<Vault>, answer: &str) -> Option<Result<(), Error>> {
    match answer {
        "back" | "b" => Some(flow.back(now()).map(drop)),
        "cancel" | "c" => Some(flow.cancel(now()).map(drop)),
        _ => None,
    }
}

fn choose<R: BufRead, W: Write>(
    flow: &mut Enrollment<Vault>,
    t: &mut Terminal<R, W>,
) -> Result<(), Error> {
    t.say("Add an account: [s] scan a QR image (screenshot or photo), [t] type the key (Trouble Scanning), [c] cancel");
    let answer = t.ask("> ");
    match answer.as_str() {
        "s" | "scan" => flow.choose(Method::Image).map(drop),
        "t" | "type" => flow.choose(Method::Manual).map(drop),
        other => common(flow, other).unwrap_or_else(|| {
            t.say("Please answer s, t or c.");
            Ok(())
        }),
    }
}

fn scan_image<R: BufRead, W: Write>(
    flow: &mut Enrollment<Vault>,
    t: &mut Terminal<R, W>,
    hint: Option<ScanHint>,
) -> Result<(), Error> {
    if let Some(hint) = hint {
        t.say(&format!("  ✗ {}", hint_text(&hint)));
    }
    let answer = t.ask("Image file ('back', 'cancel'): ");
    if let Some(result) = common(flow, &answer) {
        return result;
    }
    match std::fs::read(Path::new(&answer)) {
        Ok(bytes) => {
            let outcome = scan::scan_image(&bytes)?;
            flow.submit_scan(outcome).map(drop)
        }
        Err(e) => {
            t.say(&format!("  ✗ cannot read {answer}: {e}"));
            Ok(())
        }
    }
}

fn hint_text(hint: &ScanHint) -> String {
    match hint {
        ScanHint::HoldSteady => "hold steady and fill the frame with the QR code".into(),
        ScanHint::NoCodeInImage => "no QR code found in this image".into(),
        ScanHint::NotAnAuthenticatorCode { text } => format!(
            "this QR code is not an authenticator setup code: {}",
            text.chars().take(60).collect::<String>()
        ),
        ScanHint::InvalidSetupCode { reason } => format!("this setup code is invalid: {reason}"),
        ScanHint::UseImportForExports => {
            "this is a Google Authenticator export: use `twofold import` instead".into()
        }
    }
}

fn type_key<R: BufRead, W: Write>(
    flow: &mut Enrollment<Vault>,
    t: &mut Terminal<R, W>,
) -> Result<(), Error> {
    let key = t.ask("Key shown by the site ('back', 'cancel'): ");
    if let Some(result) = common(flow, &key) {
        return result;
    }
    let name = t.ask("Account name (e.g. your email): ");
    let issuer = t.ask("Issuer (the site's name, optional): ");
    let entry = ManualEntry {
        key: key.into(),
        name,
        issuer,
        ..ManualEntry::default()
    };
    flow.submit_manual(&entry).map(drop)
}

fn confirm<R: BufRead, W: Write>(
    flow: &mut Enrollment<Vault>,
    t: &mut Terminal<R, W>,
    duplicate: bool,
) -> Result<(), Error> {
    let prompt = if duplicate {
        "[r] replace it, [k] keep both, 'edit', 'back', 'cancel': "
    } else {
        "Press Enter to save ('edit', 'back', 'cancel'): "
    };
    let answer = t.ask(prompt);
    match answer.as_str() {
        "edit" | "e" => {
            let issuer = t.ask("Issuer: ");
            let name = t.ask("Account name: ");
            flow.edit_labels(Some(&issuer), &name).map(drop)
        }
        "r" | "replace" if duplicate => flow
            .confirm(Some(DuplicateChoice::Replace), now())
            .map(drop),
        "k" | "keep" if duplicate => flow
            .confirm(Some(DuplicateChoice::KeepBoth), now())
            .map(drop),
        "" if !duplicate => flow.confirm(None, now()).map(drop),
        other => common(flow, other).unwrap_or(Ok(())),
    }
}

fn recovery<R: BufRead, W: Write>(
    flow: &mut Enrollment<Vault>,
    t: &mut Terminal<R, W>,
) -> Result<(), Error> {
    let code = t.ask("Recovery code shown by the site (Enter to skip, 'back', 'cancel'): ");
    if code.is_empty() {
        return flow.skip_recovery_code().map(drop);
    }
    if let Some(result) = common(flow, &code) {
        return result;
    }
    let saved = t.ask("I have securely saved this code [yes/no]: ");
    flow.acknowledge(matches!(saved.as_str(), "y" | "yes"))?;
    flow.save_recovery_code(&code, now()).map(drop)
}
