//! What the workspace's tests share, so that each helper exists once: QR
//! codes drawn as images ([`qr`]), the CLI run against a vault ([`cli`]), camera-like frames for the scanner
//! ([`frames`]) and the check that a printed value hides a secret in every
//! encoding ([`redaction`]). A dev-dependency only.

pub mod cli;
pub mod frames;
pub mod qr;
pub mod redaction;
