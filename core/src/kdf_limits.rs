//! How much key derivation a file may ask of this device.
//!
//! Every encrypted file Twofold opens names the cost of its own key
//! derivation: a Twofold backup's Argon2id header, an Aegis export's scrypt
//! slots, the vault's password slots. A hostile or careless file can ask for
//! gigabytes and minutes, and a phone kills the app long before it finishes.
//! This module is the one policy for all of them, checked before anything is
//! derived:
//!
//! - at most [`MAX_MEMORY_BYTES`] of memory for any one derivation;
//! - at most [`MAX_PARALLELISM`] lanes (Argon2) or parallel runs (scrypt);
//! - at most [`MAX_SLOTS`] slots tried for one unlock or import;
//! - at most [`MAX_TOTAL_WORK_BYTES`] of work over every derivation one
//!   unlock or import may run (all slots, and retries such as Aegis's legacy
//!   password encoding).
//!
//! Files Twofold writes are held to the same limits, so it never writes a
//! file it would refuse to open.
//!
//! **The unit of work** is bytes of memory processed, which is what the time
//! of a memory-hard function follows:
//! - Argon2: `memory × passes`. Each pass fills every 1 KiB block once; the
//!   lanes share the memory (`m` is the total), so they add no work.
//! - scrypt: `128·r·N × 2 × p`. ROMix fills N blocks of 128·r bytes, then
//!   reads N of them back; the p runs come one after another.
//!
//! - PBKDF2 (other apps' exports: 2FAS, andOTP, Bitwarden): `iterations ×
//!   2 × the hash's block` (64 bytes for SHA-1 and SHA-256, 128 for
//!   SHA-512). Each iteration hashes the inner and the outer HMAC block once;
//!   hashing a byte costs about what Argon2 spends on one (see below), and
//!   the memory is a few hundred bytes, so only the work limit applies, plus
//!   [`MAX_PBKDF2_ITERATIONS`] for one derivation.
//!
//! Measured on the (loaded) development desktop: Argon2id 64 MiB × 3 passes
//! (192 MiB of work) took 0.37 s, scrypt N=2^15 r=8 p=1 (64 MiB of work) 0.24 s,
//! so 1 GiB of work is 2 to 4 s there, a few seconds on a mid-range phone.
//! PBKDF2-HMAC-SHA256 with 1,000,000 iterations (122 MiB of work by the
//! rule above) took 0.14 s there, PBKDF2-HMAC-SHA1 0.23 s: hashing is no
//! slower per byte of work than Argon2, so the one work limit serves both.

use std::fmt;

const MIB: u64 = 1024 * 1024;

/// Memory one key derivation may use: 4× our own default (64 MiB), 8× what
/// Aegis uses (32 MiB).
pub const MAX_MEMORY_BYTES: u64 = 256 * MIB;
/// Argon2 lanes, or scrypt's p: no real file uses more than a few.
pub const MAX_PARALLELISM: u32 = 16;
/// Slots tried for one unlock or import. Real files have one or two.
pub const MAX_SLOTS: usize = 8;
/// Work of all derivations of one unlock or import together: 5× our own
/// default slot (192 MiB), and room for [`MAX_SLOTS`] Aegis slots at Aegis's
/// cost (64 MiB each) with the legacy retry for every one of them.
pub const MAX_TOTAL_WORK_BYTES: u64 = 1024 * MIB;
/// PBKDF2 iterations of one derivation: 2.5× Bitwarden's largest setting
/// (2,000,000; its default is 600,000), 30× andOTP's (at most 160,000).
/// At 128 bytes of work per iteration, 5,000,000 SHA-256 iterations are
/// 610 MiB, within [`MAX_TOTAL_WORK_BYTES`].
pub const MAX_PBKDF2_ITERATIONS: u32 = 5_000_000;

/// The key-derivation function a file asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfAlgorithm {
    Argon2id,
    Scrypt,
    Pbkdf2Sha1,
    Pbkdf2Sha256,
    Pbkdf2Sha512,
}

