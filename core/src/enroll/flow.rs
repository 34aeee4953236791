//! The transitions of the enrollment flow.

use super::state::{DuplicateChoice, ExistingAccount, Method, ScanHint, Step};
use super::store::EnrollmentStore;
use crate::account::OtpKind;
use crate::key::{label_problem, validate_entry, Field, ManualEntry};
use crate::scan::ScanOutcome;
use crate::{otp, Error, NewAccount};
use zeroize::Zeroizing;

/// A step of the enrollment flow asked for something it cannot do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("cannot {action} on the {step} screen")]
    NotAllowedHere {
        action: &'static str,
        step: &'static str,
    },
    #[error("this account is already in the app: choose replace or keep both")]
    DuplicateChoiceRequired,
    #[error("confirm that you have securely saved the recovery code")]
    AcknowledgementRequired,
    #[error("the recovery code is empty")]
    RecoveryCodeEmpty,
}

/// Empty camera frames before the scanning screen suggests holding steady
/// (about two seconds at typical analysis rates).
const FRAMES_BEFORE_HOLD_STEADY_HINT: u32 = 30;

/// One run of the enrollment flow over a store (normally the vault).
pub struct Enrollment<S: EnrollmentStore> {
    store: S,
    step: Step,
    method: Option<Method>,
    pending: Option<NewAccount>,
    short_key: bool,
    duplicate: Option<ExistingAccount>,
    /// Set once the account is saved (from "show code" on).
    saved_id: Option<String>,
    /// The account moved to the trash by "replace", restored on cancel.
    replaced_id: Option<String>,
    empty_frames: u32,
    /// A key read from a bare-key QR code, pre-filling manual entry.
    scanned_key: Option<Zeroizing<String>>,
    /// The last code shown; an HOTP code is shown again rather than advancing
    /// the counter a second time.
    last_code: Option<otp::Code>,
}

impl<S: EnrollmentStore> Enrollment<S> {
    pub fn new(store: S) -> Self {
        Enrollment {
            store,
            step: Step::ChooseMethod,
            method: None,
            pending: None,
            short_key: false,
            duplicate: None,
            saved_id: None,
            replaced_id: None,
            empty_frames: 0,
            scanned_key: None,
            last_code: None,
        }
    }

    /// The saved account's code at `now`, reusing an HOTP code already shown.
    fn show_code(&mut self, id: String, now: u64) -> Result<(), Error> {
        let is_hotp = self
            .pending
            .as_ref()
            .is_some_and(|a| matches!(a.params.kind, OtpKind::Hotp { .. }));
        let code = match (&self.last_code, is_hotp) {
            (Some(code), true) => code.clone(),
            _ => self.store.code(&id, now)?,
        };
        self.last_code = Some(code.clone());
        self.step = Step::ShowCode {
            account_id: id,
            code,
        };
        Ok(())
    }

    /// The screen to show.
    pub fn step(&self) -> &Step {
        &self.step
    }

    /// On the manual entry screen after scanning a QR code that held only a
    /// key: that key, to fill in the key field (the user adds the name).
    pub fn scanned_key(&self) -> Option<&str> {
        self.scanned_key.as_deref().map(String::as_str)
    }

    /// The store the flow writes to.
    pub fn store(&self) -> &S {
        &self.store
    }

    fn not_here(&self, action: &'static str) -> Error {
        Error::Flow(FlowError::NotAllowedHere {
            action,
            step: step_name(&self.step),
        })
    }

    /// Choose camera, image or typing.
    pub fn choose(&mut self, method: Method) -> Result<&Step, Error> {
        if self.step != Step::ChooseMethod {
            return Err(self.not_here("choose a method"));
        }
        self.method = Some(method);
        self.empty_frames = 0;
        self.step = match method {
            Method::Camera | Method::Image => Step::Scanning { method, hint: None },
            Method::Manual => Step::ManualEntry { errors: Vec::new() },
        };
        Ok(&self.step)
    }

    /// Feeds what the scanner found in a camera frame or picked image.
    pub fn submit_scan(&mut self, input: ScanOutcome) -> Result<&Step, Error> {
        let Step::Scanning { method, .. } = self.step else {
            return Err(self.not_here("submit a scan"));
        };
        let hint = match input {
            ScanOutcome::Account(account) => {
                self.empty_frames = 0;
                self.go_to_confirm(account, false)?;
                return Ok(&self.step);
            }
            ScanOutcome::InvalidAccount { error } => Some(ScanHint::InvalidSetupCode {
                reason: error.to_string(),
            }),
            ScanOutcome::Migration { .. } | ScanOutcome::InvalidMigration { .. } => {
                Some(ScanHint::UseImportForExports)
            }
            ScanOutcome::BareKey { key } => {
                // Only a key: the rest (name, issuer) is typed by hand.
                self.empty_frames = 0;
                self.scanned_key = Some(key);
                self.step = Step::ManualEntry { errors: Vec::new() };
                return Ok(&self.step);
            }
            ScanOutcome::NotAnAuthenticatorCode { text } => {
                Some(ScanHint::NotAnAuthenticatorCode { text })
            }
            ScanOutcome::Nothing if method == Method::Image => Some(ScanHint::NoCodeInImage),
            ScanOutcome::Nothing => {
                self.empty_frames = self.empty_frames.saturating_add(1);
                match &self.step {
                    // Keep a more specific hint until something else is read.
                    Step::Scanning {
                        hint: Some(hint), ..
                    } if *hint != ScanHint::HoldSteady => Some(hint.clone()),
                    _ => (self.empty_frames >= FRAMES_BEFORE_HOLD_STEADY_HINT)
                        .then_some(ScanHint::HoldSteady),
                }
            }
        };
        self.step = Step::Scanning { method, hint };
        Ok(&self.step)
    }

