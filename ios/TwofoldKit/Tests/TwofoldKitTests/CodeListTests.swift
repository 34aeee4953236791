import Foundation
import TwofoldKit
import XCTest

final class CodeDisplayTests: XCTestCase {
    func testCountdownRoundsUpAndNeverGoesNegative() {
        XCTAssertEqual(CodeDisplay.secondsLeft(validUntil: 60, now: Date(timeIntervalSince1970: 59.8)), 1)
        XCTAssertEqual(CodeDisplay.secondsLeft(validUntil: 60, now: Date(timeIntervalSince1970: 31)), 29)
        XCTAssertEqual(CodeDisplay.secondsLeft(validUntil: 60, now: Date(timeIntervalSince1970: 61)), 0)
        let code = OneTimeCode(value: "000001", validFrom: 30, validUntil: 60, grouped: "000 001")
        XCTAssertEqual(CodeDisplay.fractionLeft(code: code, now: Date(timeIntervalSince1970: 45)), 0.5, accuracy: 1e-9)
        XCTAssertEqual(CodeDisplay.fractionLeft(code: OneTimeCode(value: "1", validFrom: 5, validUntil: nil, grouped: "1"), now: Date()), 1)
    }

    func testSpokenCodeIsOneCharacterAtATime() {
        XCTAssertEqual(CodeDisplay.spoken("012345"), "0 1 2 3 4 5")
        XCTAssertEqual(CodeDisplay.secondsLeftText(1), "1 second left")
        XCTAssertEqual(CodeDisplay.secondsLeftText(12), "12 seconds left")
    }

    func testCopiedCodeExpiresWhenTheCoresRuleSays() {
        // The rule is the core's (shared cases in tests/cases/display.json run
        // against the real library); the policy hands it the limit and the code.
        let rules = RecordingRules(answer: 77)
        let code = OneTimeCode(value: "123456", validFrom: 30, validUntil: 60, grouped: "123 456")
        let item = CopyPolicy(limitSeconds: 60).item(for: code, now: Date(timeIntervalSince1970: 31.7), rules: rules)
        XCTAssertEqual(item, ClipboardItem(text: "123456", expiresAt: Date(timeIntervalSince1970: 77)))
        XCTAssertEqual(rules.asked, [RecordingRules.Question(copiedAt: 31, validUntil: 60, limitSeconds: 60)])
    }
}

final class CodeListTests: XCTestCase {
    private func makeModel(at seconds: TimeInterval = 1_000_000_005) -> (CodeListModel, FakeVault, TestClock) {
        let vault = FakeVault()
        vault.add(issuer: "ACME Co", name: "alice@example.com", secret: "JBSWY3DPEHPK3PXP")
        vault.add(issuer: "Gändalf Mail", name: "bob", secret: "GEZDGNBVGY3TQOJQ")
        vault.add(issuer: nil, name: "carol", secret: "MFRGGZDFMZTWQ2LK", kind: .hotp(counter: 0))
        let clock = TestClock(seconds)
        let model = CodeListModel(vault: vault, time: clock.source)
        model.reload()
        return (model, vault, clock)
    }

    func testRowsShowGroupedCodesAndCountdown() {
        let (model, _, _) = makeModel()
        let rows = model.rows()
        XCTAssertEqual(rows.map(\.title), ["ACME Co", "Gändalf Mail", "carol"])
        XCTAssertEqual(rows[0].subtitle, "alice@example.com")
        XCTAssertNil(rows[2].subtitle)
        XCTAssertEqual(rows[0].secondsLeft, 15)
        XCTAssertEqual(rows[0].code?.count, 7)
        XCTAssertFalse(rows[0].expiresSoon)
        XCTAssertTrue(rows[2].isCounterBased)
        XCTAssertNil(rows[2].code)
        XCTAssertTrue(rows[0].accessibilityLabel.hasPrefix("ACME Co, alice@example.com, code "))
        XCTAssertTrue(rows[0].accessibilityLabel.hasSuffix("15 seconds left"))
        XCTAssertEqual(model.nextExpiry, Date(timeIntervalSince1970: 1_000_000_020))
    }

