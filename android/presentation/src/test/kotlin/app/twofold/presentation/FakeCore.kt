package app.twofold.presentation

/**
 * An in-memory stand-in for the core: TOTP codes are "<id-digit><period index>"
 * padded to 6 digits, so tests can tell codes apart and see them change. The
 * enrollment session mirrors the transitions of core/src/enroll/flow.rs that
 * the presentation relies on. The same tests later run against the real
 * library through :core's BindingsGateway.
 */
/** The recovery password the tests' vaults are created with. */
const val PASSWORD = "correct horse"

class FakeCore : CoreGateway {
    data class Stored(var summary: AccountSummary, var counter: Long = 0, var trashed: Boolean = false, val secret: String)

    var state = VaultState.NO_VAULT
    var password: String? = null
    var deviceKeyWorks = true
    val accounts = mutableListOf<Stored>()
    val recoveryCodes = mutableMapOf<String, String>()
    var codesCalls = 0
    var reorderCalls = 0
    /** Runs inside each enrollment image scan (on the calling thread), e.g. to block it. */
    var onSubmitImage: () -> Unit = {}
    private var nextId = 1

    fun add(issuer: String?, name: String, kind: CodeKind = CodeKind.Totp(30), secret: String = "S$nextId"): String {
        val id = "acc-${nextId++}"
        accounts += Stored(AccountSummary(id, issuer, name, kind, fakeLabel(issuer, name)), secret = secret)
        return id
    }

    fun codeFor(stored: Stored, now: Long): OtpCode = when (val kind = stored.summary.kind) {
        is CodeKind.Totp -> {
            val step = now / kind.periodSeconds
            val from = step * kind.periodSeconds
            fakeCode((stored.summary.id.hashCode().mod(10) * 100000 + step.mod(100000)).toString().padStart(6, '0'), from, from + kind.periodSeconds)
        }
        CodeKind.Steam -> fakeCode("K7${now / 30 % 10}X9", now / 30 * 30, now / 30 * 30 + 30)
        CodeKind.Hotp -> fakeCode(stored.counter.toString().padStart(6, '0'), now, null)
    }

    // Stand-ins for the core's display rules (their real behaviour is tested in Rust and
    // against the real library in :core): fixed, simple answers the tests can predict.
    private fun fakeLabel(issuer: String?, name: String) = if (issuer == null) name else "$issuer ($name)"

    private fun fakeCode(value: String, from: Long, until: Long?) =
        OtpCode(value, from, until, grouped = if (value.length == 6) value.take(3) + " " + value.drop(3) else value)

    override fun matchesSearch(query: String, account: AccountSummary): Boolean =
        query.split(' ').filter { it.isNotBlank() }.all {
            account.issuer.orEmpty().contains(it, ignoreCase = true) || account.name.contains(it, ignoreCase = true)
        }

    override fun clipboardClearAt(copiedAtSeconds: Long, validUntil: Long?, limitSeconds: Int): Long = copiedAtSeconds + limitSeconds

    private fun requireUnlocked() {
        if (state != VaultState.UNLOCKED) throw CoreException(CoreException.Kind.LOCKED, "The vault is locked.")
    }

    private fun live() = accounts.filterNot { it.trashed }

    override fun vaultState() = state

    /** Canned estimates by password; any other: 0 when empty, 1 (too short) under 10 characters, else 3. */
    val strengths = mutableMapOf<String, PasswordStrength>()

    /** Passwords the fake's floor refuses although the estimate accepted them (a core newer than the screen). */
    val floorRefuses = mutableSetOf<String>()
    val strengthCalls = mutableListOf<String>()

    override fun passwordStrength(password: String): PasswordStrength {
        strengthCalls += password
        return strengths[password] ?: when {
            password.isEmpty() -> PasswordStrength(0, 0.0, PasswordWeakness.EMPTY, acceptable = false)
            password.length < 10 -> PasswordStrength(1, 4.0, PasswordWeakness.TOO_SHORT, acceptable = false)
            else -> PasswordStrength(3, 9.0, null, acceptable = true)
        }
    }

