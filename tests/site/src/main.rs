//! Command-line face of the simulated website, so the Kotlin, Swift and Python
//! end-to-end tests can drive the same relying party as the Rust tests. State
//! lives in a JSON file. Exit 0: accepted; 1: refused (reason on stderr).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use twofold_test_site::{OtpConfig, Site};

#[derive(Parser)]
struct Cli {
    /// JSON file holding the site's state (created if missing).
    #[arg(long)]
    state: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a user account on the site.
    Register {
        user: String,
        password: String,
        #[arg(long, default_value = "SHA1")]
        algorithm: String,
        #[arg(long, default_value_t = 6)]
        digits: u8,
        #[arg(long, default_value_t = 30)]
        period: u64,
        #[arg(long)]
        hotp: bool,
    },
    /// Show the "Secure your Account" page: writes the QR PNG, prints {"uri", "key_display"}.
    Setup {
        user: String,
        #[arg(long)]
        qr: PathBuf,
    },
    /// Enter the code from the app; prints the recovery code.
    Confirm {
        user: String,
        code: String,
        #[arg(long)]
        at: u64,
    },
    /// Log in with password and code.
    Login {
        user: String,
        password: String,
        code: String,
        #[arg(long)]
        at: u64,
    },
    /// Log in with password and recovery code; prints the replacement code.
    Recover {
        user: String,
        password: String,
        recovery_code: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut site: Site = std::fs::read(&cli.state)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_else(|| Site::new("ACME Co"));
    let result = match cli.command {
        Command::Register {
            user,
            password,
            algorithm,
            digits,
            period,
            hotp,
        } => {
            site.register(
                &user,
                &password,
                OtpConfig {
                    algorithm,
                    digits,
                    period,
                    hotp,
                },
            );
            Ok(String::from("registered"))
        }
        Command::Setup { user, qr } => site.start_enrollment(&user).and_then(|page| {
            std::fs::write(&qr, &page.qr_png)
                .map_err(|_| twofold_test_site::Refusal::NotEnrolled)?;
            Ok(serde_json::json!({ "uri": page.uri, "key_display": page.key_display }).to_string())
        }),
        Command::Confirm { user, code, at } => site.confirm_enrollment(&user, &code, at),
        Command::Login {
            user,
            password,
            code,
            at,
        } => site
            .login_with_code(&user, &password, &code, at)
            .map(|()| "ok".into()),
        Command::Recover {
            user,
            password,
            recovery_code,
        } => site.login_with_recovery(&user, &password, &recovery_code),
    };
    let saved = serde_json::to_vec(&site).map(|bytes| std::fs::write(&cli.state, bytes));
    if !matches!(saved, Ok(Ok(()))) {
        eprintln!("site: cannot save state to {}", cli.state.display());
        return ExitCode::from(2);
    }
    match result {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            eprintln!("site: {refusal}");
            ExitCode::from(1)
        }
    }
}
