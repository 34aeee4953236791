//! 2FAS's `.2fas` backup (unencrypted JSON): a `services` array, each with a
//! Base32 `secret` and an `otp` object, plus `groups` the services point to
//! by `groupId`. Password-protected backups (`servicesEncrypted`) are read
//! by [`super::twofas_encrypted`], which hands the decrypted services back
//! here.

use super::fields::{json_error_reason, without_bom, LooseEntry, LooseNumber, SecretText};
use super::{EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use serde::Deserialize;

const FORMAT: Format = Format::TwoFas;

#[derive(Deserialize)]
struct Backup {
    #[serde(default)]
    services: Option<Vec<Service>>,
    #[serde(default)]
    groups: Option<Vec<Group>>,
    #[serde(default, rename = "servicesEncrypted")]
    services_encrypted: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Group {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Service {
    /// The service as 2FAS shows it; the issuer when `otp.issuer` is absent.
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    secret: Option<SecretText>,
    #[serde(default)]
    otp: Option<Otp>,
    #[serde(default, rename = "groupId")]
    group_id: Option<String>,
}

#[derive(Deserialize, Default)]
struct Otp {
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    digits: Option<LooseNumber>,
    #[serde(default)]
    period: Option<LooseNumber>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    counter: Option<LooseNumber>,
    #[serde(default, rename = "tokenType")]
    token_type: Option<String>,
}

/// Parses the JSON text of the export.
pub fn parse(json: &str) -> Result<ImportFile, TransferError> {
    let json = without_bom(json);
    if !json.trim_start().starts_with('{') {
        return Err(TransferError::malformed(
            FORMAT,
            "expected a JSON object with a 'services' list",
        ));
    }
    let backup: Backup = serde_json::from_str(json)
        .map_err(|error| TransferError::malformed(FORMAT, json_error_reason(&error)))?;
    let encrypted = backup
        .services_encrypted
        .as_deref()
        .is_some_and(|text| !text.trim().is_empty());
    let services = match backup.services {
        Some(services) if !(encrypted && services.is_empty()) => services,
        _ if encrypted => return super::twofas_encrypted::parse(json, None),
        _ => {
            return Err(TransferError::malformed(
                FORMAT,
                "there is no 'services' list",
            ))
        }
    };
    let groups = backup.groups.unwrap_or_default();
    Ok(read_services(FORMAT, &services, &groups))
}

/// The accounts of `services`, their groups named from `groups`.
pub(super) fn read_services(format: Format, services: &[Service], groups: &[Group]) -> ImportFile {
    let group_name = |id: &str| -> Option<String> {
        groups
            .iter()
            .find(|group| group.id.as_deref() == Some(id))
            .and_then(|group| group.name.as_deref())
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string)
    };

    let mut file = ImportFile::new(format);
    let no_otp = Otp::default();
    for (index, service) in services.iter().enumerate() {
        let otp = service.otp.as_ref().unwrap_or(&no_otp);
        let issuer = non_empty(otp.issuer.as_deref()).or(non_empty(service.name.as_deref()));
        let name = non_empty(otp.account.as_deref()).or(non_empty(otp.label.as_deref()));
        let entry = LooseEntry {
            issuer,
            name,
            secret: service.secret.as_ref(),
            kind: otp.token_type.as_deref(),
            algorithm: otp.algorithm.as_deref(),
            digits: otp.digits.as_ref(),
            period: otp.period.as_ref(),
            counter: otp.counter.as_ref(),
            kind_field: "otp.tokenType",
        };
        match entry.build() {
            Ok(account) => {
                let mut portable = PortableAccount::bare(account);
                portable.groups = service
                    .group_id
                    .as_deref()
                    .and_then(group_name)
                    .into_iter()
                    .collect();
                file.accounts.push(portable);
            }
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: entry.label(),
                reason,
            }),
        }
    }
    file
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}
