//! The vault file on disk: exclusive creation and private file modes.
//!
//! A new vault is built completely under a unique temporary name next to its
//! final path, then linked into place with `link(2)`, which never replaces an
//! existing file. Two creators racing for one path therefore cannot both win,
//! and the loser only ever removes its own temporary file.
//!
//! On Unix the vault and its SQLite companions (`-wal`, `-shm`, migration
//! copies) are readable by their owner only (0600): anyone who can copy the
//! file can guess passwords offline.

use crate::vault::error::VaultError;
use rusqlite::{Connection, OpenFlags};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// `vault.sqlite` → `vault.sqlite-wal` etc.
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// SQLite's companions of a database file.
const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Creates `path`, failing if anything exists there, with mode 0600
/// whatever the umask.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // The umask can only clear bits; set the mode exactly.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(file)
}

/// Removes group and other access from `path` if it exists (Unix only).
pub fn make_private(path: &Path) -> Result<(), VaultError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match std::fs::metadata(path) {
            Ok(metadata) => metadata.permissions().mode(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes the vault file and every companion that exists private.
pub fn make_vault_private(path: &Path) -> Result<(), VaultError> {
    make_private(path)?;
    for suffix in SIDECARS {
        make_private(&sidecar(path, suffix))?;
    }
    Ok(())
}

/// A vault being built under a temporary name. Dropping it removes the
/// temporary file and its companions, and nothing else.
pub struct NewVaultFile {
    temp: PathBuf,
    target: PathBuf,
}

impl NewVaultFile {
    /// Creates the empty temporary file (0600) and opens it. The caller
    /// builds the schema through the connection, then calls [`Self::install`].
    pub fn start(target: &Path) -> Result<(NewVaultFile, Connection), VaultError> {
        if target.exists() {
            return Err(VaultError::AlreadyExists);
        }
        let name = target
            .file_name()
            .ok_or_else(|| VaultError::Storage("the vault path has no file name".into()))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".creating-{}", uuid::Uuid::new_v4()));
        let temp = target.with_file_name(temp_name);
        create_private(&temp)?;
        let pending = NewVaultFile {
            temp,
            target: target.to_path_buf(),
        };
        // A rollback journal while building: the finished file must not
        // depend on a `-wal` named after the temporary file.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&pending.temp, flags)?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        Ok((pending, conn))
    }

    /// Closes the built file and links it into place, refusing to replace
    /// anything that appeared at the target meanwhile. Returns what
    /// identifies the installed file, for [`remove_if_installed`].
    pub fn install(self, conn: Connection) -> Result<Installed, VaultError> {
        conn.close().map_err(|(_, error)| VaultError::from(error))?;
        let built = File::open(&self.temp)?;
        built.sync_all()?;
        let installed = Installed::of(&built.metadata()?);
        match std::fs::hard_link(&self.temp, &self.target) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(VaultError::AlreadyExists)
            }
            // No hard links here (e.g. FAT): claim the target exclusively and copy.
            Err(_) => return self.copy_into_place(),
        }
        sync_parent(&self.target);
        Ok(installed)
    }

    fn copy_into_place(&self) -> Result<Installed, VaultError> {
        let mut target = create_private(&self.target).map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                VaultError::AlreadyExists
            } else {
                VaultError::from(error)
            }
        })?;
        let copied = std::io::copy(&mut File::open(&self.temp)?, &mut target)
            .and_then(|_| target.sync_all());
        if let Err(error) = copied {
            // The target is the file this call just created.
            drop(target);
            let _ = std::fs::remove_file(&self.target);
            return Err(error.into());
        }
        sync_parent(&self.target);
        Ok(Installed::of(&target.metadata()?))
    }
}

impl Drop for NewVaultFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.temp);
        for suffix in SIDECARS {
            let _ = std::fs::remove_file(sidecar(&self.temp, suffix));
        }
    }
}

/// Makes a new directory entry durable (best effort: not every platform
/// can open a directory).
fn sync_parent(path: &Path) {
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(dir) = File::open(parent) {
            let _ = dir.sync_all();
        }
    }
}

/// Which file a creation installed (device and inode on Unix).
pub struct Installed(#[cfg(unix)] (u64, u64));

impl Installed {
    fn of(metadata: &std::fs::Metadata) -> Installed {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Installed((metadata.dev(), metadata.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = metadata;
            Installed()
        }
    }
}

/// Undoes a creation that failed after installing: removes `path` only if
/// it is still the very file this call installed (Unix). Elsewhere the
/// complete, valid vault is left in place.
pub fn remove_if_installed(path: &Path, installed: &Installed) {
    #[cfg(unix)]
    if std::fs::metadata(path).is_ok_and(|now| Installed::of(&now).0 == installed.0) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(path, suffix));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, installed);
}
