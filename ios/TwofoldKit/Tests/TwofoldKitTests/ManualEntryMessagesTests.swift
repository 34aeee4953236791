import TwofoldKit
import XCTest

final class ManualEntryMessagesTests: XCTestCase {
    func testKeyMessagesPointAtTheCharacter() {
        XCTAssertEqual(
            ManualEntryMessages.message(for: .invalidCharacter(character: " ", position: 3, hint: nil)),
            "Character 3 (space) can’t be in a setup key: keys use the letters A–Z and digits 2–7.")
        XCTAssertEqual(
            ManualEntryMessages.message(for: .invalidCharacter(character: "1", position: 5, hint: "Base32 has no one: did you mean the letter I or L?")),
            "Character 5 (“1”) can’t be in a setup key: keys use the letters A–Z and digits 2–7. Base32 has no one: did you mean the letter I or L?")
        XCTAssertEqual(
            ManualEntryMessages.message(for: .tooShort(bits: 40, minBits: 80)),
            "This key is too short (40 bits). Keys have at least 16 characters.")
        XCTAssertEqual(
            ManualEntryMessages.message(for: .misplacedPadding(position: 4)),
            "Character 4 is “=”, which may only come at the end of the key.")
        XCTAssertTrue(ManualEntryMessages.message(for: .invalidLength(length: 17)).hasPrefix("17 characters can’t be a whole key"))
        XCTAssertTrue(ManualEntryMessages.message(for: .empty).contains("Trouble Scanning"))
    }

    func testOtherFieldsUseFriendlySentences() {
        XCTAssertEqual(
            ManualEntryMessages.message(for: FieldIssue(field: .digits, reason: "digits: must be between 6 and 10, got 4")),
            "Codes have 6 to 10 digits; most sites use 6.")
        XCTAssertEqual(
            ManualEntryMessages.message(for: FieldIssue(field: .period, reason: "period: must be at least 1 second")),
            "The period must be at least 1 second; most sites use 30.")
        XCTAssertEqual(
            ManualEntryMessages.message(for: FieldIssue(field: .issuer, reason: "issuer: character 3 is a control character")),
            "Character 3 is a control character.")
    }

    func testFirstIssuePerFieldAndOnlyTouchedFields() {
        let issues = [
            FieldIssue(field: .key, reason: "key: the key is empty", keyIssue: .empty),
            FieldIssue(field: .key, reason: "key: second"),
            FieldIssue(field: .name, reason: "account name: required (for example the email you sign in with)"),
        ]
        let touched = ManualEntryMessages.visibleMessages(for: issues, touched: [.key], submitted: false)
        XCTAssertEqual(Array(touched.keys), [.key])
        XCTAssertEqual(touched[.key], ManualEntryMessages.message(for: .empty))
        let all = ManualEntryMessages.visibleMessages(for: issues, touched: [], submitted: true)
        XCTAssertEqual(Set(all.keys), [.key, .name])
    }

    func testAccessibilityLabelsNameTheFieldAndError() {
        XCTAssertEqual(ManualEntryMessages.accessibilityLabel(field: .key, message: nil), "Setup key")
        XCTAssertEqual(
            ManualEntryMessages.accessibilityLabel(field: .name, message: "Enter the account name."),
            "Account name, error: Enter the account name.")
    }

    func testKeyIsShownInGroupsOfFour() {
        XCTAssertEqual(ManualEntryMessages.formattedKey("jbswy3dp-ehpk 3pxp"), "JBSW Y3DP EHPK 3PXP")
        XCTAssertEqual(ManualEntryMessages.formattedKey("abcde"), "ABCD E")
        XCTAssertEqual(ManualEntryMessages.formattedKey(""), "")
    }
}
