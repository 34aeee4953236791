//! The enrollment flow (choose → scan or type → confirm → code → recovery
//! code → done) as one object both apps drive and render. Every action
//! returns the screen to show next.

use crate::account::PendingAccount;
use crate::codes::Code;
use crate::error::{FieldProblem, TwofoldError};
use crate::manual_entry::{to_core_entry, BareKey, ManualEntry};
use crate::scanner::Scanner;
use crate::vault::Vault;
use std::sync::{Arc, Mutex, MutexGuard};
use twofold_core::enroll;
use twofold_core::scan::{self, ScanOutcome as CoreOutcome};
use zeroize::Zeroizing;

/// How the user provides the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum EnrollMethod {
    /// The app's own camera scanner.
    Camera,
    /// A screenshot or photo from the gallery.
    Image,
    /// "Trouble Scanning": type the key the site shows.
    Manual,
}

impl From<EnrollMethod> for enroll::Method {
    fn from(method: EnrollMethod) -> Self {
        match method {
            EnrollMethod::Camera => enroll::Method::Camera,
            EnrollMethod::Image => enroll::Method::Image,
            EnrollMethod::Manual => enroll::Method::Manual,
        }
    }
}

impl From<enroll::Method> for EnrollMethod {
    fn from(method: enroll::Method) -> Self {
        match method {
            enroll::Method::Camera => EnrollMethod::Camera,
            enroll::Method::Image => EnrollMethod::Image,
            enroll::Method::Manual => EnrollMethod::Manual,
        }
    }
}

/// A hint the scanning screen shows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
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

impl From<enroll::ScanHint> for ScanHint {
    fn from(hint: enroll::ScanHint) -> Self {
        match hint {
            enroll::ScanHint::HoldSteady => ScanHint::HoldSteady,
            enroll::ScanHint::NoCodeInImage => ScanHint::NoCodeInImage,
            enroll::ScanHint::NotAnAuthenticatorCode { text } => {
                ScanHint::NotAnAuthenticatorCode { text }
            }
            enroll::ScanHint::InvalidSetupCode { reason } => ScanHint::InvalidSetupCode { reason },
            enroll::ScanHint::UseImportForExports => ScanHint::UseImportForExports,
        }
    }
}

/// An account already in the vault with the same secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExistingAccount {
    pub id: String,
    pub issuer: Option<String>,
    pub name: String,
    /// The core's label ("Issuer (name)").
    pub label: String,
}

/// What to do when the new account duplicates a stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DuplicateChoice {
    /// Replace the stored account (it goes to the trash, restorable).
    Replace,
    /// Add the new account beside the stored one.
    KeepBoth,
}

impl From<DuplicateChoice> for enroll::DuplicateChoice {
    fn from(choice: DuplicateChoice) -> Self {
        match choice {
            DuplicateChoice::Replace => enroll::DuplicateChoice::Replace,
            DuplicateChoice::KeepBoth => enroll::DuplicateChoice::KeepBoth,
        }
    }
}

/// The screen the flow is on.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum EnrollStep {
    /// Choose camera, image or typing.
    ChooseMethod,
    /// Scanning with the camera or from an image, with an optional hint.
    Scanning {
        method: EnrollMethod,
        hint: Option<ScanHint>,
    },
    /// The Trouble Scanning form with its current per-field problems.
    ManualEntry { problems: Vec<FieldProblem> },
    /// Issuer and name shown, editable. `duplicate` is set when the same
    /// secret is already stored; `short_key` when the key is under 128 bits.
    Confirm {
        issuer: Option<String>,
        name: String,
        duplicate: Option<ExistingAccount>,
        short_key: bool,
    },
    /// The account is saved; type this code into the site.
    ShowCode { account_id: String, code: Code },
    /// Optional: keep the site's recovery code (needs the acknowledgement).
    RecoveryCode {
        account_id: String,
        acknowledged: bool,
    },
    /// Finished; `account_id` is in the vault.
    Done { account_id: String },
    /// Left before saving (or cancelled at the code: the account is in the trash).
    Cancelled,
}

impl From<&enroll::Step> for EnrollStep {
    fn from(step: &enroll::Step) -> Self {
        match step.clone() {
            enroll::Step::ChooseMethod => EnrollStep::ChooseMethod,
            enroll::Step::Scanning { method, hint } => EnrollStep::Scanning {
                method: method.into(),
                hint: hint.map(ScanHint::from),
            },
            enroll::Step::ManualEntry { errors } => EnrollStep::ManualEntry {
                problems: errors.iter().map(FieldProblem::from).collect(),
            },
            enroll::Step::Confirm {
                issuer,
                name,
                duplicate,
                short_key,
            } => EnrollStep::Confirm {
                issuer,
                name,
                duplicate: duplicate.map(|d| ExistingAccount {
                    label: d.label(),
                    id: d.id,
                    issuer: d.issuer,
                    name: d.name,
                }),
                short_key,
            },
            enroll::Step::ShowCode { account_id, code } => EnrollStep::ShowCode {
                account_id,
                code: code.into(),
            },
            enroll::Step::RecoveryCode {
                account_id,
                acknowledged,
            } => EnrollStep::RecoveryCode {
                account_id,
                acknowledged,
            },
            enroll::Step::Done { account_id } => EnrollStep::Done { account_id },
            enroll::Step::Cancelled => EnrollStep::Cancelled,
        }
    }
}

