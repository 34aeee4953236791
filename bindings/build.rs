//! Link options that shrink the phone library without changing what it does
//! (docs/design.md §9: at most 3 MiB stripped).
//!
//! - Relative relocations packed (RELR on Linux, Android's own packed format,
//!   read by the loader since API 23): about 200 KB of `.rela.dyn` entries,
//!   one per pointer in the library's tables, become a few kilobytes.
//! - Identical code folded (`--icf=safe`): copies of one generic function
//!   monomorphised to the same machine code are kept once; "safe" folds only
//!   functions whose address is never compared.
//!
//! Both are lld options (the linker of the pinned Rust on x86_64 Linux and of
//! the Android NDK). Apple's linker gets none of them: it has its own packing.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let args: &[&str] = match (os.as_str(), env.as_str()) {
        ("android", _) => &["-Wl,--pack-dyn-relocs=android", "-Wl,--icf=safe"],
        ("linux", "gnu") => &["-Wl,-z,pack-relative-relocs", "-Wl,--icf=safe"],
        _ => &[],
    };
    for arg in args {
        println!("cargo:rustc-cdylib-link-arg={arg}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