    /** The core's floor on every new password: refused before anything is written. */
    private fun requireNewPassword(password: String) {
        if (!passwordStrength(password).acceptable || password in floorRefuses) {
            throw CoreException(CoreException.Kind.WEAK_PASSWORD, "the password is too easy to guess", weakness = passwordStrength(password).weakness)
        }
    }
    var unreadable = 0
    var deviceSlot = false
    var lockCalls = 0
    override fun createVault(recoveryPassword: String, withDeviceKey: Boolean, nowSeconds: Long) {
        requireNewPassword(recoveryPassword)
        password = recoveryPassword
        deviceSlot = withDeviceKey
        state = VaultState.UNLOCKED
    }
    override fun hasPasswordSlot() = password != null
    override fun changeRecoveryPassword(newPassword: String, nowSeconds: Long) {
        requireUnlocked()
        requireNewPassword(newPassword)
        password = newPassword
    }
    override fun setDeviceKey(enabled: Boolean, nowSeconds: Long) {
        requireUnlocked()
        if (!enabled && password == null) throw CoreException(CoreException.Kind.INVALID_REQUEST, "the last key slot cannot be removed")
        deviceSlot = enabled
    }

    /** The core's rule in miniature (the real one is tested in core/ and through the adapter). */
    override fun backupReminder(accounts: Int, changesSinceBackup: Int, lastBackupAtSeconds: Long?, nowSeconds: Long): BackupReminder = when {
        accounts == 0 -> BackupReminder.UpToDate
        lastBackupAtSeconds == null -> BackupReminder.NeverBackedUp(accounts)
        changesSinceBackup >= 5 || (changesSinceBackup > 0 && nowSeconds - lastBackupAtSeconds >= 86_400) ->
            BackupReminder.ChangesNotBackedUp(changesSinceBackup, lastBackupAtSeconds)
        else -> BackupReminder.UpToDate
    }

    /** Frames the import camera "sees", in order: the file texts of [files], "account", "link", or null (nothing). */
    val cameraFrames = ArrayDeque<String?>()
    var scannersOpen = 0
    override fun startImportScanner(): ImportScanner {
        scannersOpen++
        return object : ImportScanner {
            var closed = false
            override fun scanFrame(frame: LumaFrame): ImportFrameScan {
                check(!closed) { "closed" }
                return when (val seen = cameraFrames.removeFirstOrNull()) {
                    null -> ImportFrameScan.Nothing
                    "account" -> ImportFrameScan.SetupCode
                    "link" -> ImportFrameScan.NotAnExport
                    else -> ImportFrameScan.ExportPart(readImport(seen.toByteArray(), null))
                }
            }
            override fun close() { if (!closed) { closed = true; scannersOpen-- } }
        }
    }
    override fun unlockWithDevice() {
        if (!deviceKeyWorks) throw CoreException(CoreException.Kind.KEY_INVALIDATED, "the platform key no longer opens this vault")
        state = VaultState.UNLOCKED
    }
    override fun unlockWithPassword(password: String) {
        if (password != this.password) throw CoreException(CoreException.Kind.WRONG_PASSWORD, "wrong password")
        state = VaultState.UNLOCKED
    }
    override fun lock() { lockCalls++; if (state == VaultState.UNLOCKED) state = VaultState.LOCKED }

    override fun codes(nowSeconds: Long): CodesResult {
        requireUnlocked()
        codesCalls++
        // Like the vault: HOTP accounts have no code until "next code".
        return CodesResult(live().map { AccountCode(it.summary, if (it.summary.kind is CodeKind.Hotp) null else codeFor(it, nowSeconds)) }, unreadable)
    }
    override fun nextHotp(id: String, nowSeconds: Long): OtpCode {
        requireUnlocked()
        val stored = live().first { it.summary.id == id }
        stored.counter++
        return codeFor(stored, nowSeconds)
    }
    override fun rename(id: String, issuer: String?, name: String, nowSeconds: Long) {
        if (name.isBlank()) throw CoreException(CoreException.Kind.INVALID_FORM, "name is empty", listOf(FieldIssue(FormField.NAME, "Enter the account name.")))
        val stored = accounts.first { it.summary.id == id }
        stored.summary = stored.summary.copy(issuer = issuer, name = name)
    }
    override fun delete(id: String, nowSeconds: Long) { accounts.first { it.summary.id == id }.trashed = true }
    override fun restore(id: String, nowSeconds: Long) { accounts.first { it.summary.id == id }.trashed = false }
    override fun reorder(ids: List<String>, nowSeconds: Long) {
        reorderCalls++
        val byId = accounts.associateBy { it.summary.id }
        val trashed = accounts.filter { it.trashed }
        accounts.clear()
        ids.forEach { accounts += byId.getValue(it) }
        accounts += trashed
    }

    // --- import / export ------------------------------------------------------------------