    /// Live validation of the Trouble Scanning form as the user types.
    pub fn update_manual(&mut self, entry: &ManualEntry) -> Result<&Step, Error> {
        if !matches!(self.step, Step::ManualEntry { .. }) {
            return Err(self.not_here("edit the key form"));
        }
        let errors = validate_entry(entry).err().unwrap_or_default();
        self.step = Step::ManualEntry { errors };
        Ok(&self.step)
    }

    /// Submits the Trouble Scanning form: on to confirm, or back with errors.
    pub fn submit_manual(&mut self, entry: &ManualEntry) -> Result<&Step, Error> {
        if !matches!(self.step, Step::ManualEntry { .. }) {
            return Err(self.not_here("submit the key form"));
        }
        match validate_entry(entry) {
            Ok(valid) => self.go_to_confirm(valid.account, valid.shorter_than_recommended)?,
            Err(errors) => self.step = Step::ManualEntry { errors },
        }
        Ok(&self.step)
    }

    fn go_to_confirm(&mut self, account: NewAccount, short_key: bool) -> Result<(), Error> {
        self.duplicate = self.store.find_same_secret(&account.secret)?;
        self.short_key = short_key;
        self.pending = Some(account);
        self.show_confirm();
        Ok(())
    }

    fn show_confirm(&mut self) {
        if let Some(account) = &self.pending {
            self.step = Step::Confirm {
                issuer: account.issuer.clone(),
                name: account.name.clone(),
                duplicate: if self.saved_id.is_some() {
                    None
                } else {
                    self.duplicate.clone()
                },
                short_key: self.short_key,
            };
        }
    }

