//! Google Authenticator's export: `otpauth-migration://offline?data=…`, a
//! percent-encoded Base64 protobuf `MigrationPayload`.

use super::{ImportFile, MigrationError, PortableAccount};
use zeroize::Zeroizing;

/// Parses one `otpauth-migration://offline?data=…` URI.
pub fn parse_uri(_uri: &str) -> Result<ImportFile, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}

/// Builds export URIs, at most `per_code` accounts in each.
pub fn export_uris(
    _accounts: &[PortableAccount],
    _per_code: usize,
) -> Result<Vec<Zeroizing<String>>, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}
