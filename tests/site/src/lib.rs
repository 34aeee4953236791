//! A simulated relying party for end-to-end tests: the "Secure your Account"
//! page of the seed. It creates a random secret, shows it as a QR code (PNG)
//! and as a key grouped in fours ("Trouble Scanning"), verifies codes with one
//! step of drift either way and no reuse, and issues single-use recovery codes
//! that are replaced after use.

mod qr;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use totp_rs::{Algorithm as TotpAlgorithm, Builder};

/// How the site configures its authenticator codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpConfig {
    /// "SHA1", "SHA256" or "SHA512".
    pub algorithm: String,
    pub digits: u8,
    pub period: u64,
    /// HOTP (counter-based) instead of TOTP.
    pub hotp: bool,
}

impl Default for OtpConfig {
    fn default() -> Self {
        OtpConfig {
            algorithm: "SHA1".into(),
            digits: 6,
            period: 30,
            hotp: false,
        }
    }
}

/// Why the site refused something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("unknown user")]
    UnknownUser,
    #[error("wrong password")]
    WrongPassword,
    #[error("two-factor authentication is not set up")]
    NotEnrolled,
    #[error("the verification code is wrong or expired")]
    WrongCode,
    #[error("this verification code was already used")]
    CodeReused,
    #[error("this recovery code is not valid (each recovery code works once)")]
    WrongRecoveryCode,
}

/// What the "Secure your Account" page shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SetupPage {
    /// The otpauth URI inside the QR code.
    pub uri: String,
    /// The QR code as a PNG file.
    #[serde(skip)]
    pub qr_png: Vec<u8>,
    /// The key as "Trouble Scanning" shows it: Base32 in groups of four.
    pub key_display: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct User {
    password: String,
    config: OtpConfig,
    secret: Option<Vec<u8>>,
    enrolled: bool,
    /// Highest TOTP step (or next HOTP counter) already accepted.
    last_step: Option<u64>,
    hotp_counter: u64,
    recovery_code: Option<String>,
}

/// The site's whole state; serialisable so the CLI can keep it in a file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Site {
    issuer: String,
    users: HashMap<String, User>,
}

/// HOTP look-ahead: how many counter values past the expected one are accepted.
const HOTP_WINDOW: u64 = 10;

impl Site {
    pub fn new(issuer: &str) -> Self {
        Site {
            issuer: issuer.into(),
            users: HashMap::new(),
        }
    }

    pub fn register(&mut self, user: &str, password: &str, config: OtpConfig) {
        let record = User {
            password: password.into(),
            config,
            secret: None,
            enrolled: false,
            last_step: None,
            hotp_counter: 0,
            recovery_code: None,
        };
        self.users.insert(user.into(), record);
    }

    /// "Set Up Now" → "Authenticator App": a fresh 160-bit secret and the page.
    pub fn start_enrollment(&mut self, user: &str) -> Result<SetupPage, Refusal> {
        let issuer = self.issuer.clone();
        let record = self.users.get_mut(user).ok_or(Refusal::UnknownUser)?;
        let mut secret = vec![0u8; 20];
        getrandom::fill(&mut secret).map_err(|_| Refusal::NotEnrolled)?;
        let key = base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &secret);
        let c = &record.config;
        let uri = if c.hotp {
            format!(
                "otpauth://hotp/{issuer}:{user}?secret={key}&issuer={issuer}&algorithm={}&digits={}&counter=0",
                c.algorithm, c.digits
            )
        } else {
            format!(
                "otpauth://totp/{issuer}:{user}?secret={key}&issuer={issuer}&algorithm={}&digits={}&period={}",
                c.algorithm, c.digits, c.period
            )
        }
        .replace(' ', "%20");
        record.secret = Some(secret);
        record.enrolled = false;
        record.last_step = None;
        record.hotp_counter = 0;
        let key_display = key
            .as_bytes()
            .chunks(4)
            .map(|g| String::from_utf8_lossy(g).into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(SetupPage {
            qr_png: qr::render_png(&uri),
            uri,
            key_display,
        })
    }

    /// "Enter the 6-digit code": confirms enrollment and shows a recovery code.
    pub fn confirm_enrollment(
        &mut self,
        user: &str,
        code: &str,
        at: u64,
    ) -> Result<String, Refusal> {
        let record = self.users.get_mut(user).ok_or(Refusal::UnknownUser)?;
        verify(record, code, at)?;
        record.enrolled = true;
        let recovery = new_recovery_code();
        record.recovery_code = Some(recovery.clone());
        Ok(recovery)
    }

    /// A later login: password and a fresh code.
    pub fn login_with_code(
        &mut self,
        user: &str,
        password: &str,
        code: &str,
        at: u64,
    ) -> Result<(), Refusal> {
        let record = self.enrolled_user(user, password)?;
        verify(record, code, at)
    }