impl KdfAlgorithm {
    pub fn name(self) -> &'static str {
        match self {
            KdfAlgorithm::Argon2id => "Argon2id",
            KdfAlgorithm::Scrypt => "scrypt",
            KdfAlgorithm::Pbkdf2Sha1 => "PBKDF2-HMAC-SHA1",
            KdfAlgorithm::Pbkdf2Sha256 => "PBKDF2-HMAC-SHA256",
            KdfAlgorithm::Pbkdf2Sha512 => "PBKDF2-HMAC-SHA512",
        }
    }

    fn is_pbkdf2(self) -> bool {
        matches!(
            self,
            KdfAlgorithm::Pbkdf2Sha1 | KdfAlgorithm::Pbkdf2Sha256 | KdfAlgorithm::Pbkdf2Sha512
        )
    }
}

/// The cost of one key derivation, in the terms of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost {
    pub algorithm: KdfAlgorithm,
    /// Memory the derivation holds at once.
    pub memory_bytes: u64,
    /// Passes over that memory (Argon2's t; 2 for scrypt's ROMix).
    pub passes: u64,
    /// Argon2 lanes, or scrypt's p.
    pub parallelism: u32,
}

impl KdfCost {
    /// Argon2id with `memory_kib` KiB, `iterations` passes, `parallelism` lanes.
    pub fn argon2id(memory_kib: u32, iterations: u32, parallelism: u32) -> KdfCost {
        KdfCost {
            algorithm: KdfAlgorithm::Argon2id,
            memory_bytes: u64::from(memory_kib) * 1024,
            passes: u64::from(iterations),
            parallelism,
        }
    }

    /// scrypt with cost `n`, block size `r` and parallelism `p`.
    pub fn scrypt(n: u64, r: u32, p: u32) -> KdfCost {
        KdfCost {
            algorithm: KdfAlgorithm::Scrypt,
            memory_bytes: 128u64.saturating_mul(n).saturating_mul(u64::from(r)),
            passes: 2,
            parallelism: p,
        }
    }

    /// PBKDF2 over `algorithm` (one of the `Pbkdf2…` kinds) with
    /// `iterations`: its "memory" is the two hash blocks each iteration
    /// processes, its passes the iterations.
    pub fn pbkdf2(algorithm: KdfAlgorithm, iterations: u32) -> KdfCost {
        let block: u64 = match algorithm {
            KdfAlgorithm::Pbkdf2Sha512 => 128,
            _ => 64,
        };
        KdfCost {
            algorithm,
            memory_bytes: 2 * block,
            passes: u64::from(iterations),
            parallelism: 1,
        }
    }

    /// Bytes of memory processed (see the module documentation).
    pub fn work_bytes(&self) -> u64 {
        let once = self.memory_bytes.saturating_mul(self.passes);
        match self.algorithm {
            KdfAlgorithm::Scrypt => once.saturating_mul(u64::from(self.parallelism)),
            _ => once,
        }
    }

    /// Refuses this derivation alone, if it is beyond the limits.
    pub fn check(&self) -> Result<(), KdfLimitError> {
        KdfDemand::single(*self).check()
    }
}

impl fmt::Display for KdfCost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let algorithm = self.algorithm.name();
        let memory = ByteSize(self.memory_bytes);
        match self.algorithm {
            KdfAlgorithm::Argon2id => write!(
                f,
                "{algorithm} with {memory}, {} passes, {} lanes",
                self.passes, self.parallelism
            ),
            KdfAlgorithm::Scrypt => {
                write!(f, "{algorithm} with {memory}, p={}", self.parallelism)
            }
            _ => write!(f, "{algorithm} with {} iterations", grouped(self.passes)),
        }
    }
}

/// Everything one unlock or import may derive: one derivation per slot it
/// tries, plus retries, in the order they would run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KdfDemand {
    /// Slots the file asks to try.
    pub slots: usize,
    /// Every derivation that may run (at least one per slot).
    pub derivations: Vec<KdfCost>,
}

impl KdfDemand {
    /// One slot, one derivation (a Twofold backup).
    pub fn single(cost: KdfCost) -> KdfDemand {
        KdfDemand {
            slots: 1,
            derivations: vec![cost],
        }
    }

    /// Adds a slot whose derivation may run once, or twice with a retry.
    pub fn add_slot(&mut self, cost: KdfCost, retry: bool) {
        self.slots = self.slots.saturating_add(1);
        self.derivations.push(cost);
        if retry {
            self.derivations.push(cost);
        }
    }

