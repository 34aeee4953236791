//! Google Authenticator's export schema, written again for the tests so the
//! importer is checked against an independent definition.

use prost::Message;

#[derive(Clone, PartialEq, Message)]
pub struct Payload {
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<Parameters>,
    #[prost(int32, tag = "2")]
    pub version: i32,
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
    #[prost(int32, tag = "5")]
    pub batch_id: i32,
}

#[derive(Clone, PartialEq, Message)]
pub struct Parameters {
    #[prost(bytes = "vec", tag = "1")]
    pub secret: Vec<u8>,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub issuer: String,
    #[prost(int32, tag = "4")]
    pub algorithm: i32,
    #[prost(int32, tag = "5")]
    pub digits: i32,
    #[prost(int32, tag = "6")]
    pub kind: i32,
    #[prost(int64, tag = "7")]
    pub counter: i64,
}
