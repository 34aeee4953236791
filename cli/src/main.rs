//! `twofold`: the desktop shell and scriptable face of the Twofold core.
//! The command-line contract (commands, flags, output) is fixed by docs/design.md §8.

mod code_cmd;
mod edit_cmd;
mod enroll_cmd;
mod failure;
mod new_password;
mod otp_args;
mod passwd_cmd;
mod private_dir;
mod scan_cmd;
mod secret_input;
mod session;
mod transfer_cmd;
mod vault_cmd;

use clap::{CommandFactory, Parser, Subcommand};
use failure::Failure;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "twofold",
    version,
    about = "Two-factor codes from the Twofold core"
)]
struct Cli {
    /// Vault file (default: twofold/vault.sqlite in the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    vault: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the current code for a URI or a typed key, without a vault.
    Code(code_cmd::CodeArgs),
    /// Decode QR codes in image files: one line per file, FILE<TAB>TEXT.
    // The doc is clap's help text, printed as written: not an HTML tag.
    #[allow(rustdoc::invalid_html_tags)]
    Scan {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print a QR code that holds only a key as its text (by default the
        /// line says a key was found, without the key).
        #[arg(long)]
        reveal_keys: bool,
    },
    #[command(flatten)]
    Vault(vault_cmd::VaultCommand),
    /// Change the vault's password; --rotate also replaces the data key
    /// (the choice when the old password may have leaked).
    Passwd(passwd_cmd::PasswdArgs),
}

fn main() -> ExitCode {
    // No panic message may reach the user: stay silent here (the scanner
    // contains rqrr's panics and carries on), and report an escaped panic
    // once, below, with exit 1.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return failure::report_usage_error(error, &Cli::command()),
    };
    let result =
        std::panic::catch_unwind(move || run(cli)).unwrap_or_else(|_| Err(Failure::internal()));
    match result {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Code(args) => code_cmd::run(args),
        Command::Scan { files, reveal_keys } => scan_cmd::run(&files, reveal_keys),
        Command::Vault(command) => vault_cmd::run(cli.vault, command),
        Command::Passwd(args) => passwd_cmd::run(cli.vault, args),
    }
}
