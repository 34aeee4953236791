//! The seed's story end to end: the simulated website (tests/site, which checks
//! codes with totp-rs on its own) enrolls a user; the app side is the core's
//! enrollment flow over a real vault file.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use std::sync::Arc;
use twofold_core::enroll::{Enrollment, Method, Step};
use twofold_core::key::ManualEntry;
use twofold_core::scan;
use twofold_core::vault::{Vault, VaultError};
use twofold_test_site::{OtpConfig, Refusal, Site};
use vault_common::{create, open_unlocked, vault_path};

const USER: &str = "john.doe@email.com";
const PASSWORD: &str = "site password";
const SITE_NOW: u64 = 1_800_000_000; // a multiple of 60: starts a 30 s and a 60 s step

fn site_with(config: OtpConfig) -> (Site, twofold_test_site::SetupPage) {
    let mut site = Site::new("ACME Co");
    site.register(USER, PASSWORD, config);
    let page = site.start_enrollment(USER).unwrap();
    (site, page)
}

/// Runs the flow from a scanned image up to the code, returning it and the account id.
fn enroll_by_scan(
    vault: &Arc<Vault>,
    png: &[u8],
    now: u64,
) -> (Enrollment<Arc<Vault>>, String, String) {
    let mut flow = Enrollment::new(Arc::clone(vault));
    flow.choose(Method::Image).unwrap();
    flow.submit_scan(scan::scan_image(png).unwrap()).unwrap();
    assert!(
        matches!(flow.step(), Step::Confirm { name, .. } if name == USER),
        "{:?}",
        flow.step()
    );
    flow.confirm(None, now).unwrap();
    let Step::ShowCode { account_id, code } = flow.step().clone() else {
        panic!("{:?}", flow.step())
    };
    (flow, account_id, code.value)
}

/// The user ticks "I have securely saved this code" and keeps it in the app.
fn keep_recovery_code(flow: &mut Enrollment<Arc<Vault>>, recovery: &str) {
    flow.code_entered().unwrap();
    flow.acknowledge(true).unwrap();
    flow.save_recovery_code(recovery, SITE_NOW).unwrap();
    assert!(matches!(flow.step(), Step::Done { .. }));
}

fn code_of(vault: &Vault, id: &str, at: u64) -> String {
    vault.code(id, at).unwrap().value
}

#[test]
fn scenario_1_scan_the_sites_qr_then_log_in_later() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(create(&vault_path(&dir)));
    let (mut site, page) = site_with(OtpConfig::default());
    let (mut flow, id, code) = enroll_by_scan(&vault, &page.qr_png, SITE_NOW);
    let recovery = site.confirm_enrollment(USER, &code, SITE_NOW).unwrap();
    keep_recovery_code(&mut flow, &recovery);
    // A later login with a fresh code.
    let later = SITE_NOW + 3600;
    assert_eq!(
        site.login_with_code(USER, PASSWORD, &code_of(&vault, &id, later), later),
        Ok(())
    );
    // The code just used is refused a second time.
    assert_eq!(
        site.login_with_code(USER, PASSWORD, &code_of(&vault, &id, later), later),
        Err(Refusal::CodeReused)
    );
}

#[test]
fn scenario_2_phone_only_setup_types_the_key_as_displayed() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(create(&vault_path(&dir)));
    let (mut site, page) = site_with(OtpConfig::default());
    let typed = page.key_display.to_lowercase();
    assert!(typed.contains(' '));
    let mut flow = Enrollment::new(Arc::clone(&vault));
    flow.choose(Method::Manual).unwrap();
    let entry = ManualEntry {
        key: typed.into(),
        name: USER.into(),
        issuer: "ACME Co".into(),
        ..ManualEntry::default()
    };
    flow.submit_manual(&entry).unwrap();
    flow.confirm(None, SITE_NOW).unwrap();
    let Step::ShowCode { code, .. } = flow.step().clone() else {
        panic!("{:?}", flow.step())
    };
    assert!(site.confirm_enrollment(USER, &code.value, SITE_NOW).is_ok());
}