    /** A file the fake "reads": its summary, its password (encrypted when set) and each account's secret. */
    data class FakeFile(val summary: ImportSummary, val secrets: List<String>, val password: String? = null)

    /** Files by their text content; anything else is not a format Twofold can import. */
    val files = mutableMapOf<String, FakeFile>()
    var exportFailure: String? = null
    var importFailure: String? = null
    var googleLeftOut: List<ImportIssue> = emptyList()
    val exportCalls = mutableListOf<String>()
    val openPending = mutableListOf<FakePending>()

    inner class FakePending(override val summary: ImportSummary, val secrets: List<String>) : PendingImport {
        var closed = false
        init { openPending += this }
        override fun close() { closed = true; openPending -= this }
    }

    private fun fileFor(bytes: ByteArray): FakeFile = files[String(bytes, Charsets.UTF_8)]
        ?: throw CoreException(CoreException.Kind.IMPORT_FAILED, "not a format Twofold can import (expected Aegis, 2FAS, andOTP, Bitwarden, a Twofold backup, or otpauth:// / otpauth-migration:// lines)")

    override fun readImport(bytes: ByteArray, password: String?): PendingImport {
        val file = fileFor(bytes)
        if (file.password != null) {
            if (password == null) throw CoreException(CoreException.Kind.PASSWORD_REQUIRED, "this ${file.summary.format} file is encrypted: a password is needed")
            if (password != file.password) throw CoreException(CoreException.Kind.WRONG_PASSWORD, "wrong password")
        }
        return FakePending(file.summary, file.secrets)
    }

    override fun readImportImage(encoded: ByteArray): PendingImport {
        val file = files[String(encoded, Charsets.UTF_8)]
            ?: throw CoreException(CoreException.Kind.INVALID_INPUT, "no Google Authenticator export QR code in this image")
        return FakePending(file.summary, file.secrets)
    }

    override fun startGoogleExport(): GoogleExportCollector = object : GoogleExportCollector {
        val parts = sortedMapOf<Int, FakePending>()
        var batch: GoogleBatch? = null
        override fun add(part: PendingImport): GoogleExportProgress {
            val fake = part as FakePending
            val incoming = fake.summary.googleBatch ?: throw CoreException(CoreException.Kind.IMPORT_FAILED, "not a Google Authenticator export QR code")
            val first = batch ?: incoming.also { batch = it }
            if (first.batchId != incoming.batchId) throw CoreException(CoreException.Kind.IMPORT_FAILED, "this QR code belongs to another Google Authenticator export")
            if (incoming.index !in parts) parts[incoming.index] = FakePending(fake.summary, fake.secrets)
            return GoogleExportProgress(first.size, (0 until first.size).filter { it !in parts })
        }
        override fun finish(): PendingImport {
            val all = parts.values.toList()
            all.forEach { it.close() }
            return FakePending(
                ImportSummary(ImportFormat.GOOGLE_AUTHENTICATOR, all.flatMap { it.summary.accounts }, all.flatMap { it.summary.problems }),
                all.flatMap { it.secrets },
            )
        }
        override fun close() { parts.values.forEach { it.close() } }
    }

    override fun importAccounts(pending: PendingImport, acceptProblems: Boolean, nowSeconds: Long): ImportResult {
        requireUnlocked()
        val fake = pending as FakePending
        if (fake.summary.problems.isNotEmpty() && !acceptProblems) {
            throw CoreException(CoreException.Kind.IMPORT_FAILED, "some entries can't be read: accept importing the rest first")
        }
        importFailure?.let { throw CoreException(CoreException.Kind.IMPORT_FAILED, it) }
        var added = 0
        val duplicates = mutableListOf<String>()
        fake.summary.accounts.zip(fake.secrets).forEach { (label, secret) ->
            if (live().any { it.secret == secret }) duplicates += label else {
                add(null, label, secret = secret)
                added++
            }
        }
        return ImportResult(added, duplicates)
    }

    private fun exported(what: String): String {
        requireUnlocked()
        exportFailure?.let { throw CoreException(CoreException.Kind.EXPORT_FAILED, it) }
        exportCalls += what
        return "$what:" + live().joinToString(",") { it.secret }
    }

    override fun exportBackup(password: String, nowSeconds: Long): ByteArray {
        requireNewPassword(password)
        return exported("backup/$password/$nowSeconds").toByteArray()
    }