    /// The work of every derivation together.
    pub fn total_work_bytes(&self) -> u64 {
        self.derivations
            .iter()
            .fold(0u64, |total, cost| total.saturating_add(cost.work_bytes()))
    }

    /// The largest memory, passes and parallelism of any derivation (a file
    /// in practice gives all its slots one cost), for showing the cost to
    /// the user. `None` when nothing would be derived.
    pub fn largest(&self) -> Option<KdfCost> {
        let first = *self.derivations.first()?;
        Some(self.derivations.iter().fold(first, |most, cost| KdfCost {
            algorithm: most.algorithm,
            memory_bytes: most.memory_bytes.max(cost.memory_bytes),
            passes: most.passes.max(cost.passes),
            parallelism: most.parallelism.max(cost.parallelism),
        }))
    }

    /// The first limit this demand breaks, if any. Cheap: nothing is derived.
    pub fn check(&self) -> Result<(), KdfLimitError> {
        if self.slots > MAX_SLOTS {
            return Err(KdfLimitError::TooManySlots {
                slots: self.slots,
                limit: MAX_SLOTS,
            });
        }
        for cost in &self.derivations {
            if cost.algorithm.is_pbkdf2() && cost.passes > u64::from(MAX_PBKDF2_ITERATIONS) {
                return Err(KdfLimitError::TooManyIterations {
                    cost: *cost,
                    limit: MAX_PBKDF2_ITERATIONS,
                });
            }
            if cost.memory_bytes > MAX_MEMORY_BYTES {
                return Err(KdfLimitError::TooMuchMemory {
                    cost: *cost,
                    limit_bytes: MAX_MEMORY_BYTES,
                });
            }
            if cost.parallelism > MAX_PARALLELISM {
                return Err(KdfLimitError::TooParallel {
                    cost: *cost,
                    limit: MAX_PARALLELISM,
                });
            }
        }
        let work = self.total_work_bytes();
        if work > MAX_TOTAL_WORK_BYTES {
            return Err(KdfLimitError::TooMuchWork {
                work_bytes: work,
                derivations: self.derivations.len(),
                limit_bytes: MAX_TOTAL_WORK_BYTES,
            });
        }
        Ok(())
    }
}

/// Why a file's key derivation is refused: what it asked, and the limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KdfLimitError {
    #[error("it has {slots} password slots to try; this device tries at most {limit}")]
    TooManySlots { slots: usize, limit: usize },
    #[error(
        "one key derivation needs {} of memory ({cost}); this device allows at most {}",
        ByteSize(cost.memory_bytes),
        ByteSize(*limit_bytes)
    )]
    TooMuchMemory { cost: KdfCost, limit_bytes: u64 },
    #[error(
        "one key derivation asks for {} iterations ({cost}); this device allows at most {}",
        grouped(cost.passes),
        grouped(*limit)
    )]
    TooManyIterations { cost: KdfCost, limit: u32 },
    #[error("one key derivation asks for parallelism {} ({cost}); this device allows at most {limit}", cost.parallelism)]
    TooParallel { cost: KdfCost, limit: u32 },
    #[error(
        "its {derivations} key derivation(s) need {} of work in all; this device allows at most {}",
        ByteSize(*work_bytes),
        ByteSize(*limit_bytes)
    )]
    TooMuchWork {
        work_bytes: u64,
        derivations: usize,
        limit_bytes: u64,
    },
}

/// A byte count for people: whole MiB (or KiB below 1 MiB).
pub struct ByteSize(pub u64);

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= MIB {
            write!(f, "{} MiB", self.0 / MIB)
        } else {
            write!(f, "{} KiB", self.0 / 1024)
        }
    }
}

