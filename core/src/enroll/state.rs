//! What the flow shows at each step, and the inputs it takes.

use crate::key::FieldError;
use crate::otp::Code;

/// How the user provides the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The app's own camera scanner.
    Camera,
    /// A screenshot or photo from the gallery (the phone-only setup).
    Image,
    /// "Trouble Scanning": type the key the site shows.
    Manual,
}

/// A hint the scanning screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanHint {
    /// Frames keep coming without a code: hold the phone steady, fill the frame.
    HoldSteady,
    /// The image held no QR code at all.
    NoCodeInImage,
    /// A QR code was read but it is not an authenticator setup code.
    NotAnAuthenticatorCode { text: String },
    /// An authenticator setup code whose content is invalid (says why).
    InvalidSetupCode { reason: String },
    /// A Google Authenticator export: use Import instead.
    UseImportForExports,
}

/// An account already in the vault with the same secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingAccount {
    pub id: String,
    pub issuer: Option<String>,
    pub name: String,
}

impl ExistingAccount {
    /// The account's label ("Issuer (name)"), by the one rule in [`crate::display::label`].
    pub fn label(&self) -> String {
        crate::display::label(self.issuer.as_deref(), &self.name)
    }
}

/// What to do when the new account duplicates an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateChoice {
    /// Move the existing account to the trash (restorable; cancelling at the
    /// code brings it back) and add the new one at the end of the list, in
    /// one commit.
    Replace,
    /// Add the new account beside the existing one.
    KeepBoth,
}

/// The screen the flow is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    ChooseMethod,
    Scanning {
        method: Method,
        hint: Option<ScanHint>,
    },
    /// The Trouble Scanning form with the current per-field errors.
    ManualEntry {
        errors: Vec<FieldError>,
    },
    /// Issuer and name shown, editable. `duplicate` is set when the same secret
    /// is already stored. `short_key` when the key is under 128 bits.
    Confirm {
        issuer: Option<String>,
        name: String,
        duplicate: Option<ExistingAccount>,
        short_key: bool,
    },
    /// The account is saved; type this code into the site.
    ShowCode {
        account_id: String,
        code: Code,
    },
    /// Optional: keep the site's recovery code. Continuing with a code needs
    /// the "I have securely saved this code" acknowledgement.
    RecoveryCode {
        account_id: String,
        acknowledged: bool,
    },
    /// Finished; `account_id` is in the vault.
    Done {
        account_id: String,
    },
    /// Left before saving (or cancelled at the code, which moves the account to
    /// the trash).
    Cancelled,
}
