//! Code generation: TOTP (RFC 6238), HOTP (RFC 4226) and Steam Guard,
//! computed by `totp-rs`. Only 10-digit codes, which `totp-rs` cannot render
//! (its token is a `u32` modulo 10^digits), are truncated here, from its HMAC
//! signature. Time and counters are arguments; nothing here reads a clock.

use crate::account::{
    Algorithm, OtpKind, OtpParams, MAX_DIGITS, MIN_DIGITS, STEAM_DIGITS, STEAM_PERIOD,
};
use crate::secret::Secret;

/// A one-time code ready to show. Not `Serialize`: its `Debug` hides the
/// value, and nothing may write it out behind the caller's back.
#[derive(Clone, PartialEq, Eq)]
pub struct Code {
    /// The code as the user types it; leading zeros kept.
    pub value: String,
    /// First unix second at which this code is the current one (for HOTP: the
    /// time it was generated).
    pub valid_from: u64,
    /// First unix second at which this code is no longer current. `None` for
    /// HOTP, whose codes stay valid until used.
    pub valid_until: Option<u64>,
}

impl std::fmt::Debug for Code {
    // A code is short-lived but still a credential: keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Code")
            .field("value", &"<redacted>")
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .finish()
    }
}

impl Code {
    /// Seconds left before the code changes, at `unix_seconds` (`None` for HOTP).
    pub fn seconds_left(&self, unix_seconds: u64) -> Option<u64> {
        self.valid_until
            .map(|until| until.saturating_sub(unix_seconds))
    }
}

/// Parameters that cannot produce a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OtpError {
    #[error("digits must be between {MIN_DIGITS} and {MAX_DIGITS}, got {digits}")]
    DigitsOutOfRange { digits: u8 },
    #[error("the period must be at least 1 second")]
    ZeroPeriod,
    #[error("the secret is empty")]
    EmptySecret,
}

/// Checks that `params` can produce codes (digit range, non-zero period).
pub fn validate(params: &OtpParams) -> Result<(), OtpError> {
    match params.kind {
        OtpKind::Steam => {
            if params.digits != STEAM_DIGITS {
                return Err(OtpError::DigitsOutOfRange {
                    digits: params.digits,
                });
            }
        }
        OtpKind::Totp { period } => {
            if period == 0 {
                return Err(OtpError::ZeroPeriod);
            }
            check_digits(params.digits)?;
        }
        OtpKind::Hotp { .. } => check_digits(params.digits)?,
    }
    Ok(())
}

fn check_digits(digits: u8) -> Result<(), OtpError> {
    if (MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
        Ok(())
    } else {
        Err(OtpError::DigitsOutOfRange { digits })
    }
}

/// The code of `secret` under `params` at `unix_seconds`. For HOTP the counter
/// in `params.kind` is used and `unix_seconds` only fills `valid_from`.
pub fn generate(secret: &Secret, params: &OtpParams, unix_seconds: u64) -> Result<Code, OtpError> {
    Ok(Generator::new(secret, params)?.code_at(unix_seconds))
}

/// The most digits `totp-rs` renders; longer codes are truncated here.
const TOTP_RS_MAX_DIGITS: u8 = 9;

/// One account's code maker: a `totp-rs` generator built once per unlocked
/// account. It holds its own copy of the secret, which `totp-rs` wipes on
/// drop (its `zeroize` feature derives `ZeroizeOnDrop` for the key).
#[derive(Clone)]
pub struct Generator {
    totp: totp_rs::Totp,
    params: OtpParams,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("totp", &"<redacted>")
            .field("params", &self.params)
            .finish()
    }
}

impl Generator {
    /// Checks `params` and builds the generator for `secret`.
    pub fn new(secret: &Secret, params: &OtpParams) -> Result<Generator, OtpError> {
        validate(params)?;
        if secret.expose().is_empty() {
            return Err(OtpError::EmptySecret);
        }
        // HOTP is TOTP with one-second steps fed the counter as the time.
        let (algorithm, step) = match params.kind {
            OtpKind::Totp { period } => (hash(params.algorithm), u64::from(period)),
            OtpKind::Steam => (totp_rs::Algorithm::Steam, u64::from(STEAM_PERIOD)),
            OtpKind::Hotp { .. } => (hash(params.algorithm), 1),
        };
        // Non-compliant on purpose: RFC 4226's 128-bit minimum key is the
        // sites' choice, and `validate` has already checked digits and step.
        let totp = totp_rs::Builder::new()
            .with_algorithm(algorithm)
            .with_digits(params.digits)
            .with_step_duration(step)
            .with_secret(secret.expose())
            .build_noncompliant();
        Ok(Generator {
            totp,
            params: *params,
        })
    }

