//! The enrollment flow of the seed as one state machine both apps render:
//! choose a method → scan (camera or image) or type the key → confirm issuer and
//! name → show the code (the account is saved here) → optionally keep the site's
//! recovery code → done. Back and cancel work from every state.

mod flow;
mod state;
mod store;

pub use flow::{Enrollment, FlowError};
pub use state::{DuplicateChoice, ExistingAccount, Method, ScanHint, Step};
pub use store::EnrollmentStore;

#[cfg(test)]
mod tests;
