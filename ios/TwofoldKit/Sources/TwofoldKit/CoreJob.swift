// Slow core work (Argon2/scrypt key derivation, the biometric prompt, image
// scans) must not run on the main actor: the UI would freeze with no busy
// state, again on every wrong password. Models hand such work out as a job:
// the app runs `run()` in a detached task and passes its result back to the
// model on the main actor. A job captures only `Sendable` values (the vault
// session, bytes, strings), never the model.

import Foundation

public struct CoreJob<Output: Sendable>: Sendable {
    private let body: @Sendable () throws -> Output

    public init(_ body: @escaping @Sendable () throws -> Output) {
        self.body = body
    }

    /// Runs the work on the calling (background) thread.
    public func run() -> Result<Output, CoreFailure> {
        do {
            return .success(try body())
        } catch let failure as CoreFailure {
            return .failure(failure)
        } catch {
            return .failure(CoreFailure(.other, message: String(describing: error)))
        }
    }
}