#[test]
fn scenario_3_recovery_code_works_once_and_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(create(&vault_path(&dir)));
    let (mut site, page) = site_with(OtpConfig::default());
    let (mut flow, id, code) = enroll_by_scan(&vault, &page.qr_png, SITE_NOW);
    let recovery = site.confirm_enrollment(USER, &code, SITE_NOW).unwrap();
    keep_recovery_code(&mut flow, &recovery);

    // Phone lost: log in with the code kept in the app.
    let saved = vault.recovery_codes(&id).unwrap().codes;
    assert_eq!(saved.len(), 1);
    let kept = vault.reveal_recovery_code(&saved[0].id).unwrap();
    let replacement = site.login_with_recovery(USER, PASSWORD, &kept).unwrap();
    assert_eq!(
        site.login_with_recovery(USER, PASSWORD, &kept),
        Err(Refusal::WrongRecoveryCode)
    );
    // The app marks it used (a second time is refused) and keeps the new one.
    vault.use_recovery_code(&id, &kept, SITE_NOW + 10).unwrap();
    assert!(matches!(
        vault.use_recovery_code(&id, &kept, SITE_NOW + 11),
        Err(VaultError::RecoveryCodeAlreadyUsed { .. })
    ));
    vault
        .replace_recovery_code(&saved[0].id, &replacement, SITE_NOW + 12)
        .unwrap();
    let codes = vault.recovery_codes(&id).unwrap().codes;
    let unused: Vec<_> = codes.iter().filter(|c| c.used_at.is_none()).collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(
        *vault.reveal_recovery_code(&unused[0].id).unwrap(),
        replacement
    );
    assert!(site
        .login_with_recovery(USER, PASSWORD, &replacement)
        .is_ok());
}

#[test]
fn scenario_4_clock_drift_of_one_step_is_accepted_two_steps_refused() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(create(&vault_path(&dir)));
    let (mut site, page) = site_with(OtpConfig::default());
    let (_flow, id, code) = enroll_by_scan(&vault, &page.qr_png, SITE_NOW);
    site.confirm_enrollment(USER, &code, SITE_NOW).unwrap();
    // Phone clock 25 s ahead, from the middle of a step: the phone is one step on.
    let site_time = SITE_NOW + 600 + 15;
    assert_eq!(
        site.login_with_code(
            USER,
            PASSWORD,
            &code_of(&vault, &id, site_time + 25),
            site_time
        ),
        Ok(())
    );
    // Two steps away: refused.
    let site_time = SITE_NOW + 1200;
    let two_ahead = code_of(&vault, &id, site_time + 60);
    assert_eq!(
        site.login_with_code(USER, PASSWORD, &two_ahead, site_time),
        Err(Refusal::WrongCode)
    );
    let two_behind = code_of(&vault, &id, site_time - 60);
    assert_eq!(
        site.login_with_code(USER, PASSWORD, &two_behind, site_time),
        Err(Refusal::WrongCode)
    );
}

#[test]
fn scenario_5_sha256_8_digits_60_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(create(&vault_path(&dir)));
    let config = OtpConfig {
        algorithm: "SHA256".into(),
        digits: 8,
        period: 60,
        hotp: false,
    };
    let (mut site, page) = site_with(config);
    let (_flow, id, code) = enroll_by_scan(&vault, &page.qr_png, SITE_NOW);
    assert_eq!(code.len(), 8);
    site.confirm_enrollment(USER, &code, SITE_NOW).unwrap();
    let later = SITE_NOW + 6000;
    assert_eq!(
        site.login_with_code(USER, PASSWORD, &code_of(&vault, &id, later), later),
        Ok(())
    );
}

#[test]
fn scenario_5_hotp_counter_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = Arc::new(create(&path));
    let config = OtpConfig {
        hotp: true,
        ..OtpConfig::default()
    };
    let (mut site, page) = site_with(config);
    let (flow, id, code) = enroll_by_scan(&vault, &page.qr_png, SITE_NOW);
    site.confirm_enrollment(USER, &code, SITE_NOW).unwrap();
    drop(flow);
    drop(vault);
    for round in 1..=3u64 {
        let reopened = open_unlocked(&path);
        let next = reopened.next_hotp(&id, SITE_NOW + round).unwrap().value;
        assert_eq!(
            site.login_with_code(USER, PASSWORD, &next, SITE_NOW + round),
            Ok(()),
            "round {round}"
        );
    }
    // Reusing an HOTP code is refused by the site; the app never shows it again.
    let reopened = open_unlocked(&path);
    let a = reopened.next_hotp(&id, SITE_NOW).unwrap().value;
    let b = reopened.next_hotp(&id, SITE_NOW).unwrap().value;
    assert_ne!(a, b);
}

#[test]
fn scenario_6_app_killed_between_code_and_done_keeps_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = Arc::new(create(&path));
    let (mut site, page) = site_with(OtpConfig::default());
    let (flow, id, code) = enroll_by_scan(&vault, &page.qr_png, SITE_NOW);
    // The app dies here: nothing else runs (a real SIGKILL of `twofold enroll`
    // is in cli/tests). The site accepted the code meanwhile.
    std::mem::forget(flow);
    site.confirm_enrollment(USER, &code, SITE_NOW).unwrap();
    let reopened = open_unlocked(&path);
    let listed = reopened.list().unwrap().accounts;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    let later = SITE_NOW + 90;
    assert_eq!(
        site.login_with_code(USER, PASSWORD, &code_of(&reopened, &id, later), later),
        Ok(())
    );
}
