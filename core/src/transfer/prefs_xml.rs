//! Android's SharedPreferences XML, the file several apps keep their tokens
//! in (FreeOTP, Authy, Battle.net): a `<map>` of `<string name="…">text</string>`
//! entries, and `<int>`/`<long>`/`<boolean>` ones with a `value` attribute.
//! The layout is Android's own (`XmlUtils.writeMapXml`); quick-xml reads it
//! as a stream, so nesting costs no stack.

use super::{limits, Format, TransferError};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zeroize::Zeroizing;

/// One entry of the map. Values may be keys, so they are wiped on drop.
pub(crate) struct Preference {
    pub name: String,
    pub value: Zeroizing<String>,
}

impl std::fmt::Debug for Preference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Preference({:?}, <redacted>)", self.name)
    }
}

/// Whether `text` starts like a preferences file (an XML declaration or `<map`).
pub(crate) fn looks_like(text: &str) -> bool {
    let start = text.trim_start();
    start.starts_with("<?xml") || start.starts_with("<map")
}

/// Every entry of the `<map>` in `text`, in file order. Errors name
/// `format` and the byte where the XML went wrong.
pub(crate) fn read(text: &str, format: Format) -> Result<Vec<Preference>, TransferError> {
    let malformed = |reason: String| TransferError::malformed(format, reason);
    let mut reader = Reader::from_str(text);
    let mut entries: Vec<Preference> = Vec::new();
    let mut depth = 0usize;
    let mut saw_map = false;
    // The `<string>` being read: its name and the text so far.
    let mut open: Option<Preference> = None;
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|error| {
            malformed(format!(
                "not valid XML near byte {}: {error}",
                reader.error_position().max(position)
            ))
        })?;
        match event {
            Event::Start(element) => {
                match depth {
                    0 if element.name().as_ref() == "map" => saw_map = true,
                    0 => {
                        return Err(malformed(format!(
                            "the file holds <{}>, expected Android's <map> of preferences",
                            excerpt(element.name().as_ref())
                        )))
                    }
                    1 if element.name().as_ref() == "string" => {
                        open = Some(Preference {
                            name: name_of(&element, format)?,
                            value: Zeroizing::new(String::new()),
                        })
                    }
                    _ => {}
                }
                depth += 1;
            }
            Event::Empty(element) => match depth {
                0 if element.name().as_ref() == "map" => saw_map = true,
                1 => {
                    let value = attribute(&element, "value", format)?.unwrap_or_default();
                    entries.push(Preference {
                        name: name_of(&element, format)?,
                        value: Zeroizing::new(value),
                    });
                    limits::check_entry_count(entries.len())?;
                }
                _ => {}
            },
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    if let Some(entry) = open.take() {
                        entries.push(entry);
                        limits::check_entry_count(entries.len())?;
                    }
                }
            }
            Event::Text(text) => {
                if let Some(entry) = open.as_mut() {
                    entry
                        .value
                        .push_str(&text.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::CData(text) => {
                if let Some(entry) = open.as_mut() {
                    entry
                        .value
                        .push_str(&text.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(entry) = open.as_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(character)) => character.to_string(),
                        Ok(None) => resolve_predefined_entity(&reference)
                            .ok_or_else(|| {
                                malformed(format!("unknown XML entity &{};", excerpt(&reference)))
                            })?
                            .to_string(),
                        Err(_) => {
                            return Err(malformed(
                                "a character reference (&#…;) is not a valid character".into(),
                            ))
                        }
                    };
                    entry.value.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_map {
        return Err(malformed("there is no <map> element of preferences".into()));
    }
    if depth != 0 {
        return Err(malformed("the file ends inside an element".into()));
    }
    Ok(entries)
}

fn name_of(element: &BytesStart<'_>, format: Format) -> Result<String, TransferError> {
    attribute(element, "name", format)?.ok_or_else(|| {
        TransferError::malformed(
            format,
            format!(
                "a <{}> preference has no name attribute",
                excerpt(element.name().as_ref())
            ),
        )
    })
}

fn attribute(
    element: &BytesStart<'_>,
    key: &str,
    format: Format,
) -> Result<Option<String>, TransferError> {
    let bad = || {
        TransferError::malformed(
            format,
            format!("a preference's {key} attribute is not valid XML"),
        )
    };
    match element.try_get_attribute(key).map_err(|_| bad())? {
        None => Ok(None),
        Some(attribute) => attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map(|value| Some(value.into_owned()))
            .map_err(|_| bad()),
    }
}

/// A tag or entity name for a message: short and printable.
fn excerpt(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMAT: Format = Format::UriList;

    #[test]
    fn reads_strings_and_typed_values() {
        let xml = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    \
            <string name=\"a\">x &amp; &#x79;&lt;</string>\n    <int name=\"n\" value=\"3\" />\n    \
            <string name=\"empty\"></string>\n    <string name=\"e2\" />\n</map>\n";
        let entries = read(xml, FORMAT).unwrap();
        let pairs: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [("a", "x & y<"), ("n", "3"), ("empty", ""), ("e2", "")]
        );
    }

    #[test]
    fn damage_is_named() {
        let cases = [
            ("<map><string name=\"a\">x</map>", "not valid XML"),
            ("<list></list>", "expected Android's <map>"),
            ("<?xml version='1.0'?>", "no <map>"),
            ("<map><string>x</string></map>", "no name attribute"),
            (
                "<map><string name=\"a\">&bogus;</string></map>",
                "unknown XML entity",
            ),
            ("<map><string name=\"a\">x", "ends inside"),
        ];
        for (xml, needle) in cases {
            match read(xml, FORMAT) {
                Err(TransferError::Malformed { reason, .. }) => {
                    assert!(reason.contains(needle), "{xml}: {reason}")
                }
                other => panic!("{xml}: {other:?}"),
            }
        }
    }
}