    /// Edits issuer and name on the confirm screen.
    pub fn edit_labels(&mut self, issuer: Option<&str>, name: &str) -> Result<&Step, Error> {
        if !matches!(self.step, Step::Confirm { .. }) {
            return Err(self.not_here("edit issuer and name"));
        }
        let issuer = issuer.map(str::trim).filter(|i| !i.is_empty());
        let name = name.trim();
        let problems: Vec<_> = [
            label_problem(Field::Name, name),
            issuer.and_then(|i| label_problem(Field::Issuer, i)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !problems.is_empty() {
            return Err(Error::Form(problems));
        }
        if let Some(account) = self.pending.as_mut() {
            account.issuer = issuer.map(str::to_string);
            account.name = name.to_string();
        }
        self.show_confirm();
        Ok(&self.step)
    }

    /// Confirms: saves the account (or, coming back from the code, renames it)
    /// and shows its code. A duplicate needs a choice.
    pub fn confirm(&mut self, choice: Option<DuplicateChoice>, now: u64) -> Result<&Step, Error> {
        let (Step::Confirm { .. }, Some(account)) = (&self.step, &self.pending) else {
            return Err(self.not_here("confirm"));
        };
        let id = match &self.saved_id {
            Some(id) => {
                self.store
                    .rename(id, account.issuer.as_deref(), &account.name, now)?;
                id.clone()
            }
            None => {
                let id = match (&self.duplicate, choice) {
                    (Some(_), None) => return Err(Error::Flow(FlowError::DuplicateChoiceRequired)),
                    (Some(existing), Some(DuplicateChoice::Replace)) => {
                        let id = self.store.replace(&existing.id, account, now)?;
                        self.replaced_id = Some(existing.id.clone());
                        id
                    }
                    _ => self.store.add(account, now)?,
                };
                self.saved_id = Some(id.clone());
                id
            }
        };
        self.show_code(id, now)?;
        Ok(&self.step)
    }

    /// Recomputes the shown code at `now` (TOTP and Steam; an HOTP code stays
    /// until used, so its counter is not advanced again).
    pub fn refresh_code(&mut self, now: u64) -> Result<&Step, Error> {
        let (Step::ShowCode { account_id, .. }, Some(account)) = (&self.step, &self.pending) else {
            return Err(self.not_here("refresh the code"));
        };
        if !matches!(account.params.kind, OtpKind::Hotp { .. }) {
            let code = otp::generate(&account.secret, &account.params, now)?;
            self.step = Step::ShowCode {
                account_id: account_id.clone(),
                code,
            };
        }
        Ok(&self.step)
    }

    /// The user typed the code into the site: on to the recovery code.
    pub fn code_entered(&mut self) -> Result<&Step, Error> {
        let Step::ShowCode { account_id, .. } = &self.step else {
            return Err(self.not_here("continue from the code"));
        };
        self.step = Step::RecoveryCode {
            account_id: account_id.clone(),
            acknowledged: false,
        };
        Ok(&self.step)
    }

    /// Ticks or unticks "I have securely saved this code".
    pub fn acknowledge(&mut self, acknowledged: bool) -> Result<&Step, Error> {
        let Step::RecoveryCode { account_id, .. } = &self.step else {
            return Err(self.not_here("acknowledge the recovery code"));
        };
        self.step = Step::RecoveryCode {
            account_id: account_id.clone(),
            acknowledged,
        };
        Ok(&self.step)
    }

    /// Keeps the site's recovery code, encrypted, beside the account.
    pub fn save_recovery_code(&mut self, code: &str, now: u64) -> Result<&Step, Error> {
        let Step::RecoveryCode {
            account_id,
            acknowledged,
        } = &self.step
        else {
            return Err(self.not_here("save a recovery code"));
        };
        if !acknowledged {
            return Err(Error::Flow(FlowError::AcknowledgementRequired));
        }
        let code = code.trim();
        if code.is_empty() {
            return Err(Error::Flow(FlowError::RecoveryCodeEmpty));
        }
        self.store.save_recovery_code(account_id, code, now)?;
        self.step = Step::Done {
            account_id: account_id.clone(),
        };
        Ok(&self.step)
    }

    /// Finishes without a recovery code.
    pub fn skip_recovery_code(&mut self) -> Result<&Step, Error> {
        let Step::RecoveryCode { account_id, .. } = &self.step else {
            return Err(self.not_here("skip the recovery code"));
        };
        self.step = Step::Done {
            account_id: account_id.clone(),
        };
        Ok(&self.step)
    }

    /// One screen back. From the first screen, back leaves the flow.
    pub fn back(&mut self, now: u64) -> Result<&Step, Error> {
        match &self.step {
            Step::ChooseMethod => self.step = Step::Cancelled,
            // Manual entry opened by a scanned key: back to the scanner.
            Step::ManualEntry { .. } if self.scanned_key.is_some() => {
                self.scanned_key = None;
                self.step = match self.method {
                    Some(method @ (Method::Camera | Method::Image)) => {
                        Step::Scanning { method, hint: None }
                    }
                    _ => Step::ChooseMethod,
                };
            }
            Step::Scanning { .. } | Step::ManualEntry { .. } => {
                self.method = None;
                self.step = Step::ChooseMethod;
            }
            Step::Confirm { .. } if self.saved_id.is_some() => {
                // Already saved: back returns to the code without changes.
                let id = self.saved_id.clone().unwrap_or_default();
                self.show_code(id, now)?;
            }
            Step::Confirm { .. } => {
                self.pending = None;
                self.duplicate = None;
                self.step = match self.method {
                    _ if self.scanned_key.is_some() => Step::ManualEntry { errors: Vec::new() },
                    Some(Method::Manual) | None => Step::ManualEntry { errors: Vec::new() },
                    Some(method) => Step::Scanning { method, hint: None },
                };
            }
            Step::ShowCode { .. } => self.show_confirm(),
            Step::RecoveryCode { account_id, .. } => {
                let id = account_id.clone();
                self.show_code(id, now)?;
            }
            Step::Done { .. } | Step::Cancelled => {}
        }
        Ok(&self.step)
    }

    /// Leaves the flow. Before the code is shown nothing was saved. At the code,
    /// the site never got it, so the new account goes to the trash (and a
    /// replaced one comes back). At the recovery code the site already accepted
    /// the code, so the account stays and the flow is done.
    pub fn cancel(&mut self, now: u64) -> Result<&Step, Error> {
        match &self.step {
            Step::ShowCode { .. } | Step::Confirm { .. } if self.saved_id.is_some() => {
                if let Some(id) = self.saved_id.take() {
                    self.store.trash(&id, now)?;
                }
                if let Some(id) = self.replaced_id.take() {
                    self.store.restore(&id, now)?;
                }
                self.step = Step::Cancelled;
            }
            Step::RecoveryCode { account_id, .. } => {
                self.step = Step::Done {
                    account_id: account_id.clone(),
                }
            }
            Step::Done { .. } => {}
            _ => self.step = Step::Cancelled,
        }
        self.pending = None;
        self.scanned_key = None;
        Ok(&self.step)
    }
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::ChooseMethod => "choose method",
        Step::Scanning { .. } => "scanning",
        Step::ManualEntry { .. } => "manual entry",
        Step::Confirm { .. } => "confirm",
        Step::ShowCode { .. } => "show code",
        Step::RecoveryCode { .. } => "recovery code",
        Step::Done { .. } => "done",
        Step::Cancelled => "cancelled",
    }
}