    override fun exportAegis(password: String): ByteArray {
        requireNewPassword(password)
        return exported("aegis/$password").toByteArray()
    }
    override fun exportOtpauthList() = exported("otpauth")
    override fun exportGoogleQr(accountsPerCode: Int?): GoogleQrExport {
        exported("google/$accountsPerCode")
        val codes = live().chunked(accountsPerCode ?: 5).map { chunk -> chunk.joinToString(",") { it.secret }.toByteArray() }
        return GoogleQrExport(codes, googleLeftOut)
    }

    var lastSession: FakeSession? = null
    override fun startEnrollment(): EnrollmentSession = FakeSession().also { lastSession = it }

    /** Frames whose first byte is 1 hold a valid code; 2 a non-authenticator QR; anything else nothing. */
    inner class FakeSession : EnrollmentSession {
        var step: FlowStep = FlowStep.ChooseMethod
        var method: EnrollMethod? = null
        var pending: Pair<String?, String>? = null
        var pendingSecret = ""
        var pendingKind: CodeKind = CodeKind.Totp(30)
        var savedId: String? = null
        var emptyFrames = 0
        var closed = false
        var frames = 0

        private fun notHere(action: String): Nothing =
            throw CoreException(CoreException.Kind.FLOW, "cannot $action in ${step::class.simpleName}")

        override fun step() = step
        override fun choose(method: EnrollMethod): FlowStep {
            if (step != FlowStep.ChooseMethod) notHere("choose a method")
            this.method = method
            emptyFrames = 0
            step = if (method == EnrollMethod.MANUAL) FlowStep.ManualEntry(emptyList()) else FlowStep.Scanning(method, null)
            return step
        }
        private fun scanned(found: Int): FlowStep {
            val current = step as? FlowStep.Scanning ?: notHere("submit a scan")
            step = when (found) {
                1 -> { pendingSecret = "JBSWY3DPEHPK3PXP"; toConfirm("ACME Co", "alice@example.com", short = true) }
                2 -> FlowStep.Scanning(current.method, ScanHint.NotAnAuthenticatorCode("https://example.com"))
                else -> if (current.method == EnrollMethod.IMAGE) FlowStep.Scanning(current.method, ScanHint.NoCodeInImage) else {
                    emptyFrames++
                    FlowStep.Scanning(current.method, current.hint ?: if (emptyFrames >= 30) ScanHint.HoldSteady else null)
                }
            }
            return step
        }
        override fun submitFrame(frame: LumaFrame): FlowStep { frames++; return scanned(if (frame.luma.remaining() > 0) frame.luma.get(0).toInt() else 0) }
        override fun submitImage(encoded: ByteArray): FlowStep { onSubmitImage(); return scanned(encoded.firstOrNull()?.toInt() ?: 0) }
        override fun submitLink(uri: String) = scanned(if (uri.startsWith("otpauth://")) 1 else 2)

        private fun validate(form: ManualForm): List<FieldIssue> = buildList {
            val key = form.key.replace(" ", "").uppercase()
            val bad = key.indexOfFirst { it !in 'A'..'Z' && it !in '2'..'7' }
            when {
                key.isEmpty() -> add(FieldIssue(FormField.KEY, "the key is empty", KeyIssue.Empty))
                bad >= 0 -> add(FieldIssue(FormField.KEY, "invalid character", KeyIssue.InvalidCharacter(key[bad].toString(), form.key.indexOf(key[bad], ignoreCase = true) + 1, if (key[bad] == '0') "did you mean the letter O?" else null)))
            }
            if (form.name.isBlank()) add(FieldIssue(FormField.NAME, "Enter the account name."))
            if (form.digits !in 6..10) add(FieldIssue(FormField.DIGITS, "Codes have 6 to 10 digits."))
        }
        override fun updateManual(form: ManualForm): FlowStep {
            if (step !is FlowStep.ManualEntry) notHere("edit the key form")
            step = FlowStep.ManualEntry(validate(form)); return step
        }
        override fun submitManual(form: ManualForm): FlowStep {
            if (step !is FlowStep.ManualEntry) notHere("submit the key form")
            val errors = validate(form)
            step = if (errors.isEmpty()) {
                pendingSecret = form.key.replace(" ", "").uppercase()
                pendingKind = when (form.type) { OtpType.TOTP -> CodeKind.Totp(form.period.toInt()); OtpType.HOTP -> CodeKind.Hotp; OtpType.STEAM -> CodeKind.Steam }
                toConfirm(form.issuer.trim().ifEmpty { null }, form.name.trim(), short = pendingSecret.length < 26)
            } else FlowStep.ManualEntry(errors)
            return step
        }
        private fun toConfirm(issuer: String?, name: String, short: Boolean): FlowStep {
            pending = issuer to name
            val dup = accounts.firstOrNull { !it.trashed && it.secret == pendingSecret }
            return FlowStep.Confirm(issuer, name, dup?.let { ExistingAccount(it.summary.id, it.summary.issuer, it.summary.name, it.summary.label) }.takeIf { savedId == null }, short)
        }
        override fun editLabels(issuer: String?, name: String): FlowStep {
            val current = step as? FlowStep.Confirm ?: notHere("edit issuer and name")
            if (name.isBlank()) throw CoreException(CoreException.Kind.INVALID_FORM, "name", listOf(FieldIssue(FormField.NAME, "Enter the account name.")))
            pending = issuer?.trim() to name.trim()
            step = current.copy(issuer = issuer?.trim(), name = name.trim()); return step
        }
        override fun confirm(choice: DuplicateChoice?, nowSeconds: Long): FlowStep {
            val current = step as? FlowStep.Confirm ?: notHere("confirm")
            val (issuer, name) = pending!!
            val id = savedId ?: run {
                val duplicate = current.duplicate
                if (duplicate != null) {
                    when (choice) {
                        null -> throw CoreException(CoreException.Kind.FLOW, "choose whether to replace the existing account or keep both")
                        DuplicateChoice.REPLACE -> delete(duplicate.id, nowSeconds)
                        DuplicateChoice.KEEP_BOTH -> Unit
                    }
                }
                add(issuer, name, pendingKind, pendingSecret).also { savedId = it }
            }
            step = FlowStep.ShowCode(id, codeFor(accounts.first { it.summary.id == id }, nowSeconds)); return step
        }
        override fun refreshCode(nowSeconds: Long): FlowStep {
            val current = step as? FlowStep.ShowCode ?: notHere("refresh the code")
            step = FlowStep.ShowCode(current.accountId, codeFor(accounts.first { it.summary.id == current.accountId }, nowSeconds)); return step
        }
        override fun codeEntered(): FlowStep {
            val current = step as? FlowStep.ShowCode ?: notHere("continue from the code")
            step = FlowStep.RecoveryCode(current.accountId, false); return step
        }
        override fun acknowledge(acknowledged: Boolean): FlowStep {
            val current = step as? FlowStep.RecoveryCode ?: notHere("acknowledge")
            step = current.copy(acknowledged = acknowledged); return step
        }
        override fun saveRecoveryCode(code: String, nowSeconds: Long): FlowStep {
            val current = step as? FlowStep.RecoveryCode ?: notHere("save a recovery code")
            if (!current.acknowledged) throw CoreException(CoreException.Kind.FLOW, "tick the acknowledgement first")
            if (code.isBlank()) throw CoreException(CoreException.Kind.FLOW, "the recovery code is empty")
            recoveryCodes[current.accountId] = code.trim()
            step = FlowStep.Done(current.accountId); return step
        }
        override fun skipRecoveryCode(): FlowStep {
            val current = step as? FlowStep.RecoveryCode ?: notHere("skip")
            step = FlowStep.Done(current.accountId); return step
        }
        override fun back(nowSeconds: Long): FlowStep {
            step = when (val current = step) {
                FlowStep.ChooseMethod -> FlowStep.Cancelled
                is FlowStep.Scanning, is FlowStep.ManualEntry -> { method = null; FlowStep.ChooseMethod }
                is FlowStep.Confirm -> if (savedId != null) confirm(null, nowSeconds) else if (method == EnrollMethod.MANUAL) FlowStep.ManualEntry(emptyList()) else FlowStep.Scanning(method!!, null)
                is FlowStep.ShowCode -> pending!!.let { (i, n) -> FlowStep.Confirm(i, n, null, false) }
                is FlowStep.RecoveryCode -> FlowStep.ShowCode(current.accountId, codeFor(accounts.first { it.summary.id == current.accountId }, nowSeconds))
                else -> current
            }
            return step
        }
        override fun cancel(nowSeconds: Long): FlowStep {
            step = when (val current = step) {
                is FlowStep.ShowCode, is FlowStep.Confirm -> { savedId?.let { delete(it, nowSeconds) }; savedId = null; FlowStep.Cancelled }
                is FlowStep.RecoveryCode -> FlowStep.Done(current.accountId)
                is FlowStep.Done -> current
                else -> FlowStep.Cancelled
            }
            return step
        }
        override fun close() { closed = true }
    }
}
