//! The workspace's own UniFFI bindgen, pinned to the same UniFFI version as the
//! library. Run from the workspace root:
//! `cargo run -p twofold-ffi --features bindgen --bin uniffi-bindgen -- generate --library … --config uniffi.toml`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
