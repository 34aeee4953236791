//! Transition tests over an in-memory store. The end-to-end tests run the same
//! flow over the real vault against the simulated website.

use super::FlowError;
use super::*;
use crate::key::{Field, ManualEntry};
use crate::otp::{self, Code};
use crate::scan::ScanOutcome;
use crate::Error;
use crate::{uri, NewAccount, Secret};
use std::cell::RefCell;

#[derive(Default)]
struct MemoryStore {
    accounts: RefCell<Vec<(String, NewAccount, bool)>>, // (id, account, trashed)
    recovery: RefCell<Vec<(String, String)>>,
}

impl EnrollmentStore for MemoryStore {
    fn find_same_secret(&self, secret: &Secret) -> Result<Option<ExistingAccount>, Error> {
        Ok(self
            .accounts
            .borrow()
            .iter()
            .find(|(_, a, trashed)| !trashed && a.secret == *secret)
            .map(|(id, a, _)| ExistingAccount {
                id: id.clone(),
                issuer: a.issuer.clone(),
                name: a.name.clone(),
            }))
    }
    fn add(&self, account: &NewAccount, _now: u64) -> Result<String, Error> {
        let id = format!("id-{}", self.accounts.borrow().len());
        self.accounts
            .borrow_mut()
            .push((id.clone(), account.clone(), false));
        Ok(id)
    }
    fn rename(&self, id: &str, issuer: Option<&str>, name: &str, _now: u64) -> Result<(), Error> {
        for (i, a, _) in self.accounts.borrow_mut().iter_mut() {
            if i == id {
                a.issuer = issuer.map(str::to_string);
                a.name = name.to_string();
            }
        }
        Ok(())
    }
    fn replace(&self, existing_id: &str, account: &NewAccount, now: u64) -> Result<String, Error> {
        self.set_trashed(existing_id, true);
        self.add(account, now)
    }
    fn trash(&self, id: &str, _now: u64) -> Result<(), Error> {
        self.set_trashed(id, true);
        Ok(())
    }
    fn restore(&self, id: &str, _now: u64) -> Result<(), Error> {
        self.set_trashed(id, false);
        Ok(())
    }
    fn code(&self, id: &str, now: u64) -> Result<Code, Error> {
        let accounts = self.accounts.borrow();
        let (_, account, _) = accounts
            .iter()
            .find(|(i, _, _)| i == id)
            .ok_or(Error::Flow(FlowError::RecoveryCodeEmpty))?;
        Ok(otp::generate(&account.secret, &account.params, now)?)
    }
    fn save_recovery_code(&self, id: &str, code: &str, _now: u64) -> Result<(), Error> {
        self.recovery.borrow_mut().push((id.into(), code.into()));
        Ok(())
    }
}

impl MemoryStore {
    fn set_trashed(&self, id: &str, value: bool) {
        for (i, _, trashed) in self.accounts.borrow_mut().iter_mut() {
            if i == id {
                *trashed = value;
            }
        }
    }
    fn live(&self) -> Vec<String> {
        self.accounts
            .borrow()
            .iter()
            .filter(|(_, _, t)| !t)
            .map(|(id, _, _)| id.clone())
            .collect()
    }
}

const URI: &str = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co";

fn scanned() -> ScanOutcome {
    ScanOutcome::Account(uri::parse(URI).unwrap())
}

#[test]
fn camera_happy_path_saves_at_show_code_and_keeps_recovery_code() {
    let mut flow = Enrollment::new(MemoryStore::default());
    flow.choose(Method::Camera).unwrap();
    for _ in 0..29 {
        flow.submit_scan(ScanOutcome::Nothing).unwrap();
    }
    assert_eq!(
        flow.step(),
        &Step::Scanning {
            method: Method::Camera,
            hint: None
        }
    );
    flow.submit_scan(ScanOutcome::Nothing).unwrap();
    assert_eq!(
        flow.step(),
        &Step::Scanning {
            method: Method::Camera,
            hint: Some(ScanHint::HoldSteady)
        }
    );
    flow.submit_scan(scanned()).unwrap();
    assert_eq!(
        flow.step(),
        &Step::Confirm {
            issuer: Some("ACME Co".into()),
            name: "john.doe@email.com".into(),
            duplicate: None,
            short_key: false
        }
    );
    assert!(
        flow.store().live().is_empty(),
        "nothing saved before confirm"
    );
    flow.confirm(None, 1111111109).unwrap();
    let Step::ShowCode { account_id, code } = flow.step().clone() else {
        panic!("{:?}", flow.step())
    };
    assert_eq!(code.value, "362012");
    assert_eq!(
        flow.store().live(),
        vec![account_id.clone()],
        "saved at show code"
    );
    flow.refresh_code(1111111111 + 30).unwrap();
    assert!(matches!(flow.step(), Step::ShowCode { code, .. } if code.valid_from == 1111111140));
    flow.code_entered().unwrap();
    assert_eq!(
        flow.save_recovery_code("ABCD-EFGH", 0).unwrap_err(),
        Error::Flow(FlowError::AcknowledgementRequired)
    );
    flow.acknowledge(true).unwrap();
    assert_eq!(
        flow.save_recovery_code("  ", 0).unwrap_err(),
        Error::Flow(FlowError::RecoveryCodeEmpty)
    );
    flow.save_recovery_code("ABCD-EFGH", 0).unwrap();
    assert_eq!(
        flow.step(),
        &Step::Done {
            account_id: account_id.clone()
        }
    );
    assert_eq!(
        flow.store().recovery.borrow().as_slice(),
        &[(account_id, "ABCD-EFGH".to_string())]
    );
}

