//! Directories the CLI makes are private to the user (0700): the vault and
//! its exports are encrypted, but a readable copy still lets anyone on the
//! machine guess passwords offline. A directory the user already had (the
//! parent of `--vault /tmp/x.sqlite`) is left as it is, except Twofold's own
//! default data directory, which an older version created 0755.

use std::io;
use std::path::Path;

/// Creates `dir` and any missing parents, each 0700. Existing ones keep their mode.
pub fn create(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Takes group and other access away from Twofold's own directory `dir`,
/// if it exists.
pub fn tighten(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = match std::fs::symlink_metadata(dir) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error),
        };
        let mode = metadata.permissions().mode() & 0o7777;
        if metadata.is_dir() && mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
