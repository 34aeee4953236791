// Tests of the generated Swift bindings against the real libtwofold_ffi.
import Foundation
import TwofoldCore
import XCTest

/// RFC 6238 appendix B: ASCII seeds, 8 digits, 30 s.
private let seeds: [Algorithm: String] = [
    .sha1: "12345678901234567890",
    .sha256: "12345678901234567890123456789012",
    .sha512: String(repeating: "1234567890", count: 6) + "1234",
]
private let algorithmNames: [Algorithm: String] = [.sha1: "SHA1", .sha256: "SHA256", .sha512: "SHA512"]

/// (time, SHA1, SHA256, SHA512)
private let rfc6238: [(UInt64, String, String, String)] = [
    (59, "94287082", "46119246", "90693936"),
    (1_111_111_109, "07081804", "68084774", "25091201"),
    (1_111_111_111, "14050471", "67062674", "99943326"),
    (1_234_567_890, "89005924", "91819424", "93441116"),
    (2_000_000_000, "69279037", "90698825", "38618901"),
    (20_000_000_000, "65353130", "77737706", "47863826"),
]

private let acmeUri =
    "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP"
    + "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60"

/// Unpadded RFC 4648 Base32, written out so the test does not trust the library.
private func base32(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    var out = ""
    var buffer = 0
    var bits = 0
    for byte in bytes {
        buffer = (buffer << 8) | Int(byte)
        bits += 8
        while bits >= 5 {
            out.append(alphabet[(buffer >> (bits - 5)) & 31])
            bits -= 5
        }
    }
    if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
    return out
}

private func rfcUri(_ algorithm: Algorithm) -> String {
    let secret = base32(Array(seeds[algorithm]!.utf8))
    return "otpauth://totp/RFC:6238?secret=\(secret)&algorithm=\(algorithmNames[algorithm]!)&digits=8&period=30"
}

final class UriTests: XCTestCase {
    func testParseUriGivesDisplayInfoWithoutTheSecret() throws {
        let account = try parseUri(uri: acmeUri)
        let info = account.info()
        XCTAssertEqual(info.issuer, "ACME Co")
        XCTAssertEqual(info.name, "alice@example.com")
        XCTAssertEqual(info.label, "ACME Co (alice@example.com)")
        XCTAssertEqual(info.params, OtpParams(kind: .totp(period: 60), algorithm: .sha256, digits: 8))
        XCTAssertEqual(info.keyBits, 80)
        XCTAssertTrue(info.shorterThanRecommended)
        XCTAssertFalse(String(describing: info).contains("JBSWY3DPEHPK3PXP"))
        XCTAssertTrue(account.exportUri().contains("secret=JBSWY3DPEHPK3PXP"))
    }

    func testBadUriThrowsInvalidUri() {
        XCTAssertThrowsError(try parseUri(uri: "https://example.com/?secret=JBSWY3DPEHPK3PXP")) { error in
            guard case TwofoldError.InvalidUri(let reason) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(reason.contains("otpauth"), reason)
            XCTAssertFalse(reason.contains("JBSWY3DPEHPK3PXP"))
        }
    }

    func testHotpUriKeepsItsCounter() throws {
        let account = try parseUri(uri: "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1")
        XCTAssertEqual(account.info().params.kind, .hotp(counter: 1))
        let code = try generateCode(account: account, unixSeconds: 1_700_000_000)
        XCTAssertEqual(code.value, "287082") // RFC 4226 appendix D, counter 1
        XCTAssertNil(code.validUntil)
    }
}

final class CodeTests: XCTestCase {
    func testRfc6238VectorsForEveryAlgorithm() throws {
        for algorithm in [Algorithm.sha1, .sha256, .sha512] {
            let account = try parseUri(uri: rfcUri(algorithm))
            for row in rfc6238 {
                let expected = algorithm == .sha1 ? row.1 : algorithm == .sha256 ? row.2 : row.3
                let code = try generateCode(account: account, unixSeconds: row.0)
                XCTAssertEqual(code.value, expected, "\(algorithm) at \(row.0)")
                XCTAssertEqual(code.validFrom, row.0 - row.0 % 30)
                XCTAssertEqual(code.validUntil, row.0 - row.0 % 30 + 30)
            }
        }
    }

    func testTwoThreadsShareOneAccount() throws {
        let account = try parseUri(uri: rfcUri(.sha1))
        let wrong = Counter()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                for _ in 0..<300 {
                    for row in rfc6238 {
                        if (try? generateCode(account: account, unixSeconds: row.0).value) != row.1 {
                            wrong.increment()
                        }
                    }
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(wrong.value, 0)
    }
}

/// A thread-safe counter for the two-thread test.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

final class ManualEntryTests: XCTestCase {
    func testTypedGroupsAreAccepted() throws {
        XCTAssertEqual(try parseKey(typed: "jbsw y3dp ehpk 3pxp"), KeyInfo(bits: 80, shorterThanRecommended: true))
    }

    func testInvalidCharacterThrowsWithVariantAndPosition() {
        XCTAssertThrowsError(try parseKey(typed: "JBSW Y3D0 EHPK 3PXP")) { error in
            guard case TwofoldError.InvalidKey(.invalidCharacter(let character, let position, let hint), _) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(character, "0")
            XCTAssertEqual(position, 9)
            XCTAssertTrue(hint?.contains("letter O") ?? false)
        }
    }

    func testFormReportsEveryField() {
        XCTAssertThrowsError(try validateManualEntry(key: "JBSW1Y3DPEHPK3PXP", entry: ManualEntry(name: " ", digits: 4))) { error in
            guard case TwofoldError.InvalidForm(let problems) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(problems.map(\.field), [.key, .name, .digits])
            guard case .invalidCharacter(_, let position, _)? = problems.first?.keyProblem else {
                return XCTFail("no key problem in \(problems)")
            }
            XCTAssertEqual(position, 5)
        }
    }

    func testValidFormMakesAPendingAccount() throws {
        let account = try validateManualEntry(
            key: "JBSWY3DPEHPK3PXP", entry: ManualEntry(name: "alice", issuer: "ACME", kind: .steam))
        XCTAssertEqual(account.info().params.kind, .steam)
        XCTAssertEqual(try generateCode(account: account, unixSeconds: 1_700_000_000).value.count, 5)
    }
}

final class LifetimeTests: XCTestCase {
    func testLastReferenceReleasesTheSecretAtOnce() throws {
        let before = liveSecretHolders()
        do {
            let account = try parseUri(uri: acmeUri)
            XCTAssertEqual(liveSecretHolders(), before + 1)
            _ = account.info()
        }
        XCTAssertEqual(liveSecretHolders(), before)
    }
}