#[test]
fn scan_hints_for_every_kind_of_wrong_code() {
    let mut flow = Enrollment::new(MemoryStore::default());
    flow.choose(Method::Camera).unwrap();
    flow.submit_scan(ScanOutcome::NotAnAuthenticatorCode {
        text: "https://example.com".into(),
    })
    .unwrap();
    assert_eq!(
        flow.step(),
        &Step::Scanning {
            method: Method::Camera,
            hint: Some(ScanHint::NotAnAuthenticatorCode {
                text: "https://example.com".into()
            })
        }
    );
    // An empty frame keeps the specific hint visible.
    flow.submit_scan(ScanOutcome::Nothing).unwrap();
    assert!(matches!(
        flow.step(),
        Step::Scanning {
            hint: Some(ScanHint::NotAnAuthenticatorCode { .. }),
            ..
        }
    ));
    flow.submit_scan(ScanOutcome::InvalidAccount {
        error: uri::parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=4").unwrap_err(),
    })
    .unwrap();
    assert!(
        matches!(flow.step(), Step::Scanning { hint: Some(ScanHint::InvalidSetupCode { reason }), .. } if reason.contains("digits"))
    );
    flow.submit_scan(ScanOutcome::from_text(
        "otpauth-migration://offline?data=AA",
    ))
    .unwrap();
    assert!(matches!(
        flow.step(),
        Step::Scanning {
            hint: Some(ScanHint::UseImportForExports),
            ..
        }
    ));

    let mut image = Enrollment::new(MemoryStore::default());
    image.choose(Method::Image).unwrap();
    image.submit_scan(ScanOutcome::Nothing).unwrap();
    assert_eq!(
        image.step(),
        &Step::Scanning {
            method: Method::Image,
            hint: Some(ScanHint::NoCodeInImage)
        }
    );
}

fn entry(key: &str, name: &str, issuer: &str) -> ManualEntry {
    ManualEntry {
        key: key.to_string().into(),
        name: name.into(),
        issuer: issuer.into(),
        ..ManualEntry::default()
    }
}

#[test]
fn trouble_scanning_validates_as_the_user_types() {
    let mut flow = Enrollment::new(MemoryStore::default());
    flow.choose(Method::Manual).unwrap();
    flow.update_manual(&entry("hxdm vjec 0", "", "")).unwrap();
    let Step::ManualEntry { errors } = flow.step() else {
        panic!()
    };
    assert_eq!(
        errors.iter().map(|e| e.field()).collect::<Vec<_>>(),
        vec![Field::Key, Field::Name]
    );
    flow.submit_manual(&entry(
        "hxdm vjec jjws rb3h wizr 4ifu gftm xboz",
        "john.doe@email.com",
        "ACME Co",
    ))
    .unwrap();
    assert!(matches!(
        flow.step(),
        Step::Confirm {
            short_key: false,
            ..
        }
    ));
    flow.edit_labels(Some("ACME"), "john").unwrap();
    assert!(
        matches!(flow.step(), Step::Confirm { issuer: Some(i), name, .. } if i == "ACME" && name == "john")
    );
    assert!(matches!(
        flow.edit_labels(None, "a\u{1}b"),
        Err(Error::Form(_))
    ));
    flow.confirm(None, 59).unwrap();
    assert!(matches!(flow.step(), Step::ShowCode { .. }));
}

#[test]
fn duplicates_need_a_choice_and_replace_is_undoable() {
    let store = MemoryStore::default();
    store.add(&uri::parse(URI).unwrap(), 0).unwrap();
    let mut flow = Enrollment::new(store);
    flow.choose(Method::Image).unwrap();
    flow.submit_scan(scanned()).unwrap();
    assert!(
        matches!(flow.step(), Step::Confirm { duplicate: Some(existing), .. } if existing.id == "id-0")
    );
    assert_eq!(
        flow.confirm(None, 0).unwrap_err(),
        Error::Flow(FlowError::DuplicateChoiceRequired)
    );
    flow.confirm(Some(DuplicateChoice::Replace), 0).unwrap();
    assert_eq!(flow.store().live(), vec!["id-1".to_string()]);
    flow.cancel(0).unwrap();
    assert_eq!(flow.step(), &Step::Cancelled);
    assert_eq!(
        flow.store().live(),
        vec!["id-0".to_string()],
        "cancel trashed the new one and restored the old"
    );

    let store = MemoryStore::default();
    store.add(&uri::parse(URI).unwrap(), 0).unwrap();
    let mut keep_both = Enrollment::new(store);
    keep_both.choose(Method::Camera).unwrap();
    keep_both.submit_scan(scanned()).unwrap();
    keep_both
        .confirm(Some(DuplicateChoice::KeepBoth), 0)
        .unwrap();
    assert_eq!(keep_both.store().live().len(), 2);
}