    /// A login with the recovery code instead of a code. It works once; the
    /// site then shows a replacement, returned here.
    pub fn login_with_recovery(
        &mut self,
        user: &str,
        password: &str,
        recovery: &str,
    ) -> Result<String, Refusal> {
        let record = self.enrolled_user(user, password)?;
        let typed: String = recovery
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        match &record.recovery_code {
            Some(expected) if expected.replace('-', "") == typed => {
                let replacement = new_recovery_code();
                record.recovery_code = Some(replacement.clone());
                Ok(replacement)
            }
            _ => Err(Refusal::WrongRecoveryCode),
        }
    }

    fn enrolled_user(&mut self, user: &str, password: &str) -> Result<&mut User, Refusal> {
        let record = self.users.get_mut(user).ok_or(Refusal::UnknownUser)?;
        if record.password != password {
            return Err(Refusal::WrongPassword);
        }
        if !record.enrolled {
            return Err(Refusal::NotEnrolled);
        }
        Ok(record)
    }
}

fn algorithm(name: &str) -> TotpAlgorithm {
    match name {
        "SHA256" => TotpAlgorithm::SHA256,
        "SHA512" => TotpAlgorithm::SHA512,
        _ => TotpAlgorithm::SHA1,
    }
}

/// Accepts the code of the previous, current or next step (TOTP) or of the
/// next few counters (HOTP), never one already used.
fn verify(record: &mut User, code: &str, at: u64) -> Result<(), Refusal> {
    let secret = record.secret.clone().ok_or(Refusal::NotEnrolled)?;
    let c = &record.config;
    if c.hotp {
        let hotp = Builder::new()
            .with_algorithm(algorithm(&c.algorithm))
            .with_digits(c.digits)
            .with_step_duration(1)
            .with_secret(secret)
            .build_noncompliant();
        for counter in record.hotp_counter..record.hotp_counter + HOTP_WINDOW {
            if hotp.generate(counter).to_string() == code {
                record.hotp_counter = counter + 1;
                return Ok(());
            }
        }
        return Err(Refusal::WrongCode);
    }
    let totp = Builder::new()
        .with_algorithm(algorithm(&c.algorithm))
        .with_digits(c.digits)
        .with_step_duration(c.period)
        .with_secret(secret)
        .build_noncompliant();
    let step = at / c.period;
    for candidate in [step.saturating_sub(1), step, step + 1] {
        if totp.generate(candidate * c.period).to_string() == code {
            if record.last_step.is_some_and(|last| candidate <= last) {
                return Err(Refusal::CodeReused);
            }
            record.last_step = Some(candidate);
            return Ok(());
        }
    }
    Err(Refusal::WrongCode)
}

/// A recovery code as sites print them: XXXX-XXXX-XXXX-XXXX.
fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    // The OS RNG cannot fail here in practice; a zero code is still unique enough for a test.
    let _ = getrandom::fill(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_for(site: &Site, user: &str, at: u64) -> String {
        let record = &site.users[user];
        let c = &record.config;
        Builder::new()
            .with_algorithm(algorithm(&c.algorithm))
            .with_digits(c.digits)
            .with_step_duration(c.period)
            .with_secret(record.secret.clone().unwrap())
            .build_noncompliant()
            .generate(at)
            .to_string()
    }

    #[test]
    fn the_site_accepts_one_step_of_drift_and_refuses_reuse() {
        let mut site = Site::new("ACME Co");
        site.register("john", "pw", OtpConfig::default());
        let page = site.start_enrollment("john").unwrap();
        assert!(page
            .uri
            .starts_with("otpauth://totp/ACME%20Co:john?secret="));
        assert_eq!(page.key_display.len(), 32 + 7);
        assert!(page.qr_png.starts_with(b"\x89PNG"));
        let at = 1_000_000;
        let recovery = site
            .confirm_enrollment("john", &code_for(&site, "john", at), at)
            .unwrap();
        assert_eq!(
            site.login_with_code("john", "pw", &code_for(&site, "john", at), at),
            Err(Refusal::CodeReused)
        );
        assert_eq!(
            site.login_with_code("john", "pw", &code_for(&site, "john", at + 30), at + 60),
            Ok(())
        );
        assert_eq!(
            site.login_with_code("john", "pw", &code_for(&site, "john", at + 150), at + 60),
            Err(Refusal::WrongCode)
        );
        assert_eq!(
            site.login_with_code("john", "nope", "000000", at),
            Err(Refusal::WrongPassword)
        );
        let replacement = site
            .login_with_recovery("john", "pw", &recovery.to_lowercase())
            .unwrap();
        assert_ne!(replacement, recovery);
        assert_eq!(
            site.login_with_recovery("john", "pw", &recovery),
            Err(Refusal::WrongRecoveryCode)
        );
        assert!(site.login_with_recovery("john", "pw", &replacement).is_ok());
    }
}