    /// The code at `unix_seconds`: the current one for TOTP and Steam, the one
    /// for the stored counter for HOTP (`unix_seconds` then fills `valid_from`).
    pub fn code_at(&self, unix_seconds: u64) -> Code {
        match self.params.kind {
            OtpKind::Totp { period } => self.time_based(unix_seconds, u64::from(period)),
            OtpKind::Steam => self.time_based(unix_seconds, u64::from(STEAM_PERIOD)),
            OtpKind::Hotp { counter } => Code {
                value: self.render(counter),
                valid_from: unix_seconds,
                valid_until: None,
            },
        }
    }

    fn time_based(&self, unix_seconds: u64, period: u64) -> Code {
        let valid_from = unix_seconds - unix_seconds % period;
        Code {
            value: self.render(unix_seconds),
            valid_from,
            valid_until: Some(valid_from.saturating_add(period)),
        }
    }

    /// The code for `time` in the generator's steps (the counter for HOTP).
    fn render(&self, time: u64) -> String {
        if self.params.digits <= TOTP_RS_MAX_DIGITS {
            self.totp.generate(time).to_string()
        } else {
            let signature = self.totp.sign(time);
            decimal(dynamic_truncation(signature.as_ref()), self.params.digits)
        }
    }
}

fn hash(algorithm: Algorithm) -> totp_rs::Algorithm {
    match algorithm {
        Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
        Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
        Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
    }
}

/// RFC 4226 §5.3: the low nibble of the MAC's last byte picks 4 bytes, read
/// as a 31-bit number. Every MAC here is at least 20 bytes long, so
/// offset + 4 <= 19 is always in range.
fn dynamic_truncation(mac: &[u8]) -> u32 {
    let offset = usize::from(mac.last().copied().unwrap_or(0) & 0x0f);
    let mut word = [0u8; 4];
    if let Some(bytes) = mac.get(offset..offset + 4) {
        word.copy_from_slice(bytes);
    }
    u32::from_be_bytes(word) & 0x7fff_ffff
}

