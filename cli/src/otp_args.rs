//! The options that describe a typed key's code type, shared by `code --key`
//! and `add --key`.

use clap::Args;
use twofold_core::key::{ManualEntry, ManualKind};
use twofold_core::Algorithm;

#[derive(Args, Debug, Clone)]
pub struct OtpArgs {
    /// Hash algorithm: SHA1, SHA256 or SHA512.
    #[arg(long, default_value = "SHA1", value_parser = parse_algorithm)]
    pub algorithm: Algorithm,
    /// Number of digits (6 to 10).
    #[arg(long, default_value_t = 6)]
    pub digits: u8,
    /// Seconds per code (TOTP).
    #[arg(long, default_value_t = 30)]
    pub period: u32,
    /// Counter-based code (HOTP) instead of time-based.
    #[arg(long, conflicts_with = "steam")]
    pub hotp: bool,
    /// HOTP counter.
    #[arg(long, requires = "hotp", default_value_t = 0)]
    pub counter: u64,
    /// Steam Guard code (5 characters).
    #[arg(long)]
    pub steam: bool,
}

fn parse_algorithm(text: &str) -> Result<Algorithm, String> {
    // The text is not repeated: a key typed in the wrong place must not be echoed.
    Algorithm::parse(text).ok_or_else(|| "expected SHA1, SHA256 or SHA512".to_string())
}

impl OtpArgs {
    /// The manual-entry form these options and a typed key describe.
    pub fn to_entry(&self, key: &str, issuer: &str, name: &str) -> ManualEntry {
        ManualEntry {
            key: key.to_string().into(),
            name: name.to_string(),
            issuer: issuer.to_string(),
            kind: if self.steam {
                ManualKind::Steam
            } else if self.hotp {
                ManualKind::Hotp
            } else {
                ManualKind::Totp
            },
            algorithm: self.algorithm,
            digits: self.digits,
            period: self.period,
            counter: self.counter,
        }
    }
}