#[test]
fn back_and_cancel_from_every_state() {
    let mut flow = Enrollment::new(MemoryStore::default());
    flow.choose(Method::Camera).unwrap();
    assert_eq!(flow.back(0).unwrap(), &Step::ChooseMethod);
    flow.choose(Method::Manual).unwrap();
    flow.submit_manual(&entry("JBSWY3DPEHPK3PXP", "me", ""))
        .unwrap();
    assert!(matches!(
        flow.step(),
        Step::Confirm {
            short_key: true,
            ..
        }
    ));
    assert_eq!(flow.back(0).unwrap(), &Step::ManualEntry { errors: vec![] });
    flow.submit_manual(&entry("JBSWY3DPEHPK3PXP", "me", ""))
        .unwrap();
    flow.confirm(None, 0).unwrap();
    // Back from the code to confirm, rename, confirm again: still one account.
    flow.back(0).unwrap();
    assert!(matches!(
        flow.step(),
        Step::Confirm {
            duplicate: None,
            ..
        }
    ));
    flow.edit_labels(Some("Site"), "me2").unwrap();
    flow.confirm(None, 0).unwrap();
    assert_eq!(flow.store().live().len(), 1);
    assert_eq!(flow.store().accounts.borrow()[0].1.name, "me2");
    flow.code_entered().unwrap();
    assert!(matches!(flow.back(0).unwrap(), Step::ShowCode { .. }));
    flow.code_entered().unwrap();
    // Cancel at the recovery code: the site has the code, the account stays.
    assert!(matches!(flow.cancel(0).unwrap(), Step::Done { .. }));
    assert_eq!(flow.store().live().len(), 1);

    // Cancel before saving leaves nothing; back from the first screen leaves.
    let mut early = Enrollment::new(MemoryStore::default());
    early.choose(Method::Camera).unwrap();
    early.submit_scan(scanned()).unwrap();
    assert_eq!(early.cancel(0).unwrap(), &Step::Cancelled);
    assert!(early.store().live().is_empty());
    let mut first = Enrollment::new(MemoryStore::default());
    assert_eq!(first.back(0).unwrap(), &Step::Cancelled);

    // Cancel at the code: the account goes to the trash.
    let mut at_code = Enrollment::new(MemoryStore::default());
    at_code.choose(Method::Camera).unwrap();
    at_code.submit_scan(scanned()).unwrap();
    at_code.confirm(None, 0).unwrap();
    at_code.cancel(0).unwrap();
    assert!(at_code.store().live().is_empty());
    assert_eq!(
        at_code.store().accounts.borrow().len(),
        1,
        "trashed, not destroyed"
    );
}

#[test]
fn actions_out_of_place_are_errors() {
    let mut flow = Enrollment::new(MemoryStore::default());
    assert!(matches!(
        flow.submit_scan(scanned()),
        Err(Error::Flow(FlowError::NotAllowedHere {
            step: "choose method",
            ..
        }))
    ));
    assert!(flow.confirm(None, 0).is_err());
    assert!(flow.code_entered().is_err());
    flow.choose(Method::Camera).unwrap();
    assert!(flow.choose(Method::Manual).is_err());
    assert!(flow.update_manual(&ManualEntry::default()).is_err());
}

#[test]
fn a_scanned_bare_key_opens_manual_entry_filled_in() {
    let key = "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ";
    let mut flow = Enrollment::new(MemoryStore::default());
    flow.choose(Method::Image).unwrap();
    assert_eq!(flow.scanned_key(), None);
    let outcome = ScanOutcome::from_text(key);
    assert!(matches!(outcome, ScanOutcome::BareKey { .. }));
    flow.submit_scan(outcome).unwrap();
    assert_eq!(flow.step(), &Step::ManualEntry { errors: Vec::new() });
    assert_eq!(flow.scanned_key(), Some(key));

    // The user names the account; the key field holds the scanned key.
    let entry = ManualEntry {
        key: flow.scanned_key().unwrap().to_string().into(),
        name: "alice".into(),
        issuer: "ACME".into(),
        ..ManualEntry::default()
    };
    flow.submit_manual(&entry).unwrap();
    assert!(matches!(flow.step(), Step::Confirm { name, .. } if name == "alice"));

    // Back from confirm returns to the filled-in form, back again to the scanner.
    flow.back(0).unwrap();
    assert_eq!(flow.step(), &Step::ManualEntry { errors: Vec::new() });
    assert_eq!(flow.scanned_key(), Some(key));
    flow.back(0).unwrap();
    assert_eq!(
        flow.step(),
        &Step::Scanning {
            method: Method::Image,
            hint: None
        }
    );
    assert_eq!(flow.scanned_key(), None);

    // Cancel forgets the key too.
    flow.submit_scan(ScanOutcome::from_text(key)).unwrap();
    flow.cancel(0).unwrap();
    assert_eq!(flow.scanned_key(), None);
}
