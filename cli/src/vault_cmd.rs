//! The vault commands of DESIGN.md §6 (vault work).

use crate::failure::Failure;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum VaultCommand {
    /// Create a new vault.
    Init,
}

pub fn run(_vault: Option<PathBuf>, _command: VaultCommand) -> Result<ExitCode, Failure> {
    Err(Failure::other("the vault is not available yet"))
}
