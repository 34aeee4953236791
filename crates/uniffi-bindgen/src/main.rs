//! The workspace's own UniFFI bindgen, pinned to the same UniFFI version as the
//! library. Run from the workspace root (the alias is in `.cargo/config.toml`):
//! `cargo uniffi-bindgen generate --library … --config uniffi.toml`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