    func testTickFetchesNewCodesOnlyAfterExpiry() {
        let (model, _, clock) = makeModel()
        let before = model.rows()[0].code
        clock.advance(10)
        XCTAssertFalse(model.tick())
        XCTAssertTrue(model.rows()[0].expiresSoon)
        clock.advance(6)
        XCTAssertTrue(model.tick())
        XCTAssertNotEqual(model.rows()[0].code, before)
        XCTAssertEqual(model.rows()[0].secondsLeft, 29)
    }

    func testSearchMatchesIssuerAndNameIgnoringCaseAndAccents() {
        let (model, _, _) = makeModel()
        model.query = "gandalf"
        XCTAssertEqual(model.rows().map(\.title), ["Gändalf Mail"])
        model.query = "acme ALICE"
        XCTAssertEqual(model.rows().map(\.title), ["ACME Co"])
        model.query = "zzz"
        XCTAssertEqual(model.emptyState, .noMatch(query: "zzz"))
        XCTAssertFalse(model.canReorder)
        model.query = "  "
        XCTAssertEqual(model.rows().count, 3)
        XCTAssertTrue(model.canReorder)
    }

    func testReorderIsStoredAndRevertedOnFailure() {
        let (model, vault, _) = makeModel()
        model.move(fromOffsets: IndexSet(integer: 2), toOffset: 0)
        XCTAssertEqual(model.rows().map(\.title), ["carol", "ACME Co", "Gändalf Mail"])
        XCTAssertEqual(try vault.listAccounts().map(\.name), ["carol", "alice@example.com", "bob"])
        vault.failReorder = true
        model.move(fromOffsets: IndexSet(integer: 0), toOffset: 3)
        XCTAssertEqual(model.rows().map(\.title), ["carol", "ACME Co", "Gändalf Mail"])
        XCTAssertEqual(model.lastError?.message, "disk full")
    }

    func testReorderIsDisabledWhileSearching() {
        let (model, vault, _) = makeModel()
        model.query = "a"
        model.move(fromOffsets: IndexSet(integer: 0), toOffset: 2)
        XCTAssertEqual(vault.reorderCalls, 0)
    }

    func testCopyGivesAnExpiringItemAndNothingForUngeneratedHotp() throws {
        let (model, _, clock) = makeModel()
        let id = model.accounts[0].id
        let item = try XCTUnwrap(model.copy(accountId: id))
        XCTAssertEqual(item.text.count, 6)
        // The fake vault's stand-in rule: copy time plus the standard limit.
        XCTAssertEqual(item.expiresAt, Date(timeIntervalSince1970: 1_000_000_035))
        // After the code rolled over, copy gives the new code.
        clock.advance(20)
        let later = try XCTUnwrap(model.copy(accountId: id))
        XCTAssertNotEqual(later.text, item.text)
        XCTAssertNil(model.copy(accountId: model.accounts[2].id))
    }

    func testNextHotpCodeAdvancesTheCounterAndStays() {
        let (model, vault, clock) = makeModel()
        let id = model.accounts[2].id
        model.nextHotpCode(accountId: id)
        let first = model.rows()[2].code
        XCTAssertNotNil(first)
        XCTAssertNil(model.rows()[2].secondsLeft)
        clock.advance(100)
        model.tick()
        XCTAssertEqual(model.rows()[2].code, first)
        model.nextHotpCode(accountId: id)
        XCTAssertNotEqual(model.rows()[2].code, first)
        XCTAssertEqual(vault.stored[2].summary.kind, .hotp(counter: 2))
    }

    func testDeleteAndUndo() {
        let (model, _, _) = makeModel()
        let id = model.accounts[1].id
        model.delete(accountId: id)
        XCTAssertEqual(model.rows().map(\.title), ["ACME Co", "carol"])
        XCTAssertEqual(model.recentlyDeleted?.id, id)
        model.undoDelete()
        XCTAssertEqual(model.rows().map(\.title), ["ACME Co", "Gändalf Mail", "carol"])
        XCTAssertNil(model.recentlyDeleted)
    }

    func testRenameTrimsAndEmptyIssuerRemovesIt() {
        let (model, _, _) = makeModel()
        model.rename(accountId: model.accounts[0].id, issuer: "  ", name: " alice ")
        XCTAssertEqual(model.rows()[0].title, "alice")
        XCTAssertNil(model.rows()[0].subtitle)
    }

    func testEmptyVaultText() {
        let model = CodeListModel(vault: FakeVault(), time: TestClock(0).source)
        model.reload()
        XCTAssertEqual(model.emptyState, .noAccounts)
    }
}
