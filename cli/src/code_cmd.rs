//! `twofold code`: one code from a URI or a typed key, no vault involved.

use crate::failure::Failure;
use crate::otp_args::OtpArgs;
use crate::secret_input::SecretArg;
use crate::session::now;
use clap::Args;
use std::process::ExitCode;
use twofold_core::key::{validate_entry, Field};
use twofold_core::{otp, uri, Error};

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["uri", "key"])))]
pub struct CodeArgs {
    /// An otpauth:// URI; `-` reads it from standard input, no value asks for it.
    #[arg(long, value_name = "URI")]
    uri: Option<Option<String>>,
    /// A Base32 key as a site shows it (spaces, dashes and lower case are
    /// fine); `-` reads it from standard input, no value asks for it.
    #[arg(long, value_name = "KEY")]
    key: Option<Option<String>>,
    #[command(flatten)]
    otp: OtpArgs,
    /// Unix time to compute the code at (default: now).
    #[arg(long, value_name = "UNIX")]
    at: Option<u64>,
    /// Print {"code", "valid_from", "valid_until"} as JSON.
    #[arg(long)]
    json: bool,
}

/// `--uri` and `--key` hold secrets: see [`SecretArg`].
pub const URI: SecretArg = SecretArg {
    name: "--uri",
    prompt: "otpauth:// URI",
};
pub const KEY: SecretArg = SecretArg {
    name: "--key",
    prompt: "Key shown by the site",
};

pub fn run(args: CodeArgs) -> Result<ExitCode, Failure> {
    let account = match (&args.uri, &args.key) {
        (Some(given), _) => {
            let text = URI.read(given.as_deref())?;
            uri::parse(&text).map_err(Error::from)?
        }
        (None, Some(given)) => {
            let key = KEY.read(given.as_deref())?;
            // `code` needs no account name; the form requires one, so name it.
            let entry = args.otp.to_entry(&key, "", "(command line)");
            match validate_entry(&entry) {
                Ok(valid) => valid.account,
                Err(errors) => {
                    let errors = errors
                        .into_iter()
                        .filter(|e| e.field() != Field::Name)
                        .collect();
                    return Err(Error::Form(errors).into());
                }
            }
        }
        (None, None) => return Err(Failure::bad_input("give --uri or --key")),
    };
    let at = args.at.unwrap_or_else(now);
    let code = otp::generate(&account.secret, &account.params, at).map_err(Error::from)?;
    if args.json {
        let json = serde_json::json!({
            "code": code.value,
            "valid_from": code.valid_from,
            "valid_until": code.valid_until,
        });
        println!("{json}");
    } else {
        println!("{}", code.value);
    }
    Ok(ExitCode::SUCCESS)
}
