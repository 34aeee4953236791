package app.twofold.gateway

import app.twofold.core.KdfParams
import app.twofold.core.KeyProvider
import app.twofold.core.SlotKind
import app.twofold.core.Vault
import app.twofold.core.backupReminder as coreBackupReminder
import app.twofold.presentation.AccountCode
import app.twofold.presentation.AccountSummary
import app.twofold.presentation.BackupReminder
import app.twofold.presentation.CodesResult
import app.twofold.presentation.CoreException
import app.twofold.presentation.CoreGateway
import app.twofold.presentation.EnrollmentSession
import app.twofold.presentation.GoogleExportCollector
import app.twofold.presentation.GoogleQrExport
import app.twofold.presentation.ImportResult
import app.twofold.presentation.ImportScanner
import app.twofold.presentation.OtpCode
import app.twofold.presentation.PasswordStrength
import app.twofold.presentation.PendingImport
import app.twofold.presentation.VaultState
import java.io.File

/**
 * [CoreGateway] over the generated UniFFI bindings' `Vault`. Pure Kotlin (no
 * Android imports) so the desktop CI compiles it with the generated code and
 * runs tests through it against the real library.
 *
 * The enrollment flow object is not exported yet, so sessions come from
 * [enrollments] (on Android: `::BindingsEnrollmentSession`, see
 * BindingsEnrollment.kt); this file only depends on names the bindings
 * already export.
 *
 * @param vaultPath the SQLite file (on Android: in `noBackupFilesDir`).
 * @param keyProvider the platform key slot (Android Keystore AES-GCM).
 * @param platformSlotLabel names the platform slot in the vault ("Pixel 8 keystore").
 * @param backupKdf password hashing of exported backups; `null` is the library's
 *   phone default (tests pass cheap parameters).
 * @param passwordKdf password hashing of the vault's recovery password slot;
 *   `null` is the library's phone default (Argon2id, 64 MiB, about half a second).
 */
