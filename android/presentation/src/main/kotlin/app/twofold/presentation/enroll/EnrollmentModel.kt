package app.twofold.presentation.enroll

import app.twofold.presentation.CodeFormat
import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.DuplicateChoice
import app.twofold.presentation.EnrollMethod
import app.twofold.presentation.EnrollmentSession
import app.twofold.presentation.ExistingAccount
import app.twofold.presentation.FieldIssue
import app.twofold.presentation.FlowStep
import app.twofold.presentation.FormField
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.ManualForm
import app.twofold.presentation.OtpType
import app.twofold.presentation.ScanHint
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Camera permission as the app last saw it. */
enum class CameraPermission {
    /** Not asked yet: the screen asks on entry. */
    UNKNOWN,
    GRANTED,

    /** Denied; asking again is still possible. */
    DENIED,

    /** Denied with "don't ask again": only the system settings can grant it. */
    DENIED_PERMANENTLY,
}

/** The screens of the enrollment flow, each with everything it shows and enables. */
sealed interface EnrollScreen {
    /** "Add an account": scan, pick a screenshot, or Trouble Scanning. */
    data object ChooseMethod : EnrollScreen

    /** The in-app camera scanner (or, without permission, the alternatives). */
    data class Camera(
        val permission: CameraPermission,
        /** Frames go to the scanner only while this is true. */
        val analyzing: Boolean,
        val torchOn: Boolean,
        /** The camera has a flash unit: show the light toggle. */
        val showTorch: Boolean,
        /** What the last frames showed (null: keep pointing the camera at the code); the app words it. */
        val hint: ScanHint?,
        /** Ask for the permission (first entry, or after a plain denial). */
        val showPermissionRequest: Boolean,
        /** Denied: offer Trouble Scanning and "scan from image" (and settings when permanent). */
        val showAlternatives: Boolean,
        val showOpenSettings: Boolean,
        /** The camera saw a Google Authenticator export: offer to collect all its codes with this camera. */
        val offerExportScan: Boolean = false,
    ) : EnrollScreen

    /** A screenshot or photo from the photo picker. */
    data class Image(
        /** Open the picker now (on entry and after "choose another image"). */
        val launchPicker: Boolean,
        /** Why the last image was not accepted; the app words it. */
        val hint: ScanHint?,
    ) : EnrollScreen

    /** Trouble Scanning: type the key the site shows. */
    data class TroubleScanning(
        val form: ManualForm,
        /** One message per field, shown once the field was touched or a submit was tried. */
        val messages: Map<FormField, String>,
        val showAdvanced: Boolean,
        val showPeriod: Boolean,
        val showCounter: Boolean,
        val showDigits: Boolean,
        val canSubmit: Boolean,
    ) : EnrollScreen

    /** Issuer and name, editable; a duplicate needs a choice. */
    data class Confirm(
        val issuer: String,
        val name: String,
        val nameError: String?,
        val issuerError: String?,
        val duplicate: ExistingAccount?,
        val duplicateChoice: DuplicateChoice?,
        val shortKeyWarning: String?,
        val canConfirm: Boolean,
    ) : EnrollScreen

    /** The account is saved: type this code into the site. */
    data class ShowCode(
        /** Grouped for reading ("123 456"). */
        val code: String,
        /** What "Copy" puts on the clipboard (no grouping space). */
        val copyValue: String,
        val secondsLeft: Int?,
        val remaining: Float,
        val expiringSoon: Boolean,
        /** The code spelled for TalkBack ("1 2 3 4 5 6"); the app adds the time left. */
        val spokenCode: String,
    ) : EnrollScreen

    /** Save the site's recovery code ("I have securely saved this code"). */
    data class RecoveryCode(
        val text: String,
        val acknowledged: Boolean,
        val canSave: Boolean,
    ) : EnrollScreen

    data class Done(val accountId: String) : EnrollScreen
    data object Cancelled : EnrollScreen
}

/** The screen (the app titles it), and what the shell must know about it. */
data class EnrollmentUi(
    val screen: EnrollScreen,
    /** Cancelling at the code moves the just-saved account to the trash: ask first. */
    val confirmCancel: Boolean,
    val error: String?,
)

/**
 * The enrollment screens on top of the core's state machine. The core decides
 * the steps; this class maps each step to a screen, keeps what is only typed
 * (form text, recovery code, label edits, torch, permission) and decides what
 * is shown and enabled. Frames may arrive from a background thread.
 */