/// The last `digits` decimal digits, leading zeros kept. Done in `u64` so 10
/// digits work (a 31-bit value has at most 10 digits).
fn decimal(truncated: u32, digits: u8) -> String {
    let value = u64::from(truncated) % 10u64.pow(u32::from(digits));
    format!("{value:0width$}", width = usize::from(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_SHA1: &[u8] = b"12345678901234567890";
    const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
    const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    fn totp_params(algorithm: Algorithm, digits: u8, period: u32) -> OtpParams {
        OtpParams {
            kind: OtpKind::Totp { period },
            algorithm,
            digits,
        }
    }

    fn code_at(seed: &[u8], params: OtpParams, t: u64) -> String {
        generate(&Secret::from_bytes(seed.to_vec()), &params, t)
            .unwrap()
            .value
    }

    #[test]
    fn rfc4226_appendix_d_hotp_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, want) in expected.iter().enumerate() {
            let params = OtpParams {
                kind: OtpKind::Hotp {
                    counter: counter as u64,
                },
                algorithm: Algorithm::Sha1,
                digits: 6,
            };
            assert_eq!(&code_at(SEED_SHA1, params, 0), want, "counter {counter}");
        }
    }

    #[test]
    fn rfc6238_appendix_b_totp_vectors() {
        // (time, SHA1, SHA256, SHA512), 8 digits, 30 s.
        let table: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (t, sha1, sha256, sha512) in table {
            assert_eq!(
                code_at(SEED_SHA1, totp_params(Algorithm::Sha1, 8, 30), t),
                sha1,
                "SHA1 at {t}"
            );
            assert_eq!(
                code_at(SEED_SHA256, totp_params(Algorithm::Sha256, 8, 30), t),
                sha256,
                "SHA256 at {t}"
            );
            assert_eq!(
                code_at(SEED_SHA512, totp_params(Algorithm::Sha512, 8, 30), t),
                sha512,
                "SHA512 at {t}"
            );
        }
    }

    #[test]
    fn digits_six_seven_eight_ten_are_suffixes_of_one_truncation() {
        // The RFC 6238 SHA1 vector at t=59 truncates to 1094287082 before the
        // modulo, so each length is that number's last N digits.
        let t = 59;
        assert_eq!(
            code_at(SEED_SHA1, totp_params(Algorithm::Sha1, 6, 30), t),
            "287082"
        );
        assert_eq!(
            code_at(SEED_SHA1, totp_params(Algorithm::Sha1, 7, 30), t),
            "4287082"
        );
        assert_eq!(
            code_at(SEED_SHA1, totp_params(Algorithm::Sha1, 8, 30), t),
            "94287082"
        );
        assert_eq!(
            code_at(SEED_SHA1, totp_params(Algorithm::Sha1, 10, 30), t),
            "1094287082"
        );
    }

    #[test]
    fn ten_digits_keeps_leading_zero_width() {
        // RFC 4226 counter 0 truncates to 1284755224: ten digits exactly.
        let params = OtpParams {
            kind: OtpKind::Hotp { counter: 0 },
            algorithm: Algorithm::Sha1,
            digits: 10,
        };
        assert_eq!(code_at(SEED_SHA1, params, 0), "1284755224");
        for counter in 0..200 {
            let params = OtpParams {
                kind: OtpKind::Hotp { counter },
                algorithm: Algorithm::Sha256,
                digits: 10,
            };
            assert_eq!(code_at(SEED_SHA1, params, 0).len(), 10);
        }
    }

    #[test]
    fn periods_15_30_60_select_the_matching_step() {
        // A period of P at time t uses counter t / P: compare with HOTP.
        for period in [15u32, 30, 60] {
            for t in [0u64, 59, 1111111109, 2000000000] {
                let hotp = OtpParams {
                    kind: OtpKind::Hotp {
                        counter: t / u64::from(period),
                    },
                    algorithm: Algorithm::Sha1,
                    digits: 6,
                };
                let code = generate(
                    &Secret::from_bytes(SEED_SHA1.to_vec()),
                    &totp_params(Algorithm::Sha1, 6, period),
                    t,
                )
                .unwrap();
                assert_eq!(
                    code.value,
                    code_at(SEED_SHA1, hotp, 0),
                    "period {period} t {t}"
                );
                assert_eq!(code.valid_from, t - t % u64::from(period));
                assert_eq!(code.valid_until, Some(code.valid_from + u64::from(period)));
            }
        }
    }

    #[test]
    fn step_boundaries_29_30_59_60() {
        let params = totp_params(Algorithm::Sha1, 8, 30);
        let secret = Secret::from_bytes(SEED_SHA1.to_vec());
        let at = |t| generate(&secret, &params, t).unwrap();
        assert_eq!(at(29).value, at(0).value);
        assert_eq!(at(29).valid_until, Some(30));
        assert_ne!(at(30).value, at(29).value);
        assert_eq!(at(30).valid_from, 30);
        assert_eq!(at(59).value, "94287082");
        assert_eq!(at(59).value, at(30).value);
        assert_eq!(at(59).seconds_left(59), Some(1));
        assert_ne!(at(60).value, at(59).value);
        assert_eq!(at(60).valid_until, Some(90));
    }

    #[test]
    fn steam_guard_known_code() {
        // Reference computed with the Steam alphabet over HMAC-SHA1 of the RFC
        // seed at t=59 (counter 1): truncation 1094287082 in base 26 digits.
        let secret = Secret::from_bytes(SEED_SHA1.to_vec());
        let code = generate(&secret, &OtpParams::STEAM, 59).unwrap();
        assert_eq!(code.value, steam_reference(1094287082));
        assert_eq!(code.value.len(), 5);
        assert_eq!(code.valid_until, Some(60));
    }

    /// Independent rendering of Steam's alphabet for the test above.
    fn steam_reference(mut full: u32) -> String {
        const ALPHABET: &[u8] = b"23456789BCDFGHJKMNPQRTVWXY";
        let mut out = String::new();
        for _ in 0..5 {
            out.push(ALPHABET[(full as usize) % ALPHABET.len()] as char);
            full /= ALPHABET.len() as u32;
        }
        out
    }

    #[test]
    fn leading_zeros_are_kept() {
        // RFC 6238 SHA1 at 1111111109 is "07081804".
        let value = code_at(SEED_SHA1, totp_params(Algorithm::Sha1, 8, 30), 1111111109);
        assert!(value.starts_with('0'));
        assert_eq!(value.len(), 8);
    }

    #[test]
    fn bad_parameters_are_errors_not_panics() {
        let secret = Secret::from_bytes(SEED_SHA1.to_vec());
        for digits in [0u8, 5, 11, 255] {
            assert_eq!(
                generate(&secret, &totp_params(Algorithm::Sha1, digits, 30), 0),
                Err(OtpError::DigitsOutOfRange { digits })
            );
        }
        assert_eq!(
            generate(&secret, &totp_params(Algorithm::Sha1, 6, 0), 0),
            Err(OtpError::ZeroPeriod)
        );
        assert_eq!(
            generate(&Secret::from_bytes(vec![]), &OtpParams::DEFAULT_TOTP, 0),
            Err(OtpError::EmptySecret)
        );
        let steam7 = OtpParams {
            digits: 7,
            ..OtpParams::STEAM
        };
        assert_eq!(
            generate(&secret, &steam7, 0),
            Err(OtpError::DigitsOutOfRange { digits: 7 })
        );
    }

    #[test]
    fn far_future_time_does_not_overflow() {
        let secret = Secret::from_bytes(SEED_SHA1.to_vec());
        let code = generate(&secret, &OtpParams::DEFAULT_TOTP, u64::MAX).unwrap();
        assert_eq!(code.value.len(), 6);
    }

    #[test]
    fn debug_hides_the_code() {
        let code = generate(
            &Secret::from_bytes(SEED_SHA1.to_vec()),
            &OtpParams::DEFAULT_TOTP,
            59,
        )
        .unwrap();
        assert!(!format!("{code:?}").contains(&code.value));
    }

    #[test]
    fn generator_debug_hides_the_key() {
        let generator = Generator::new(
            &Secret::from_bytes(SEED_SHA1.to_vec()),
            &OtpParams::DEFAULT_TOTP,
        )
        .unwrap();
        let printed = format!("{generator:?}");
        assert!(printed.contains("<redacted>"));
        assert!(!printed.contains("49")); // '1', the seed's first byte
    }

    /// RFC 4226 written out on RustCrypto's HMAC, independent of totp-rs:
    /// the 31-bit dynamically truncated HMAC of the big-endian counter.
    fn reference_truncation(secret: &[u8], algorithm: Algorithm, counter: u64) -> u32 {
        use hmac::{Hmac, KeyInit, Mac};
        let message = counter.to_be_bytes();
        let mac: Vec<u8> = match algorithm {
            Algorithm::Sha1 => Hmac::<sha1::Sha1>::new_from_slice(secret)
                .unwrap()
                .chain_update(message)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Sha256 => Hmac::<sha2::Sha256>::new_from_slice(secret)
                .unwrap()
                .chain_update(message)
                .finalize()
                .into_bytes()
                .to_vec(),
            Algorithm::Sha512 => Hmac::<sha2::Sha512>::new_from_slice(secret)
                .unwrap()
                .chain_update(message)
                .finalize()
                .into_bytes()
                .to_vec(),
        };
        let offset = (mac[mac.len() - 1] & 0x0f) as usize;
        let word = [
            mac[offset],
            mac[offset + 1],
            mac[offset + 2],
            mac[offset + 3],
        ];
        u32::from_be_bytes(word) & 0x7fff_ffff
    }

    fn reference_decimal(truncated: u32, digits: u8) -> String {
        let modulus = 10u64.pow(u32::from(digits));
        format!(
            "{:0width$}",
            u64::from(truncated) % modulus,
            width = digits as usize
        )
    }

    #[test]
    fn the_reference_reproduces_rfc4226() {
        assert_eq!(
            reference_decimal(reference_truncation(SEED_SHA1, Algorithm::Sha1, 0), 6),
            "755224"
        );
        assert_eq!(
            reference_truncation(SEED_SHA1, Algorithm::Sha1, 0),
            1284755224
        );
    }

    use proptest::prelude::*;

    proptest! {
        /// The engine agrees with the independent reference everywhere: any
        /// key, time, counter, hash, 6-10 digits, any period, and Steam.
        #[test]
        fn agrees_with_an_independent_hmac_reference(
            secret in proptest::collection::vec(any::<u8>(), 1..=80),
            time in 0u64..=(u64::MAX / 2),
            hash in 0usize..3,
            digits in MIN_DIGITS..=MAX_DIGITS,
            period in 1u32..=300,
            counter in any::<u64>(),
        ) {
            let algorithm = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512][hash];
            let key = Secret::from_bytes(secret.clone());
            let totp = OtpParams { kind: OtpKind::Totp { period }, algorithm, digits };
            let step = time / u64::from(period);
            prop_assert_eq!(
                generate(&key, &totp, time).unwrap().value,
                reference_decimal(reference_truncation(&secret, algorithm, step), digits)
            );
            let hotp = OtpParams { kind: OtpKind::Hotp { counter }, algorithm, digits };
            prop_assert_eq!(
                generate(&key, &hotp, time).unwrap().value,
                reference_decimal(reference_truncation(&secret, algorithm, counter), digits)
            );
            prop_assert_eq!(
                generate(&key, &OtpParams::STEAM, time).unwrap().value,
                steam_reference(reference_truncation(&secret, Algorithm::Sha1, time / 30))
            );
        }
    }
}
