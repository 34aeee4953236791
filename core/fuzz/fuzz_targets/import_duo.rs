//! Any text fed to the Duo Mobile importer returns accounts and per-entry
//! problems or a specific error, never a panic.
#![no_main]
twofold_core_fuzz::text_import_target!(twofold_core::transfer::duo::parse);