type Flow = enroll::Enrollment<Arc<twofold_core::vault::Vault>>;

/// One run of the enrollment flow, saving into a vault. Safe to call from
/// any thread; actions are serialised. A refused action is
/// `TwofoldError.FlowRefused` and leaves the screen as it was.
#[derive(uniffi::Object)]
pub struct Enrollment {
    flow: Mutex<Flow>,
}

impl Enrollment {
    fn flow(&self) -> MutexGuard<'_, Flow> {
        // Every transition either completes or returns an error before
        // changing the step, so the state behind a poisoned lock is usable.
        self.flow
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn act(
        &self,
        action: impl FnOnce(&mut Flow) -> Result<&enroll::Step, twofold_core::Error>,
    ) -> Result<EnrollStep, TwofoldError> {
        let mut flow = self.flow();
        Ok(action(&mut flow)?.into())
    }
}

#[uniffi::export]
impl Enrollment {
    /// Starts the flow on the method choice, saving into `vault` (unlocked).
    #[uniffi::constructor]
    pub fn new(vault: &Vault) -> Arc<Self> {
        Arc::new(Enrollment {
            flow: Mutex::new(enroll::Enrollment::new(vault.core())),
        })
    }

    /// The screen to show now.
    pub fn step(&self) -> EnrollStep {
        self.flow().step().into()
    }

