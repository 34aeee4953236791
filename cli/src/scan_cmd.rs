//! `twofold scan FILE...`: decode the QR code in each image (scanner work).

use crate::failure::Failure;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_files: &[PathBuf]) -> Result<ExitCode, Failure> {
    Err(Failure::other("scan is not available yet"))
}