class BindingsGateway(
    private val vaultPath: String,
    private val keyProvider: KeyProvider,
    private val platformSlotLabel: String,
    private val enrollments: (Vault) -> EnrollmentSession,
    private val backupKdf: KdfParams? = null,
    private val passwordKdf: KdfParams? = null,
) : CoreGateway, AutoCloseable {
    @Volatile
    private var vault: Vault? = null

    /** The open vault (locked or not), opening the file on first use. */
    private fun opened(): Vault = vault ?: synchronized(this) {
        vault ?: core { Vault.open(vaultPath) }.also { vault = it }
    }

    private fun unlocked(): Vault {
        val v = vault
        if (v == null || !v.isUnlocked()) throw CoreException(CoreException.Kind.LOCKED, "The vault is locked.")
        return v
    }

    override fun vaultState(): VaultState {
        val v = vault
        return when {
            v != null && v.isUnlocked() -> VaultState.UNLOCKED
            File(vaultPath).exists() -> VaultState.LOCKED
            else -> VaultState.NO_VAULT
        }
    }

    override fun passwordStrength(password: String): PasswordStrength = estimatePassword(password)

    override fun createVault(recoveryPassword: String, withDeviceKey: Boolean, nowSeconds: Long) {
        synchronized(this) {
            File(vaultPath).parentFile?.mkdirs()
            vault?.close()
            vault = null
            val now = nowSeconds.toULong()
            // The password slot first: whatever happens to the device key, the vault opens with it.
            val created = core { Vault.createWithPassword(vaultPath, recoveryPassword, passwordKdf, now) }
            vault = created
            if (withDeviceKey) core { created.addPlatformSlot(keyProvider, platformSlotLabel, now) }
        }
    }

    override fun hasPasswordSlot(): Boolean = core { opened().slots().any { it.kind == SlotKind.PASSWORD } }

    override fun changeRecoveryPassword(newPassword: String, nowSeconds: Long) {
        synchronized(this) {
            val v = unlocked()
            val now = nowSeconds.toULong()
            val slot = core { v.slots() }.firstOrNull { it.kind == SlotKind.PASSWORD }
            core {
                if (slot == null) v.addPasswordSlot(newPassword, passwordKdf, now) else v.changePassword(slot.id, newPassword, passwordKdf, now)
            }
        }
    }

    override fun setDeviceKey(enabled: Boolean, nowSeconds: Long) {
        synchronized(this) {
            val v = unlocked()
            val old = core { v.slots() }.filter { it.kind == SlotKind.PLATFORM }
            // Add the new slot before removing the old ones: a failure leaves the vault as it was.
            val added = if (enabled) core { v.addPlatformSlot(keyProvider, platformSlotLabel, nowSeconds.toULong()) } else null
            old.filter { it.id != added?.id }.forEach { slot -> core { v.removeSlot(slot.id) } }
        }
    }

    override fun backupReminder(accounts: Int, changesSinceBackup: Int, lastBackupAtSeconds: Long?, nowSeconds: Long): BackupReminder =
        core {
            coreBackupReminder(
                accounts.coerceAtLeast(0).toUInt(),
                changesSinceBackup.coerceAtLeast(0).toUInt(),
                lastBackupAtSeconds?.coerceAtLeast(0)?.toULong(),
                nowSeconds.coerceAtLeast(0).toULong(),
            ).toBackupReminder()
        }

    override fun unlockWithDevice() = core { opened().unlockWithKeyProvider(keyProvider) }

    override fun unlockWithPassword(password: String) = core { opened().unlockWithPassword(password) }

    override fun lock() {
        vault?.lock()
    }

    override fun codes(nowSeconds: Long): CodesResult = core {
        val listing = unlocked().codes(nowSeconds.toULong())
        CodesResult(
            codes = listing.codes.map { entry ->
                AccountCode(
                    account = AccountSummary(
                        id = entry.account.id,
                        issuer = entry.account.issuer,
                        name = entry.account.name,
                        kind = entry.account.params.kind.toCodeKind(),
                        label = entry.account.label,
                    ),
                    code = entry.code?.toOtpCode(),
                )
            },
            unreadable = listing.unreadable.size,
        )
    }

    override fun matchesSearch(query: String, account: AccountSummary): Boolean =
        app.twofold.core.matchesSearch(query, account.issuer, account.name)

    override fun clipboardClearAt(copiedAtSeconds: Long, validUntil: Long?, limitSeconds: Int): Long =
        app.twofold.core.clipboardClearAt(
            copiedAtSeconds.coerceAtLeast(0).toULong(),
            validUntil?.coerceAtLeast(0)?.toULong(),
            limitSeconds.coerceAtLeast(0).toUInt(),
        ).toLong()

    override fun nextHotp(id: String, nowSeconds: Long): OtpCode =
        core { unlocked().nextHotp(id, nowSeconds.toULong()).toOtpCode() }

    override fun rename(id: String, issuer: String?, name: String, nowSeconds: Long) {
        core { unlocked().rename(id, issuer, name, nowSeconds.toULong()) }
    }

    override fun delete(id: String, nowSeconds: Long) = core { unlocked().delete(id, nowSeconds.toULong()) }

    override fun restore(id: String, nowSeconds: Long) = core { unlocked().restore(id, nowSeconds.toULong()) }

    /** The vault's order carries no timestamp. */
    override fun reorder(ids: List<String>, nowSeconds: Long) = core { unlocked().reorder(ids) }

    override fun startEnrollment(): EnrollmentSession = enrollments(unlocked())

    // --- import and export (BindingsTransfer.kt) -------------------------------------------

    /** Reading a file needs no vault: its secrets stay in the returned object until imported. */
    override fun readImport(bytes: ByteArray, password: String?): PendingImport = readImportFile(bytes, password)

    override fun readImportImage(encoded: ByteArray): PendingImport = scanImportImage(encoded)

    override fun startGoogleExport(): GoogleExportCollector = BindingsGoogleCollector()

    override fun startImportScanner(): ImportScanner = BindingsImportScanner()

    override fun importAccounts(pending: PendingImport, acceptProblems: Boolean, nowSeconds: Long): ImportResult =
        unlocked().importPending(pending, acceptProblems, nowSeconds)

    override fun exportBackup(password: String, nowSeconds: Long): ByteArray =
        core { unlocked().exportBackup(password, backupKdf, nowSeconds.toULong()) }

    override fun exportAegis(password: String): ByteArray = core { unlocked().exportAegis(password) }

    override fun exportOtpauthList(): String = core { unlocked().exportOtpauthList() }

    override fun exportGoogleQr(accountsPerCode: Int?): GoogleQrExport = unlocked().googleQr(accountsPerCode)

    override fun close() {
        synchronized(this) {
            vault?.close()
            vault = null
        }
    }
}