class EnrollmentModel(core: CoreGateway) : AutoCloseable {
    private val session: EnrollmentSession = core.startEnrollment()
    private val lock = Any()

    private var step: FlowStep = session.step()
    private var permission = CameraPermission.UNKNOWN
    private var torchOn = false
    private var torchAvailable = true
    private var launchPicker = false
    private var form = ManualForm()
    private var touched = emptySet<FormField>()
    private var submitted = false
    private var showAdvanced = false
    private var issuerEdit = ""
    private var nameEdit = ""
    private var labelIssues: List<FieldIssue> = emptyList()
    private var duplicateChoice: DuplicateChoice? = null
    private var recoveryText = ""
    private var error: String? = null
    private var nowMillis = 0L
    private var closed = false

    private val _state = MutableStateFlow(render())
    val state: StateFlow<EnrollmentUi> = _state.asStateFlow()

    // --- choose method -----------------------------------------------------------------

    fun choose(method: EnrollMethod) = act {
        form = ManualForm()
        touched = emptySet()
        submitted = false
        if (method == EnrollMethod.IMAGE) launchPicker = true
        session.choose(method)
    }

    /** From the camera's alternatives: leave scanning for another method. */
    fun switchTo(method: EnrollMethod, nowMillis: Long) = act {
        torchOn = false
        val current = step
        if (current is FlowStep.Scanning || current is FlowStep.ManualEntry) session.back(nowMillis / 1000)
        if (method == EnrollMethod.IMAGE) launchPicker = true
        session.choose(method)
    }

    // --- camera ------------------------------------------------------------------------

    fun onCameraPermission(result: CameraPermission) = update { permission = result }

    fun toggleTorch() = update { torchOn = !torchOn }

    /** Whether the bound camera has a flash unit (reported once the camera is open). */
    fun onTorchAvailable(available: Boolean) = update {
        torchAvailable = available
        if (!available) torchOn = false
    }

    /**
     * One analysed frame. Ignored unless the camera screen is analysing;
     * returns whether frames are still wanted (the analyzer stops otherwise).
     */
    fun onFrame(frame: LumaFrame): Boolean {
        if (!synchronized(lock) { !closed && isAnalyzing() }) return false
        // Scanning takes tens of milliseconds: do it outside the lock so taps on
        // the UI thread never wait for it. The core serialises the calls itself.
        try {
            session.submitFrame(frame)
        } catch (_: CoreException) {
            // The user left scanning meanwhile (the core refused the frame), or
            // this one frame failed: the next frame simply tries again.
        } catch (_: IllegalStateException) {
            // The session was closed (flow left, app locked) while this frame was
            // on its way from the camera thread.
            return false
        }
        synchronized(lock) {
            if (closed) return false
            // Re-read the step rather than trusting the frame's result, which a
            // back/cancel from the UI thread may already have superseded.
            val before = step
            step = try { session.step() } catch (_: CoreException) { before }
            onStepChanged(before, step)
            _state.value = render()
            return isAnalyzing()
        }
    }

    private fun isAnalyzing(): Boolean {
        val current = step
        return current is FlowStep.Scanning && current.method == EnrollMethod.CAMERA &&
            permission == CameraPermission.GRANTED
    }

    // --- image ---------------------------------------------------------------------------

    /** The picker was shown; do not open it again on recomposition. */
    fun pickerLaunched() = update { launchPicker = false }

    /** The user closed the picker without choosing: back to the methods. */
    fun pickerCancelled(nowMillis: Long) = act {
        launchPicker = false
        if (step is FlowStep.Scanning) session.back(nowMillis / 1000) else step
    }

    fun chooseAnotherImage() = update { launchPicker = true }

    /**
     * A picked image. Decoding and scanning a large photo takes a while: it runs
     * outside the model's lock, so the UI's 200 ms [tick] never waits for it.
     */
    fun onImage(encoded: ByteArray) {
        synchronized(lock) {
            if (closed) return
            launchPicker = false
            _state.value = render()
        }
        val failure = try {
            session.submitImage(encoded)
            null
        } catch (e: CoreException) {
            e
        } catch (_: IllegalStateException) {
            return // the session was closed (flow left, app locked) meanwhile
        }
        synchronized(lock) {
            if (closed) return
            val before = step
            step = try { session.step() } catch (_: CoreException) { before }
            error = failure?.let { it.message ?: "Something went wrong" }
            onStepChanged(before, step)
            _state.value = render()
        }
    }

