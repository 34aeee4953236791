//! Google Authenticator export parsing never panics, and what it imports
//! exports and re-imports to the same accounts. Odd-first-byte inputs are
//! wrapped as the URI's Base64 data so the protobuf decoder gets raw bytes.
#![no_main]
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::google;

fuzz_target!(|data: &[u8]| {
    let uri = match data.split_first() {
        Some((first, payload)) if first % 2 == 1 => format!(
            "otpauth-migration://offline?data={}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload)
        ),
        _ => match std::str::from_utf8(data) {
            Ok(text) => text.to_string(),
            Err(_) => return,
        },
    };
    let Ok(file) = google::parse_uri(&uri) else {
        return;
    };
    let export = google::export_uris(&file.accounts, 7).expect("export of imported accounts");
    assert!(
        export.skipped.is_empty(),
        "an imported account must be exportable"
    );
    let mut again = Vec::new();
    for uri in &export.uris {
        again.extend(google::parse_uri(uri).expect("own export parses").accounts);
    }
    assert_eq!(again, file.accounts);
});
