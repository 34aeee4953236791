import Foundation
import TwofoldKit
import XCTest

final class RollbackGuardTests: XCTestCase {
    // MARK: The rule

    func testFreshEqualNewerAndOlder() {
        XCTAssertEqual(RollbackGuard.check(seen: nil, found: 0), .fine, "nothing seen yet: a fresh install")
        XCTAssertEqual(RollbackGuard.check(seen: 7, found: 7), .fine, "the same vault again")
        XCTAssertEqual(RollbackGuard.check(seen: 7, found: 9), .fine, "changed since")
        XCTAssertEqual(RollbackGuard.check(seen: 7, found: 6), .olderThanLastSeen(seen: 7, found: 6))
        XCTAssertEqual(RollbackGuard.check(seen: .max, found: 0), .olderThanLastSeen(seen: .max, found: 0))
    }

    func testTheStoreKeepsTheMaximum() {
        let store = MemoryGenerationStore()
        let rollback = RollbackGuard(store: store)
        rollback.record(5)
        XCTAssertEqual(store.load(), 5, "first value stored")
        rollback.record(3)
        XCTAssertEqual(store.load(), 5, "an older vault never lowers it")
        rollback.record(8)
        XCTAssertEqual(store.load(), 8)
        XCTAssertEqual(rollback.check(found: 7), .olderThanLastSeen(seen: 8, found: 7))
        rollback.startOver(at: 1)
        XCTAssertEqual(store.load(), 1, "a newly created vault is the new baseline")
    }

    // MARK: In the lock model

    private func vault(_ generation: UInt64) -> FakeVault {
        let vault = FakeVault()
        vault.sealedGeneration = generation
        return vault
    }

    private func unlock(_ lock: LockModel, _ vault: FakeVault) {
        XCTAssertNotNil(lock.beginUnlock(.password("pw")))
        lock.finish(.success(vault))
    }

    func testUnlockRecordsTheGenerationAndChangesRaiseIt() {
        let store = MemoryGenerationStore()
        let lock = LockModel(vaultExists: true, passwords: FakePasswords(), rollbackGuard: RollbackGuard(store: store))
        let current = vault(4)
        unlock(lock, current)
        XCTAssertEqual(lock.state, .unlocked, "fresh: nothing to compare with")
        XCTAssertEqual(store.load(), 4)

        current.sealedGeneration = 6
        lock.vaultChanged()
        XCTAssertEqual(store.load(), 6, "every change is remembered")
        current.sealedGeneration = 7
        lock.phaseChanged(to: .background)
        XCTAssertEqual(store.load(), 7, "an unreported change (HOTP) is remembered before the app may end")
        current.sealedGeneration = 8
        lock.lockNow()
        XCTAssertEqual(store.load(), 8, "and on locking")

        unlock(lock, vault(8))
        XCTAssertEqual(lock.state, .unlocked, "equal: the same vault")
        lock.lockNow()
        unlock(lock, vault(9))
        XCTAssertEqual(lock.state, .unlocked, "newer")
        XCTAssertEqual(store.load(), 9)
    }

    func testAnOlderVaultWarnsAndOpensOnlyWhenTheUserSaysSo() {
        let store = MemoryGenerationStore(10)
        let lock = LockModel(vaultExists: true, passwords: FakePasswords(), rollbackGuard: RollbackGuard(store: store))
        let older = vault(6)
        unlock(lock, older)
        XCTAssertEqual(lock.state, .olderVault(seen: 10, found: 6))
        XCTAssertNil(lock.vault, "no codes before the user decides")
        XCTAssertFalse(older.isLocked)

        lock.refuseOlderVault()
        XCTAssertEqual(lock.state, .locked)
        XCTAssertTrue(older.isLocked, "refusing wipes the key at once")
        XCTAssertFalse(lock.promptsDeviceKeyOnAppear, "no prompt that would open it again")
        XCTAssertEqual(store.load(), 10, "refusing keeps the mark")

        let again = vault(6)
        unlock(lock, again)
        XCTAssertEqual(lock.state, .olderVault(seen: 10, found: 6), "the warning returns")
        lock.openOlderVaultAnyway()
        XCTAssertEqual(lock.state, .unlocked)
        XCTAssertTrue(lock.vault === again)
        lock.vaultChanged()
        XCTAssertEqual(store.load(), 10, "opening anyway does not lower the mark, or later rollbacks would hide")
        lock.lockNow()

        unlock(lock, vault(11))
        XCTAssertEqual(lock.state, .unlocked, "once past the mark the vault is fine again")
        XCTAssertEqual(store.load(), 11)
    }

    func testAWaitingOlderVaultIsLockedInTheBackground() {
        let lock = LockModel(
            vaultExists: true, passwords: FakePasswords(), rollbackGuard: RollbackGuard(store: MemoryGenerationStore(3)))
        let older = vault(2)
        unlock(lock, older)
        XCTAssertTrue(lock.phaseChanged(to: .background))
        XCTAssertEqual(lock.state, .locked)
        XCTAssertTrue(older.isLocked)
        lock.openOlderVaultAnyway()
        XCTAssertEqual(lock.state, .locked, "nothing left to open")
    }

    func testSetupStartsOverWhateverAnEarlierVaultLeft() throws {
        let store = MemoryGenerationStore(50)
        let core = FakeCore(exists: false)
        core.vault.sealedGeneration = 1
        let lock = LockModel(vaultExists: false, passwords: FakePasswords(), rollbackGuard: RollbackGuard(store: store))
        let request = try XCTUnwrap(lock.beginSetup(method: .password, password: "long enough", confirmation: "long enough"))
        lock.finish(request.job(core: core, keys: FakeDeviceKeys()).run().mapError { $0 as Error })
        XCTAssertEqual(lock.state, .unlocked, "a new vault is not a rollback of the erased one")
        XCTAssertEqual(store.load(), 1)
    }

    func testAnUnreadableGenerationFailsTheUnlock() {
        let store = MemoryGenerationStore(3)
        let lock = LockModel(vaultExists: true, passwords: FakePasswords(), rollbackGuard: RollbackGuard(store: store))
        let broken = vault(3)
        broken.failGeneration = true
        unlock(lock, broken)
        XCTAssertEqual(lock.state, .locked)
        XCTAssertEqual(lock.message, .damaged(detail: "the generation does not open"))
        XCTAssertTrue(broken.isLocked)
        XCTAssertEqual(store.load(), 3)
    }
}