    /** An `otpauth://` deep link: treated like a scanned code. */
    fun onLink(uri: String) = act {
        if (step == FlowStep.ChooseMethod) session.choose(EnrollMethod.IMAGE)
        session.submitLink(uri)
    }

    // --- Trouble Scanning -------------------------------------------------------------

    fun editForm(newForm: ManualForm, field: FormField) = act {
        form = newForm
        touched = touched + field
        session.updateManual(forCore(newForm))
    }

    fun toggleAdvanced() = update { showAdvanced = !showAdvanced }

    fun submitManual() = act {
        submitted = true
        touched = FormField.entries.toSet()
        if (localIssues().isEmpty()) session.submitManual(forCore(form)) else session.updateManual(forCore(form))
    }

    // --- confirm --------------------------------------------------------------------------

    fun editIssuer(issuer: String) = editLabels(issuer, nameEdit)

    fun editName(name: String) = editLabels(issuerEdit, name)

    private fun editLabels(issuer: String, name: String) = act {
        issuerEdit = issuer
        nameEdit = name
        try {
            val next = session.editLabels(issuer.takeIf { it.isNotBlank() }, name)
            labelIssues = emptyList()
            next
        } catch (e: CoreException) {
            if (e.kind != CoreException.Kind.INVALID_FORM) throw e
            labelIssues = e.fieldIssues
            step
        }
    }

    fun chooseDuplicate(choice: DuplicateChoice) = update { duplicateChoice = choice }

    fun confirm(nowMillis: Long) = act {
        this.nowMillis = nowMillis
        val current = step as? FlowStep.Confirm
        session.confirm(if (current?.duplicate != null) duplicateChoice else null, nowMillis / 1000)
    }

    // --- code -----------------------------------------------------------------------------

    /** Countdown; recomputes the code through the core when it expires. */
    fun tick(nowMillis: Long) {
        this.nowMillis = nowMillis
        val current = step
        if (current is FlowStep.ShowCode) {
            val until = current.code.validUntil
            if (until != null && until <= nowMillis / 1000) {
                act { session.refreshCode(nowMillis / 1000) }
                return
            }
        }
        update { }
    }

    fun codeEntered() = act { session.codeEntered() }

    // --- recovery code --------------------------------------------------------------

    fun editRecoveryCode(text: String) = update { recoveryText = text }

    fun acknowledge(checked: Boolean) = act { session.acknowledge(checked) }

    fun saveRecoveryCode(nowMillis: Long) = act {
        val next = session.saveRecoveryCode(recoveryText, nowMillis / 1000)
        recoveryText = ""
        next
    }

    fun skipRecoveryCode() = act { session.skipRecoveryCode() }

    // --- leaving ----------------------------------------------------------------------

    /** System back / the top bar's arrow. */
    fun back(nowMillis: Long) = act {
        torchOn = false
        session.back(nowMillis / 1000)
    }

    /** The close button; at the code the UI asks first ([EnrollmentUi.confirmCancel]). */
    fun cancel(nowMillis: Long) = act {
        torchOn = false
        recoveryText = ""
        session.cancel(nowMillis / 1000)
    }

    fun errorShown() = update { error = null }

    override fun close() {
        synchronized(lock) {
            if (closed) return
            closed = true
        }
        session.close()
    }

    // --- mapping --------------------------------------------------------------------------

    private inline fun update(block: () -> Unit) {
        synchronized(lock) {
            block()
            _state.value = render()
        }
    }

    private inline fun act(block: () -> FlowStep) {
        synchronized(lock) {
            val before = step
            try {
                step = block()
                error = null
            } catch (e: CoreException) {
                error = e.message ?: "Something went wrong"
            }
            onStepChanged(before, step)
            _state.value = render()
        }
    }

    private fun onStepChanged(before: FlowStep, after: FlowStep) {
        if (before::class == after::class) return
        when (after) {
            is FlowStep.Confirm -> {
                issuerEdit = after.issuer.orEmpty()
                nameEdit = after.name
                labelIssues = emptyList()
                if (after.duplicate == null) duplicateChoice = null
            }
            is FlowStep.ManualEntry -> if (before !is FlowStep.Confirm) {
                touched = emptySet()
                submitted = false
            }
            is FlowStep.RecoveryCode -> if (before !is FlowStep.RecoveryCode) recoveryText = ""
            else -> Unit
        }
        if (after !is FlowStep.Scanning) torchOn = false
    }