    /// Chooses camera, image or typing.
    pub fn choose(&self, method: EnrollMethod) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.choose(method.into()))
    }

    /// Feeds one camera frame (8-bit luma plane, see `scan_frame`) through
    /// `scanner` into the flow.
    pub fn submit_frame(
        &self,
        scanner: &Scanner,
        luma: &[u8],
        width: u32,
        height: u32,
        row_stride: u32,
    ) -> Result<EnrollStep, TwofoldError> {
        let outcome = scanner.scan_core_frame(luma, width, height, row_stride)?;
        self.act(|flow| flow.submit_scan(outcome))
    }

    /// Feeds a picked screenshot or photo (PNG, JPEG, WebP) into the flow.
    pub fn submit_image(&self, encoded: &[u8]) -> Result<EnrollStep, TwofoldError> {
        let outcome = scan::scan_image(encoded)?;
        self.act(|flow| flow.submit_scan(outcome))
    }

    /// Feeds an account obtained otherwise (a pasted or deep-linked otpauth
    /// URI) into the scanning step.
    pub fn submit_account(&self, account: &PendingAccount) -> Result<EnrollStep, TwofoldError> {
        let input = CoreOutcome::Account(account.account().clone());
        self.act(|flow| flow.submit_scan(input))
    }

    /// On the manual entry screen after a QR code that held only a key: that
    /// key, to fill in the key field (`BareKey.reveal_text()`). `None` when
    /// the user chose to type.
    pub fn scanned_key(&self) -> Option<Arc<BareKey>> {
        self.flow().scanned_key().map(|key| {
            let mut copy = Zeroizing::new(String::with_capacity(key.len()));
            copy.push_str(key);
            BareKey::new(copy)
        })
    }

    /// Live validation of the Trouble Scanning form as the user types.
    pub fn update_manual(
        &self,
        key: String,
        entry: ManualEntry,
    ) -> Result<EnrollStep, TwofoldError> {
        let entry = to_core_entry(key, entry);
        self.act(|flow| flow.update_manual(&entry))
    }

    /// Submits the Trouble Scanning form: on to confirm, or back with problems.
    pub fn submit_manual(
        &self,
        key: String,
        entry: ManualEntry,
    ) -> Result<EnrollStep, TwofoldError> {
        let entry = to_core_entry(key, entry);
        self.act(|flow| flow.submit_manual(&entry))
    }

    /// Edits issuer and name on the confirm screen.
    pub fn edit_labels(
        &self,
        issuer: Option<String>,
        name: String,
    ) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.edit_labels(issuer.as_deref(), &name))
    }

    /// Confirms: saves the account and shows its code. A duplicate needs a choice.
    pub fn confirm(
        &self,
        choice: Option<DuplicateChoice>,
        now: u64,
    ) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.confirm(choice.map(Into::into), now))
    }

    /// Recomputes the shown code at `now` (an HOTP code stays until used).
    pub fn refresh_code(&self, now: u64) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.refresh_code(now))
    }

    /// The user typed the code into the site: on to the recovery code.
    pub fn code_entered(&self) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.code_entered())
    }

    /// Ticks or unticks "I have securely saved this code".
    pub fn acknowledge(&self, acknowledged: bool) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.acknowledge(acknowledged))
    }

    /// Keeps the site's recovery code, encrypted, beside the account.
    pub fn save_recovery_code(&self, code: String, now: u64) -> Result<EnrollStep, TwofoldError> {
        let code = Zeroizing::new(code);
        self.act(|flow| flow.save_recovery_code(&code, now))
    }

    /// Finishes without a recovery code.
    pub fn skip_recovery_code(&self) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.skip_recovery_code())
    }

    /// One screen back; from the first screen, leaves the flow.
    pub fn back(&self, now: u64) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.back(now))
    }

    /// Leaves the flow (see the core for what happens to a saved account).
    pub fn cancel(&self, now: u64) -> Result<EnrollStep, TwofoldError> {
        self.act(|flow| flow.cancel(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FlowProblem;
    use crate::vault::KdfParams;

    const NOW: u64 = 1_700_000_000;

    fn vault(dir: &tempfile::TempDir) -> Arc<Vault> {
        let path = dir.path().join("vault.db").to_string_lossy().into_owned();
        let cheap = KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        Vault::create_with_password(path, "vault pass phrase".into(), Some(cheap), NOW)
            .expect("vault")
    }

    fn form(name: &str) -> ManualEntry {
        ManualEntry {
            name: name.into(),
            issuer: "ACME".into(),
            kind: None,
            algorithm: None,
            digits: 6,
            period: 30,
            counter: 0,
        }
    }

    #[test]
    fn manual_enrollment_saves_the_account_and_its_recovery_code() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = vault(&dir);
        let flow = Enrollment::new(&vault);
        assert_eq!(flow.step(), EnrollStep::ChooseMethod);
        assert!(matches!(
            flow.choose(EnrollMethod::Manual),
            Ok(EnrollStep::ManualEntry { .. })
        ));
        match flow.submit_manual("JBSW0Y3DPEHPK3PXP".into(), form("alice")) {
            Ok(EnrollStep::ManualEntry { problems }) => {
                assert_eq!(problems.len(), 1);
                assert_eq!(problems[0].field, crate::error::FormField::Key);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            flow.submit_manual("JBSWY3DPEHPK3PXP".into(), form("alice")),
            Ok(EnrollStep::Confirm {
                short_key: true,
                ..
            })
        ));
        let Ok(EnrollStep::ShowCode { account_id, code }) = flow.confirm(None, NOW) else {
            panic!("no code shown");
        };
        assert_eq!(code.value.len(), 6);
        assert!(matches!(
            flow.code_entered(),
            Ok(EnrollStep::RecoveryCode { .. })
        ));
        match flow.save_recovery_code("RC-1".into(), NOW) {
            Err(TwofoldError::FlowRefused { problem, .. }) => {
                assert_eq!(problem, FlowProblem::AcknowledgementRequired)
            }
            other => panic!("unexpected {other:?}"),
        }
        flow.acknowledge(true).expect("tick");
        assert_eq!(
            flow.save_recovery_code("RC-1".into(), NOW),
            Ok(EnrollStep::Done {
                account_id: account_id.clone()
            })
        );
        let listing = vault.list().expect("list");
        assert_eq!(listing.accounts.len(), 1);
        assert_eq!(listing.accounts[0].id, account_id);
        assert_eq!(
            vault
                .recovery_codes(account_id)
                .expect("recovery codes")
                .codes
                .len(),
            1
        );
    }

    /// A PNG of `text` as a QR code (5 px modules, 4-module quiet zone).
    fn qr_png(text: &str) -> Vec<u8> {
        let style = twofold_test_support::qr::Style {
            module_px: 5,
            ..twofold_test_support::qr::Style::PLAIN
        };
        twofold_test_support::qr::png_bytes(text, style)
    }

    #[test]
    fn a_bare_key_image_opens_manual_entry_filled_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = vault(&dir);
        let flow = Enrollment::new(&vault);
        flow.choose(EnrollMethod::Image).expect("image");
        let key = "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ";
        assert!(matches!(
            crate::scanner::scan_image(&qr_png(key)),
            Ok(crate::scanner::ScanOutcome::BareKey { key: scanned }) if scanned.characters() == 32
        ));
        assert!(matches!(
            flow.submit_image(&qr_png(key)),
            Ok(EnrollStep::ManualEntry { problems }) if problems.is_empty()
        ));
        let scanned = flow.scanned_key().expect("the scanned key");
        assert_eq!(scanned.reveal_text(), key);
        assert!(matches!(
            flow.submit_manual(scanned.reveal_text(), form("alice")),
            Ok(EnrollStep::Confirm { .. })
        ));
        flow.cancel(NOW).expect("cancel");
        assert!(flow.scanned_key().is_none());
    }
}
