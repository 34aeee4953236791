//! Running the `twofold` binary against a vault, the way every CLI test does.

use std::path::Path;
use std::process::{Command, Output};

/// `twofold --vault VAULT` with `password` as the vault password, the test
/// KDF cost, and none of the other password variables a contributor's shell
/// may have exported. `binary` is the test's `env!("CARGO_BIN_EXE_twofold")`.
pub fn command(binary: &str, vault: &Path, password: &str) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("--vault")
        .arg(vault)
        .env("TWOFOLD_PASSWORD", password)
        .env("TWOFOLD_INSECURE_TEST_KDF", "1")
        .env_remove("TWOFOLD_FILE_PASSWORD")
        .env_remove("TWOFOLD_NEW_PASSWORD");
    command
}

/// Runs `command` to its end; panics if it could not be started.
pub fn run(command: &mut Command) -> Output {
    command.output().expect("running twofold")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
