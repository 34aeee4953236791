// The seed's story through the Swift bindings, against the simulated website
// of tests/site (driven through its CLI; it checks codes with totp-rs itself).
import Foundation
import TwofoldCore
import XCTest

private let storyNow: UInt64 = 1_800_000_000
private let storyKdf = KdfParams(memoryKib: 64, iterations: 1, parallelism: 1)

/// The simulated site, its state in a JSON file in `folder`.
private struct SimulatedSite {
    let folder: URL
    let binary: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("twofold-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let env = ProcessInfo.processInfo.environment
        if let site = env["TWOFOLD_SITE"] {
            binary = URL(fileURLWithPath: site)
        } else {
            // The fixtures live in <repo>/tests/out/bindings/fixtures.
            var repo = URL(fileURLWithPath: env["TWOFOLD_FIXTURES"] ?? "")
            for _ in 0..<4 { repo.deleteLastPathComponent() }
            binary = repo.appendingPathComponent("target/debug/twofold-test-site")
        }
    }

    /// Runs a site command: exit status and standard output.
    func run(_ args: String...) throws -> (Int32, String) {
        try run(arguments: args)
    }

    func run(arguments args: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--state", folder.appendingPathComponent("site.json").path] + args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (process.terminationStatus, text)
    }

    /// Like `run`, failing the test when the site refuses.
    func ok(_ args: String...) throws -> String {
        let (status, output) = try run(arguments: args)
        XCTAssertEqual(status, 0, "site refused \(args)")
        return output
    }
}

final class SiteStoryTests: XCTestCase {
    func testScanEnrollLoginAndUseTheRecoveryCodeOnce() throws {
        let site = try SimulatedSite()
        _ = try site.ok("register", "john", "site-pw")
        let qr = site.folder.appendingPathComponent("qr.png")
        _ = try site.ok("setup", "john", "--qr", qr.path)
        let vault = try Vault.createWithPassword(
            path: site.folder.appendingPathComponent("v.db").path, password: "vault pass phrase", kdfParams: storyKdf, now: storyNow)

        let flow = Enrollment(vault: vault)
        _ = try flow.choose(method: .image)
        guard case .confirm(let issuer, let name, _, _) = try flow.submitImage(encoded: Data(contentsOf: qr)) else {
            return XCTFail("the site's QR was not read")
        }
        XCTAssertEqual(issuer, "ACME Co")
        XCTAssertEqual(name, "john")
        guard case .showCode(let accountId, let code) = try flow.confirm(choice: nil, now: storyNow) else {
            return XCTFail("no code shown")
        }
        let recovery = try site.ok("confirm", "john", code.value, "--at", String(storyNow))
        _ = try flow.codeEntered()
        _ = try flow.acknowledge(acknowledged: true)
        XCTAssertEqual(try flow.saveRecoveryCode(code: recovery, now: storyNow), .done(accountId: accountId))

        // A later login with a fresh code.
        let later = storyNow + 3600
        let fresh = try vault.codes(at: later).codes.first { $0.account.id == accountId }?.code?.value ?? ""
        _ = try site.ok("login", "john", "site-pw", fresh, "--at", String(later))

        // The kept recovery code works once; the app keeps the replacement.
        let saved = try vault.recoveryCodes(accountId: accountId).codes
        XCTAssertEqual(saved.count, 1)
        let kept = try vault.revealRecoveryCode(codeId: saved[0].id)
        let replacement = try site.ok("recover", "john", "site-pw", kept)
        XCTAssertNotEqual(try site.run("recover", "john", "site-pw", kept).0, 0)
        _ = try vault.useRecoveryCode(accountId: accountId, code: kept, now: storyNow + 10)
        XCTAssertThrowsError(try vault.useRecoveryCode(accountId: accountId, code: kept, now: storyNow + 11))
        _ = try vault.replaceRecoveryCode(codeId: saved[0].id, newCode: replacement, now: storyNow + 12)
        let unused = try vault.recoveryCodes(accountId: accountId).codes.filter { $0.usedAt == nil }
        XCTAssertEqual(unused.count, 1)
        _ = try site.ok("recover", "john", "site-pw", try vault.revealRecoveryCode(codeId: unused[0].id))
    }

    func testPhoneOnlySetupTypesTheKeyAsDisplayed() throws {
        let site = try SimulatedSite()
        _ = try site.ok("register", "jane", "site-pw")
        let page = try site.ok("setup", "jane", "--qr", site.folder.appendingPathComponent("qr.png").path)
        let json = try JSONSerialization.jsonObject(with: Data(page.utf8)) as? [String: Any]
        let keyDisplay = try XCTUnwrap(json?["key_display"] as? String)
        XCTAssertTrue(keyDisplay.contains(" "))
        let vault = try Vault.createWithPassword(
            path: site.folder.appendingPathComponent("v.db").path, password: "vault pass phrase", kdfParams: storyKdf, now: storyNow)
        let flow = Enrollment(vault: vault)
        _ = try flow.choose(method: .manual)
        guard case .confirm = try flow.submitManual(key: keyDisplay.lowercased(), entry: ManualEntry(name: "jane", issuer: "ACME Co")) else {
            return XCTFail("the typed key was refused")
        }
        guard case .showCode(_, let code) = try flow.confirm(choice: nil, now: storyNow) else {
            return XCTFail("no code shown")
        }
        _ = try site.ok("confirm", "jane", code.value, "--at", String(storyNow))
    }
}
