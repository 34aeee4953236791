package app.twofold.gateway

import app.twofold.core.DuplicateChoice as CoreDuplicateChoice
import app.twofold.core.EnrollMethod as CoreEnrollMethod
import app.twofold.core.EnrollStep
import app.twofold.core.Enrollment
import app.twofold.core.KeyProvider
import app.twofold.core.ScanHint as CoreScanHint
import app.twofold.core.ScanOutcome
import app.twofold.core.Scanner
import app.twofold.core.TwofoldException
import app.twofold.core.Vault
import app.twofold.core.parseUri
import app.twofold.presentation.AccountCode
import app.twofold.presentation.AccountSummary
import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.DuplicateChoice
import app.twofold.presentation.EnrollMethod
import app.twofold.presentation.EnrollmentSession
import app.twofold.presentation.ExistingAccount
import app.twofold.presentation.FlowStep
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.ManualForm
import app.twofold.presentation.OtpCode
import app.twofold.presentation.ScanHint
import app.twofold.presentation.VaultState
import java.io.File

/**
 * [CoreGateway] over the generated UniFFI bindings. Pure Kotlin (no Android
 * imports) so the desktop CI compiles it with the generated code and runs
 * :presentation's tests through it against the real library.
 *
 * Names of the vault, scanner and enrollment objects follow the bindings
 * branch's plan (see android/README.md, "Binding names this adapter assumes");
 * this is the only file to touch if they land under other names.
 *
 * @param vaultPath the SQLite file (on Android: in `noBackupFilesDir`).
 * @param keyProvider the platform key slot (Android Keystore AES-GCM).
 */
class BindingsGateway(
    private val vaultPath: String,
    private val keyProvider: KeyProvider,
) : CoreGateway, AutoCloseable {
    @Volatile
    private var vault: Vault? = null

    /** One scanner for the app's lifetime: it keeps its per-frame variant rotation. */
    private val scanner: Scanner by lazy { Scanner() }

    private fun open(): Vault = vault ?: synchronized(this) {
        vault ?: core { Vault.open(vaultPath) }.also { vault = it }
    }

    private fun unlocked(): Vault {
        val v = vault
        if (v == null || !core { v.isUnlocked() }) {
            throw CoreException(CoreException.Kind.LOCKED, "The vault is locked.")
        }
        return v
    }

    override fun vaultState(): VaultState {
        val v = vault
        return when {
            v != null && core { v.isUnlocked() } -> VaultState.UNLOCKED
            File(vaultPath).exists() -> VaultState.LOCKED
            else -> VaultState.NO_VAULT
        }
    }

    override fun createVault(backupPassword: String?) {
        synchronized(this) {
            File(vaultPath).parentFile?.mkdirs()
            vault?.close()
            vault = core { Vault.create(vaultPath, keyProvider, backupPassword) }
        }
    }

    override fun unlockWithDevice() = core { open().unlockWithKeyProvider(keyProvider) }

    override fun unlockWithPassword(password: String) = core { open().unlockWithPassword(password) }

    override fun lock() {
        vault?.let { core { it.lock() } }
    }

    override fun codes(nowSeconds: Long): List<AccountCode> = core {
        unlocked().codes(nowSeconds.toULong()).map { entry ->
            AccountCode(
                account = AccountSummary(
                    id = entry.account.id,
                    issuer = entry.account.issuer,
                    name = entry.account.name,
                    kind = entry.account.params.kind.toCodeKind(),
                ),
                code = entry.code?.toOtpCode(),
            )
        }
    }

    override fun nextHotp(id: String, nowSeconds: Long): OtpCode =
        core { unlocked().nextHotp(id, nowSeconds.toULong()).toOtpCode() }

    override fun rename(id: String, issuer: String?, name: String, nowSeconds: Long) =
        core { unlocked().rename(id, issuer, name, nowSeconds.toULong()) }

    override fun delete(id: String, nowSeconds: Long) = core { unlocked().delete(id, nowSeconds.toULong()) }

    override fun restore(id: String, nowSeconds: Long) = core { unlocked().restore(id, nowSeconds.toULong()) }

    override fun reorder(ids: List<String>, nowSeconds: Long) = core { unlocked().reorder(ids, nowSeconds.toULong()) }

    override fun startEnrollment(): EnrollmentSession = Session(core { Enrollment(unlocked()) }, scanner)

    override fun close() {
        synchronized(this) {
            vault?.close()
            vault = null
        }
    }

    /** One enrollment run. Scan results are handed to the flow and released at once (they hold secrets). */
    private class Session(private val flow: Enrollment, private val scanner: Scanner) : EnrollmentSession {
        override fun step(): FlowStep = core { flow.step().toFlowStep() }

        override fun choose(method: EnrollMethod): FlowStep = core {
            flow.choose(
                when (method) {
                    EnrollMethod.CAMERA -> CoreEnrollMethod.CAMERA
                    EnrollMethod.IMAGE -> CoreEnrollMethod.IMAGE
                    EnrollMethod.MANUAL -> CoreEnrollMethod.MANUAL
                },
            ).toFlowStep()
        }

        override fun submitFrame(frame: LumaFrame): FlowStep = submit {
            scanner.scanFrame(frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt())
        }

        override fun submitImage(encoded: ByteArray): FlowStep = submit { scanner.scanImage(encoded) }

        override fun submitLink(uri: String): FlowStep = submit {
            try {
                ScanOutcome.Account(parseUri(uri))
            } catch (e: TwofoldException.InvalidUri) {
                ScanOutcome.InvalidAccount(e.reason)
            }
        }

        private inline fun submit(scan: () -> ScanOutcome): FlowStep = core {
            val outcome = scan()
            try {
                flow.submitScan(outcome).toFlowStep()
            } finally {
                outcome.release()
            }
        }

        override fun updateManual(form: ManualForm): FlowStep = core { flow.updateManual(form.key, form.toManualEntry()).toFlowStep() }

        override fun submitManual(form: ManualForm): FlowStep = core { flow.submitManual(form.key, form.toManualEntry()).toFlowStep() }

        override fun editLabels(issuer: String?, name: String): FlowStep = core { flow.editLabels(issuer, name).toFlowStep() }

        override fun confirm(choice: DuplicateChoice?, nowSeconds: Long): FlowStep = core {
            val coreChoice = when (choice) {
                null -> null
                DuplicateChoice.REPLACE -> CoreDuplicateChoice.REPLACE
                DuplicateChoice.KEEP_BOTH -> CoreDuplicateChoice.KEEP_BOTH
            }
            flow.confirm(coreChoice, nowSeconds.toULong()).toFlowStep()
        }

        override fun refreshCode(nowSeconds: Long): FlowStep = core { flow.refreshCode(nowSeconds.toULong()).toFlowStep() }

        override fun codeEntered(): FlowStep = core { flow.codeEntered().toFlowStep() }

        override fun acknowledge(acknowledged: Boolean): FlowStep = core { flow.acknowledge(acknowledged).toFlowStep() }

        override fun saveRecoveryCode(code: String, nowSeconds: Long): FlowStep =
            core { flow.saveRecoveryCode(code, nowSeconds.toULong()).toFlowStep() }

        override fun skipRecoveryCode(): FlowStep = core { flow.skipRecoveryCode().toFlowStep() }

        override fun back(nowSeconds: Long): FlowStep = core { flow.back(nowSeconds.toULong()).toFlowStep() }

        override fun cancel(nowSeconds: Long): FlowStep = core { flow.cancel(nowSeconds.toULong()).toFlowStep() }

        override fun close() = flow.close()
    }
}

