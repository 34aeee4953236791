package app.twofold.gateway

import app.twofold.core.DuplicateChoice as CoreDuplicateChoice
import app.twofold.core.EnrollMethod as CoreEnrollMethod
import app.twofold.core.EnrollStep
import app.twofold.core.Enrollment
import app.twofold.core.ScanHint as CoreScanHint
import app.twofold.core.Scanner
import app.twofold.core.Vault
import app.twofold.core.parseUri
import app.twofold.presentation.DuplicateChoice
import app.twofold.presentation.EnrollMethod
import app.twofold.presentation.EnrollmentSession
import app.twofold.presentation.ExistingAccount
import app.twofold.presentation.FlowStep
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.ManualForm
import app.twofold.presentation.ScanHint
import java.nio.Buffer
import java.nio.ByteBuffer

/**
 * One run of the core's enrollment flow (core/src/enroll) through the
 * bindings' `Enrollment` object. Frames go through one `Scanner` per session
 * (one cheap attempt per frame, rotating across frames); a picked image gets
 * every attempt. Both are lent to the core in place from direct buffers.
 */
class BindingsEnrollmentSession(vault: Vault) : EnrollmentSession {
    private val flow: Enrollment = Enrollment(vault)
    private val scanner: Scanner = Scanner()

    override fun step(): FlowStep = flow.step().toFlowStep()

    override fun choose(method: EnrollMethod): FlowStep = core {
        flow.choose(
            when (method) {
                EnrollMethod.CAMERA -> CoreEnrollMethod.CAMERA
                EnrollMethod.IMAGE -> CoreEnrollMethod.IMAGE
                EnrollMethod.MANUAL -> CoreEnrollMethod.MANUAL
            },
        ).toFlowStep()
    }

    override fun submitFrame(frame: LumaFrame): FlowStep = core {
        flow.submitFrame(scanner, frame.luma, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt())
            .toFlowStep()
    }

    override fun submitImage(encoded: ByteArray): FlowStep = core {
        val direct = ByteBuffer.allocateDirect(encoded.size)
        direct.put(encoded)
        // Through Buffer: ByteBuffer's covariant flip() does not exist on older Android releases.
        (direct as Buffer).flip()
        flow.submitImage(direct).toFlowStep()
    }

    /** A deep link: parsed here, then fed to the scanning step like a scanned code. */
    override fun submitLink(uri: String): FlowStep = core {
        parseUri(uri).use { account -> flow.submitAccount(account).toFlowStep() }
    }

    override fun updateManual(form: ManualForm): FlowStep =
        core { flow.updateManual(form.key, form.toManualEntry()).toFlowStep() }

    override fun submitManual(form: ManualForm): FlowStep =
        core { flow.submitManual(form.key, form.toManualEntry()).toFlowStep() }

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

    override fun close() {
        scanner.close()
        flow.close()
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
    is EnrollStep.ManualEntry -> FlowStep.ManualEntry(problems.map { it.toFieldIssue() })
    is EnrollStep.Confirm -> FlowStep.Confirm(
        issuer = issuer,
        name = name,
        duplicate = duplicate?.let { ExistingAccount(it.id, it.issuer, it.name, it.label) },
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