    /** Numbers that do not parse stay on screen as messages; the core gets the defaults meanwhile. */
    private fun forCore(form: ManualForm): ManualForm = form.copy(
        period = form.period.trim().takeIf { it.toIntOrNull() != null } ?: "30",
        counter = form.counter.trim().takeIf { it.toULongOrNull() != null } ?: "0",
    )

    private fun localIssues(): List<FieldIssue> = buildList {
        if (form.type == OtpType.TOTP) ManualEntryMessages.numberIssue(FormField.PERIOD, form.period)?.let(::add)
        if (form.type == OtpType.HOTP) ManualEntryMessages.numberIssue(FormField.COUNTER, form.counter)?.let(::add)
    }

    private fun render(): EnrollmentUi {
        val current = step
        val screen: EnrollScreen = when (current) {
            FlowStep.ChooseMethod -> EnrollScreen.ChooseMethod
            is FlowStep.Scanning -> when (current.method) {
                EnrollMethod.IMAGE -> EnrollScreen.Image(launchPicker, current.hint)
                else -> EnrollScreen.Camera(
                    permission = permission,
                    analyzing = permission == CameraPermission.GRANTED,
                    torchOn = torchOn && permission == CameraPermission.GRANTED,
                    showTorch = torchAvailable && permission == CameraPermission.GRANTED,
                    hint = current.hint,
                    showPermissionRequest = permission == CameraPermission.UNKNOWN,
                    showAlternatives = permission == CameraPermission.DENIED ||
                        permission == CameraPermission.DENIED_PERMANENTLY,
                    showOpenSettings = permission == CameraPermission.DENIED_PERMANENTLY,
                    offerExportScan = current.hint == ScanHint.UseImportForExports,
                )
            }
            is FlowStep.ManualEntry -> {
                val issues = (current.errors + localIssues()).filter { it.field in touched || submitted }
                val blocking = current.errors + localIssues()
                EnrollScreen.TroubleScanning(
                    form = form,
                    messages = ManualEntryMessages.byField(issues),
                    showAdvanced = showAdvanced,
                    showPeriod = form.type == OtpType.TOTP,
                    showCounter = form.type == OtpType.HOTP,
                    showDigits = form.type != OtpType.STEAM,
                    canSubmit = blocking.isEmpty() && form.key.isNotBlank() && form.name.isNotBlank(),
                )
            }
            is FlowStep.Confirm -> {
                val byField = ManualEntryMessages.byField(labelIssues)
                val nameError = byField[FormField.NAME]
                    ?: "Enter the account name (usually your email).".takeIf { nameEdit.isBlank() }
                val needsChoice = current.duplicate != null && duplicateChoice == null
                EnrollScreen.Confirm(
                    issuer = issuerEdit,
                    name = nameEdit,
                    nameError = nameError,
                    issuerError = byField[FormField.ISSUER],
                    duplicate = current.duplicate,
                    duplicateChoice = duplicateChoice,
                    shortKeyWarning = if (current.shortKey) {
                        "This key is shorter than recommended. It works, but the website's security is weaker than usual."
                    } else null,
                    canConfirm = nameError == null && byField.isEmpty() && !needsChoice,
                )
            }
            is FlowStep.ShowCode -> {
                val code = current.code
                val secondsLeft = CodeFormat.secondsLeft(code.validUntil, nowMillis)
                EnrollScreen.ShowCode(
                    code = code.grouped,
                    copyValue = code.value,
                    secondsLeft = secondsLeft,
                    remaining = CodeFormat.remainingFraction(code, nowMillis),
                    expiringSoon = secondsLeft != null && secondsLeft <= CodeFormat.EXPIRING_SOON_SECONDS,
                    spokenCode = CodeFormat.spelled(code.value),
                )
            }
            is FlowStep.RecoveryCode -> EnrollScreen.RecoveryCode(
                text = recoveryText,
                acknowledged = current.acknowledged,
                canSave = current.acknowledged && recoveryText.isNotBlank(),
            )
            is FlowStep.Done -> EnrollScreen.Done(current.accountId)
            FlowStep.Cancelled -> EnrollScreen.Cancelled
        }
        return EnrollmentUi(
            screen = screen,
            confirmCancel = current is FlowStep.ShowCode,
            error = error,
        )
    }
}
