//! Any text fed to the FreeOTP (XML) and FreeOTP+ (JSON) importer returns accounts and per-entry
//! problems or a specific error, never a panic.
#![no_main]
twofold_core_fuzz::text_import_target!(
    twofold_core::transfer::freeotp::parse_xml,
    twofold_core::transfer::freeotp::parse_plus_json,
);