/// `n` with thousands separators, as the messages show counts: "100,000".
pub fn grouped(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_defaults_and_aegis_fit() {
        // Twofold's phone default (64 MiB, 3 passes) and Aegis's scrypt cost.
        let ours = KdfCost::argon2id(64 * 1024, 3, 1);
        assert_eq!(ours.work_bytes(), 192 * MIB);
        assert!(ours.check().is_ok());
        let aegis = KdfCost::scrypt(1 << 15, 8, 1);
        assert_eq!(aegis.memory_bytes, 32 * MIB);
        assert_eq!(aegis.work_bytes(), 64 * MIB);
        // Eight Aegis slots, every one with the legacy retry: exactly the budget.
        let mut demand = KdfDemand::default();
        for _ in 0..MAX_SLOTS {
            demand.add_slot(aegis, true);
        }
        assert_eq!(demand.total_work_bytes(), MAX_TOTAL_WORK_BYTES);
        assert!(demand.check().is_ok());
        // A slot more is refused for the count, before any cost is looked at.
        demand.add_slot(aegis, false);
        assert!(matches!(
            demand.check(),
            Err(KdfLimitError::TooManySlots { slots: 9, limit: 8 })
        ));
    }

    #[test]
    fn each_limit_is_named_with_what_was_asked() {
        let huge = KdfCost::argon2id(1024 * 1024, 64, 1);
        let error = huge.check().unwrap_err();
        assert!(matches!(error, KdfLimitError::TooMuchMemory { .. }));
        let text = error.to_string();
        assert!(
            text.contains("1024 MiB") && text.contains("256 MiB"),
            "{text}"
        );

        let slow = KdfCost::argon2id(256 * 1024, 5, 1);
        let error = slow.check().unwrap_err();
        assert!(matches!(
            error,
            KdfLimitError::TooMuchWork {
                work_bytes,
                derivations: 1,
                ..
            } if work_bytes == 1280 * MIB
        ));
        assert!(error.to_string().contains("1280 MiB"), "{error}");

        let wide = KdfCost::argon2id(64 * 1024, 1, 64);
        assert!(matches!(
            wide.check(),
            Err(KdfLimitError::TooParallel { limit: 16, .. })
        ));

        // scrypt's p multiplies its work; its memory stays 128·N·r.
        let parallel = KdfCost::scrypt(1 << 15, 8, 17);
        assert_eq!(parallel.memory_bytes, 32 * MIB);
        assert!(matches!(
            parallel.check(),
            Err(KdfLimitError::TooParallel { .. })
        ));
        let many = KdfCost::scrypt(1 << 16, 8, 9);
        assert!(matches!(
            many.check(),
            Err(KdfLimitError::TooMuchWork { .. })
        ));
    }

    #[test]
    fn pbkdf2_is_bounded_by_iterations_and_work() {
        // Bitwarden's default and largest settings, andOTP's and 2FAS's.
        for iterations in [600_000, 2_000_000, 160_000, 10_000] {
            assert!(KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha256, iterations)
                .check()
                .is_ok());
        }
        let sha256 = KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha256, 1_000_000);
        assert_eq!(sha256.work_bytes(), 128_000_000);
        let sha512 = KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha512, 1_000_000);
        assert_eq!(sha512.work_bytes(), 256_000_000);
        let error = KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha1, MAX_PBKDF2_ITERATIONS + 1)
            .check()
            .unwrap_err();
        assert!(matches!(error, KdfLimitError::TooManyIterations { .. }));
        let text = error.to_string();
        assert!(
            text.contains("5,000,001 iterations") && text.contains("PBKDF2-HMAC-SHA1"),
            "{text}"
        );
        // Two derivations at the iteration limit are past the work limit.
        let mut demand = KdfDemand::default();
        let most = KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha512, MAX_PBKDF2_ITERATIONS);
        demand.add_slot(most, true);
        assert!(matches!(
            demand.check(),
            Err(KdfLimitError::TooMuchWork { derivations: 2, .. })
        ));
    }

    #[test]
    fn absurd_numbers_saturate_instead_of_wrapping() {
        let absurd = KdfCost::scrypt(u64::MAX, u32::MAX, u32::MAX);
        assert_eq!(absurd.memory_bytes, u64::MAX);
        assert_eq!(absurd.work_bytes(), u64::MAX);
        assert!(absurd.check().is_err());
        let mut demand = KdfDemand::default();
        demand.add_slot(KdfCost::argon2id(u32::MAX, u32::MAX, 1), true);
        assert_eq!(demand.total_work_bytes(), u64::MAX);
        assert!(demand.check().is_err());
    }
}
