// The shared display cases (tests/cases/display.tsv, also read by the Rust
// core's and the Android adapter's tests) through the generated Swift
// bindings: labels, grouping, clipboard deadline and search, and the labels
// and grouped codes a real vault lists.
import Foundation
import TwofoldCore
import XCTest

private struct CaseAccount {
    var issuer: String?
    var name: String
    var label: String
}

private func caseLines() throws -> [[String]] {
    // TWOFOLD_FIXTURES is <repo>/tests/out/bindings/fixtures.
    var repo = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TWOFOLD_FIXTURES"] ?? "")
    for _ in 0..<4 { repo.deleteLastPathComponent() }
    let text = try String(contentsOf: repo.appendingPathComponent("tests/cases/display.tsv"), encoding: .utf8)
    return text.split(separator: "\n", omittingEmptySubsequences: true)
        .filter { !$0.hasPrefix("#") }
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

private func optional(_ field: String) -> String? { field == "<none>" ? nil : field }

final class DisplayCasesTests: XCTestCase {
    func testLabelsGroupingAndClipboardMatchTheSharedCases() throws {
        let lines = try caseLines()
        let accounts = lines.filter { $0[0] == "account" }
        XCTAssertGreaterThanOrEqual(accounts.count, 5)
        for row in accounts {
            XCTAssertEqual(accountLabel(issuer: optional(row[1]), name: row[2]), row[3], "\(row)")
        }
        let groups = lines.filter { $0[0] == "group" }
        XCTAssertFalse(groups.isEmpty)
        for row in groups {
            XCTAssertEqual(groupCode(code: row[1]), row[2])
        }
        for row in lines where row[0] == "clipboard" {
            let clearAt = clipboardClearAt(
                copiedAt: UInt64(row[1])!, validUntil: optional(row[2]).map { UInt64($0)! },
                limitSeconds: UInt32(row[3])!)
            XCTAssertEqual(clearAt, UInt64(row[4])!, "\(row)")
        }
    }

    func testSearchMatchesTheSharedCases() throws {
        let lines = try caseLines()
        let accounts = lines.filter { $0[0] == "account" }
            .map { CaseAccount(issuer: optional($0[1]), name: $0[2], label: $0[3]) }
        let searches = lines.filter { $0[0] == "search" }
        XCTAssertGreaterThanOrEqual(searches.count, 5)
        for row in searches {
            let expected = row[2] == "-" ? [] : row[2].split(separator: ",").map { Int($0)! - 1 }
            let found = accounts.indices.filter {
                matchesSearch(query: row[1], issuer: accounts[$0].issuer, name: accounts[$0].name)
            }
            XCTAssertEqual(found, expected, "query '\(row[1])'")
        }
    }
}
