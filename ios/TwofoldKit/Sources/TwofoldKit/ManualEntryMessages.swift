// The Trouble Scanning form's messages: one short sentence per field, shown
// only once the user has been in that field (or pressed Continue), so the
// form does not open full of red.

import Foundation

public enum ManualEntryMessages {
    /// The sentence to show under `issue.field`.
    public static func message(for issue: FieldIssue) -> String {
        if let keyIssue = issue.keyIssue {
            return message(for: keyIssue)
        }
        switch issue.field {
        case .name where issue.reason.contains("required"):
            return "Enter the account name, for example the email you sign in with."
        case .digits:
            return "Codes have 6 to 10 digits; most sites use 6."
        case .period where issue.reason.contains("at least"):
            return "The period must be at least 1 second; most sites use 30."
        default:
            return capitalizedSentence(strippingFieldPrefix(issue.reason))
        }
    }

    /// The sentence for a key problem, pointing at the character by position.
    public static func message(for issue: KeyIssue) -> String {
        switch issue {
        case .empty:
            return "Enter the setup key the site shows under “Trouble Scanning”."
        case let .invalidCharacter(character, position, hint):
            let shown = character == " " ? "space" : "“\(character)”"
            var text = "Character \(position) (\(shown)) can’t be in a setup key: keys use the letters A–Z and digits 2–7."
            if let hint { text += " " + capitalizedSentence(hint) }
            return text
        case let .misplacedPadding(position):
            return "Character \(position) is “=”, which may only come at the end of the key."
        case let .invalidLength(length):
            return "\(length) characters can’t be a whole key: one is probably missing or extra. Check the key again."
        case let .tooShort(bits, minBits):
            let needed = (Int(minBits) + 4) / 5
            return "This key is too short (\(bits) bits). Keys have at least \(needed) characters."
        case let .tooLong(bits):
            return "This key is too long (\(bits) bits). Check that only the key was pasted."
        }
    }

    /// Messages to show now, by field: fields the user has not visited yet
    /// stay quiet until the form is submitted.
    public static func visibleMessages(
        for issues: [FieldIssue], touched: Set<FormField>, submitted: Bool
    ) -> [FormField: String] {
        var result: [FormField: String] = [:]
        for issue in issues where submitted || touched.contains(issue.field) {
            // First problem per field wins: it is the one to fix first.
            if result[issue.field] == nil {
                result[issue.field] = message(for: issue)
            }
        }
        return result
    }

    /// VoiceOver hint for a field label when it has an error.
    public static func accessibilityLabel(field: FormField, message: String?) -> String {
        let name: String
        switch field {
        case .key: name = "Setup key"
        case .name: name = "Account name"
        case .issuer: name = "Issuer"
        case .digits: name = "Digits"
        case .period: name = "Period"
        }
        guard let message else { return name }
        return "\(name), error: \(message)"
    }

    /// The key as the user should see it while typing: upper case, in groups
    /// of four, like sites print it. Only changes letters' case and spacing.
    public static func formattedKey(_ typed: String) -> String {
        let compact = typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        var groups: [String] = []
        var current = ""
        for character in compact {
            current.append(character)
            if current.count == 4 {
                groups.append(current)
                current = ""
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.joined(separator: " ")
    }

    private static func strippingFieldPrefix(_ reason: String) -> String {
        // Core reasons read "account name: longer than 256 characters".
        guard let colon = reason.firstIndex(of: ":") else { return reason }
        let prefix = reason[..<colon]
        let known = ["key", "account name", "issuer", "digits", "period"]
        guard known.contains(String(prefix)) else { return reason }
        return reason[reason.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    private static func capitalizedSentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        var sentence = first.uppercased() + text.dropFirst()
        if let last = sentence.last, !".?!".contains(last) { sentence += "." }
        return sentence
    }
}