/** Releases the secret-holding objects a scan returned. */
private fun ScanOutcome.release() {
    when (this) {
        is ScanOutcome.Account -> account.close()
        is ScanOutcome.Migration -> accounts.forEach { it.close() }
        else -> Unit
    }
}

private fun EnrollStep.toFlowStep(): FlowStep = when (this) {
    EnrollStep.ChooseMethod -> FlowStep.ChooseMethod
    is EnrollStep.Scanning -> FlowStep.Scanning(
        method = when (method) {
            CoreEnrollMethod.CAMERA -> EnrollMethod.CAMERA
            CoreEnrollMethod.IMAGE -> EnrollMethod.IMAGE
            CoreEnrollMethod.MANUAL -> EnrollMethod.MANUAL
        },
        hint = hint?.toScanHint(),
    )
    is EnrollStep.ManualEntry -> FlowStep.ManualEntry(errors.map { it.toFieldIssue() })
    is EnrollStep.Confirm -> FlowStep.Confirm(
        issuer = issuer,
        name = name,
        duplicate = duplicate?.let { ExistingAccount(it.id, it.issuer, it.name) },
        shortKey = shortKey,
    )
    is EnrollStep.ShowCode -> FlowStep.ShowCode(accountId, code.toOtpCode())
    is EnrollStep.RecoveryCode -> FlowStep.RecoveryCode(accountId, acknowledged)
    is EnrollStep.Done -> FlowStep.Done(accountId)
    EnrollStep.Cancelled -> FlowStep.Cancelled
}

private fun CoreScanHint.toScanHint(): ScanHint = when (this) {
    CoreScanHint.HoldSteady -> ScanHint.HoldSteady
    CoreScanHint.NoCodeInImage -> ScanHint.NoCodeInImage
    is CoreScanHint.NotAnAuthenticatorCode -> ScanHint.NotAnAuthenticatorCode(text)
    is CoreScanHint.InvalidSetupCode -> ScanHint.InvalidSetupCode(reason)
    CoreScanHint.UseImportForExports -> ScanHint.UseImportForExports
}
