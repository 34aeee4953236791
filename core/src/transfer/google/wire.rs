//! The protobuf messages of the export, written by hand (no protoc) from the
//! schema Google Authenticator uses. Enums are kept as raw numbers so an
//! unknown value can be reported instead of silently read as the default.

use std::fmt;
use zeroize::Zeroize;

#[derive(Clone, PartialEq, prost::Message)]
#[prost(skip_debug)]
pub struct MigrationPayload {
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<OtpParameters>,
    #[prost(int32, tag = "2")]
    pub version: i32,
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
    #[prost(int32, tag = "5")]
    pub batch_id: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
#[prost(skip_debug)]
pub struct OtpParameters {
    #[prost(bytes = "vec", tag = "1")]
    pub secret: Vec<u8>,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub issuer: String,
    /// 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
    #[prost(int32, tag = "4")]
    pub algorithm: i32,
    /// 0 unspecified, 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    pub digits: i32,
    /// 0 unspecified, 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    pub kind: i32,
    #[prost(int64, tag = "7")]
    pub counter: i64,
}

/// The payload with each entry read as nothing: decoding it counts the
/// entries and reads the batch fields without allocating per entry, so
/// the claimed sizes can be checked before the real decode.
#[derive(Clone, PartialEq, prost::Message)]
pub struct PayloadOutline {
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<Skipped>,
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
}

/// An entry whose fields are all skipped (zero-sized, so a list of them
/// never allocates).
#[derive(Clone, PartialEq, prost::Message)]
pub struct Skipped {}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl fmt::Debug for MigrationPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MigrationPayload")
            .field("otp_parameters", &self.otp_parameters)
            .field("batch_index", &self.batch_index)
            .field("batch_size", &self.batch_size)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for OtpParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpParameters")
            .field("secret", &"<redacted>")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}
