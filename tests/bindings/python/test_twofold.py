"""Tests of the generated Python bindings against the real libtwofold_ffi.

Run by tests/bindings/run.sh with the generated module's folder on PYTHONPATH;
prints a closing line "N passed, N failed".
"""

import base64
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import unittest

import twofold_ffi as tf

# RFC 6238 appendix B: ASCII seeds per algorithm, 8 digits, 30 s period.
SEEDS = {
    tf.Algorithm.SHA1: b"12345678901234567890",
    tf.Algorithm.SHA256: b"12345678901234567890123456789012",
    tf.Algorithm.SHA512: b"1234567890" * 6 + b"1234",
}
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
ALGORITHM_NAMES = {
    tf.Algorithm.SHA1: "SHA1",
    tf.Algorithm.SHA256: "SHA256",
    tf.Algorithm.SHA512: "SHA512",
}


def b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def rfc_uri(algorithm) -> str:
    return (
        f"otpauth://totp/RFC:6238?secret={b32(SEEDS[algorithm])}"
        f"&algorithm={ALGORITHM_NAMES[algorithm]}&digits=8&period=30"
    )


ACME_URI = (
    "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP"
    "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60"
)


class UriTests(unittest.TestCase):
    def test_parse_uri_gives_display_info_without_secret(self):
        account = tf.parse_uri(ACME_URI)
        info = account.info()
        self.assertEqual(info.issuer, "ACME Co")
        self.assertEqual(info.name, "alice@example.com")
        self.assertEqual(info.label, "ACME Co (alice@example.com)")
        self.assertEqual(info.params.algorithm, tf.Algorithm.SHA256)
        self.assertEqual(info.params.digits, 8)
        self.assertIsInstance(info.params.kind, tf.OtpKind.TOTP)
        self.assertEqual(info.params.kind.period, 60)
        self.assertEqual(info.key_bits, 80)
        self.assertTrue(info.shorter_than_recommended)
        self.assertNotIn("JBSWY3DPEHPK3PXP", repr(info) + repr(account))

    def test_export_uri_is_the_explicit_reveal(self):
        account = tf.parse_uri(ACME_URI)
        self.assertIn("secret=JBSWY3DPEHPK3PXP", account.export_uri())

    def test_hotp_uri_keeps_counter(self):
        account = tf.parse_uri("otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1")
        kind = account.info().params.kind
        self.assertIsInstance(kind, tf.OtpKind.HOTP)
        self.assertEqual(kind.counter, 1)
        # RFC 4226 appendix D, counter 1.
        code = tf.generate_code(account, 1_700_000_000)
        self.assertEqual(code.value, "287082")
        self.assertIsNone(code.valid_until)

    def test_bad_uri_raises_invalid_uri(self):
        with self.assertRaises(tf.TwofoldError.InvalidUri) as caught:
            tf.parse_uri("https://example.com/?secret=JBSWY3DPEHPK3PXP")
        self.assertIn("otpauth", caught.exception.reason)
        self.assertNotIn("JBSWY3DPEHPK3PXP", str(caught.exception))


class CodeTests(unittest.TestCase):
    def test_rfc6238_vectors(self):
        for index, algorithm in enumerate(
            [tf.Algorithm.SHA1, tf.Algorithm.SHA256, tf.Algorithm.SHA512]
        ):
            account = tf.parse_uri(rfc_uri(algorithm))
            for row in RFC6238:
                time, expected = row[0], row[1 + index]
                code = tf.generate_code(account, time)
                self.assertEqual(code.value, expected, f"{algorithm} at {time}")
                self.assertEqual(code.valid_from, time - time % 30)
                self.assertEqual(code.valid_until, time - time % 30 + 30)

    def test_two_threads_share_one_account(self):
        account = tf.parse_uri(rfc_uri(tf.Algorithm.SHA1))
        barrier = threading.Barrier(2)
        failures = []

        def worker():
            barrier.wait()
            for _ in range(300):
                for row in RFC6238:
                    value = tf.generate_code(account, row[0]).value
                    if value != row[1]:
                        failures.append((row[0], value))

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])


class ManualEntryTests(unittest.TestCase):
    def test_parse_key_accepts_typed_groups(self):
        info = tf.parse_key("jbsw y3dp ehpk 3pxp")
        self.assertEqual(info.bits, 80)
        self.assertTrue(info.shorter_than_recommended)

    def test_invalid_character_has_variant_and_position(self):
        with self.assertRaises(tf.TwofoldError.InvalidKey) as caught:
            tf.parse_key("JBSW Y3D0 EHPK 3PXP")
        problem = caught.exception.problem
        self.assertIsInstance(problem, tf.KeyProblem.INVALID_CHARACTER)
        self.assertEqual(problem.position, 9)
        self.assertEqual(problem.character, "0")
        self.assertIn("letter O", problem.hint)

    def test_too_short_key(self):
        with self.assertRaises(tf.TwofoldError.InvalidKey) as caught:
            tf.parse_key("JBSWY3DP")
        problem = caught.exception.problem
        self.assertIsInstance(problem, tf.KeyProblem.TOO_SHORT)
        self.assertEqual((problem.bits, problem.min_bits), (40, 80))

    def test_form_reports_every_field(self):
        entry = tf.ManualEntry(name=" ", digits=4)
        with self.assertRaises(tf.TwofoldError.InvalidForm) as caught:
            tf.validate_manual_entry("JBSW1Y3DPEHPK3PXP", entry)
        problems = caught.exception.problems
        self.assertEqual(
            [p.field for p in problems],
            [tf.FormField.KEY, tf.FormField.NAME, tf.FormField.DIGITS],
        )
        self.assertIsInstance(problems[0].key_problem, tf.KeyProblem.INVALID_CHARACTER)
        self.assertEqual(problems[0].key_problem.position, 5)

    def test_valid_form_makes_a_pending_account(self):
        entry = tf.ManualEntry(name="alice", issuer="ACME", kind=tf.ManualKind.STEAM)
        account = tf.validate_manual_entry("JBSWY3DPEHPK3PXP", entry)
        self.assertIsInstance(account.info().params.kind, tf.OtpKind.STEAM)
        code = tf.generate_code(account, 1_700_000_000)
        self.assertEqual(len(code.value), 5)


class LifetimeTests(unittest.TestCase):
    def test_releasing_the_last_reference_wipes_the_secret_now(self):
        before = tf.live_secret_holders()
        account = tf.parse_uri(ACME_URI)
        self.assertEqual(tf.live_secret_holders(), before + 1)
        del account  # CPython frees at once; the Rust object is dropped now
        self.assertEqual(tf.live_secret_holders(), before)


FIXTURES = os.environ.get("TWOFOLD_FIXTURES", "")
NOW = 1_700_000_000
# Cheap Argon2id parameters: tests only, never for a real vault.
TEST_KDF = tf.KdfParams(memory_kib=64, iterations=1, parallelism=1)
HOTP_URI = "otpauth://hotp/Example:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"


def fixture(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


class ScanTests(unittest.TestCase):
    def test_screenshot_gives_a_pending_account(self):
        outcome = tf.scan_image(fixture("otpauth.png"))
        self.assertIsInstance(outcome, tf.ScanOutcome.ACCOUNT)
        info = outcome.account.info()
        self.assertEqual((info.issuer, info.name), ("ACME Co", "alice@example.com"))

    def test_dark_mode_screenshot(self):
        self.assertIsInstance(tf.scan_image(fixture("otpauth-dark.png")), tf.ScanOutcome.ACCOUNT)

    def test_other_qr_codes_are_named_not_accounts(self):
        outcome = tf.scan_image(fixture("link.png"))
        self.assertIsInstance(outcome, tf.ScanOutcome.NOT_AN_AUTHENTICATOR_CODE)
        self.assertEqual(outcome.text, "https://example.com/welcome")

    def test_a_bare_key_is_held_by_an_object(self):
        outcome = tf.scan_image(fixture("bare-key.png"))
        self.assertIsInstance(outcome, tf.ScanOutcome.BARE_KEY)
        self.assertEqual(outcome.key.characters(), 32)
        self.assertNotIn("HXDM", repr(outcome))
        self.assertEqual(outcome.key.reveal_text(), "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ")
        pending = outcome.key.with_entry(tf.ManualEntry(name="alice", issuer="ACME"))
        self.assertEqual(pending.info().key_bits, 160)

    def test_camera_frame_with_row_stride(self):
        frame = fixture("otpauth-frame.gray")
        outcome = tf.scan_frame(frame, 320, 240, 352)
        self.assertIsInstance(outcome, tf.ScanOutcome.ACCOUNT)
        scanner = tf.Scanner()
        found = [
            isinstance(scanner.scan_frame(frame, 320, 240, 352), tf.ScanOutcome.ACCOUNT)
            for _ in range(3)
        ]
        self.assertTrue(any(found), found)

    def test_short_buffer_and_garbage_are_scan_errors(self):
        with self.assertRaises(tf.TwofoldError.ScanFailed):
            tf.scan_frame(b"\0" * 1000, 320, 240, 352)
        with self.assertRaises(tf.TwofoldError.ScanFailed):
            tf.scan_image(b"not an image")


class XorKeyProvider(tf.KeyProvider):
    """A stand-in for a platform key store: XOR with a pad, tagged."""

    def __init__(self):
        self.calls = []

    def wrap(self, plaintext):
        self.calls.append("wrap")
        return b"T" + bytes(b ^ 0x5A for b in plaintext)

    def unwrap(self, wrapped):
        self.calls.append("unwrap")
        if wrapped[:1] != b"T":
            raise tf.TwofoldError.KeyProviderFailed("not wrapped by this provider")
        return bytes(b ^ 0x5A for b in wrapped[1:])


class CancellingKeyProvider(tf.KeyProvider):
    def wrap(self, plaintext):
        raise tf.TwofoldError.AuthenticationCancelled()

    def unwrap(self, wrapped):
        raise tf.TwofoldError.AuthenticationCancelled()


class KeyGoneProvider(tf.KeyProvider):
    """A platform whose key was invalidated (new biometrics, passcode removed)."""

    def wrap(self, plaintext):
        raise tf.TwofoldError.PlatformKeyMismatch()

    def unwrap(self, wrapped):
        raise tf.TwofoldError.PlatformKeyMismatch()


class WrongKeyProvider(tf.KeyProvider):
    """Answers, but with a key that is not this vault's."""

    def wrap(self, plaintext):
        return bytes(32)

    def unwrap(self, wrapped):
        return bytes(32)


class CrashingKeyProvider(tf.KeyProvider):
    def wrap(self, plaintext):
        raise RuntimeError("keystore exploded")

    def unwrap(self, wrapped):
        raise RuntimeError("keystore exploded")


class VaultTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "vault.db")

    def tearDown(self):
        self.dir.cleanup()

    def test_key_provider_vault_add_list_codes_hotp(self):
        provider = XorKeyProvider()
        vault = tf.Vault.create_with_key_provider(self.path, provider, "test keystore", NOW)
        self.assertEqual(provider.calls, ["wrap"])
        totp = vault.add(tf.parse_uri(rfc_uri(tf.Algorithm.SHA1)), NOW)
        hotp = vault.add(tf.parse_uri(HOTP_URI), NOW)
        self.assertEqual([a.id for a in vault.list().accounts], [totp.id, hotp.id])
        self.assertEqual(vault.list().unreadable, [])
        self.assertNotIn("GEZDGNBV", repr(vault.list()))

        codes = {entry.account.id: entry.code for entry in vault.codes(59).codes}
        self.assertEqual(codes[totp.id].value, "94287082")
        self.assertIsNone(codes[hotp.id])
        # RFC 4226 appendix D: counters 0, 1, 2; each code is shown once.
        self.assertEqual(
            [vault.next_hotp(hotp.id, NOW).value for _ in range(3)],
            ["755224", "287082", "359152"],
        )
        self.assertEqual(vault.get(hotp.id).params.kind.counter, 3)

        vault.lock()
        with self.assertRaises(tf.TwofoldError.Locked):
            vault.list()
        del vault
        reopened = tf.Vault.open(self.path)
        reopened.unlock_with_key_provider(provider)
        self.assertEqual(provider.calls, ["wrap", "unwrap"])
        self.assertEqual(len(reopened.list().accounts), 2)
        exported = reopened.export_account(totp.id).export_uri()
        self.assertIn("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", exported)

    def test_recovery_codes_work_once(self):
        vault = tf.Vault.create_with_password(self.path, "correct horse", TEST_KDF, NOW)
        account = vault.add(tf.parse_uri(ACME_URI), NOW)
        saved = vault.save_recovery_code(account.id, "ABCD-EFGH-1234", NOW)
        self.assertIsNone(saved.used_at)
        listed = vault.recovery_codes(account.id).codes
        self.assertEqual([c.id for c in listed], [saved.id])
        self.assertNotIn("ABCD-EFGH-1234", repr(listed))
        self.assertEqual(vault.reveal_recovery_code(saved.id), "ABCD-EFGH-1234")
        used = vault.use_recovery_code(account.id, "ABCD-EFGH-1234", NOW + 10)
        self.assertEqual(used.used_at, NOW + 10)
        with self.assertRaises(tf.TwofoldError.RecoveryCodeAlreadyUsed) as caught:
            vault.use_recovery_code(account.id, "ABCD-EFGH-1234", NOW + 20)
        self.assertEqual(caught.exception.id, saved.id)
        fresh = vault.replace_recovery_code(saved.id, "WXYZ-0000", NOW + 30)
        self.assertIsNone(fresh.used_at)
        self.assertEqual(vault.reveal_recovery_code(fresh.id), "WXYZ-0000")

    def test_wrong_password_is_its_own_error(self):
        vault = tf.Vault.create_with_password(self.path, "correct horse", TEST_KDF, NOW)
        del vault
        reopened = tf.Vault.open(self.path)
        with self.assertRaises(tf.TwofoldError.WrongPassword) as caught:
            reopened.unlock_with_password("battery staple")
        self.assertIsInstance(caught.exception.of, tf.PasswordOf.VAULT)
        self.assertFalse(reopened.is_unlocked())
        reopened.unlock_with_password("correct horse")
        self.assertTrue(reopened.is_unlocked())

    def test_throwing_callbacks_come_back_as_errors(self):
        with self.assertRaises(tf.TwofoldError.KeyProviderFailed) as caught:
            tf.Vault.create_with_key_provider(self.path, CrashingKeyProvider(), "x", NOW)
        self.assertIn("keystore exploded", caught.exception.reason)
        # The failed create left nothing behind: creating at the same path works.
        provider = XorKeyProvider()
        vault = tf.Vault.create_with_key_provider(self.path, provider, "x", NOW)
        vault.lock()
        with self.assertRaises(tf.TwofoldError.AuthenticationCancelled):
            vault.unlock_with_key_provider(CancellingKeyProvider())
        with self.assertRaises(tf.TwofoldError.KeyProviderFailed) as caught:
            vault.unlock_with_key_provider(CrashingKeyProvider())
        self.assertIn("keystore exploded", caught.exception.reason)
        self.assertFalse(vault.is_unlocked())

    def test_a_stale_platform_key_is_not_a_failing_key_store(self):
        vault = tf.Vault.create_with_key_provider(self.path, XorKeyProvider(), "x", NOW)
        vault.lock()
        # The provider says its key is gone, or answers with a key that does
        # not fit: both are the same state for the app (set the key up again).
        with self.assertRaises(tf.TwofoldError.PlatformKeyMismatch):
            vault.unlock_with_key_provider(KeyGoneProvider())
        with self.assertRaises(tf.TwofoldError.PlatformKeyMismatch):
            vault.unlock_with_key_provider(WrongKeyProvider())
        self.assertFalse(vault.is_unlocked())

    def test_errors_say_what_is_missing_or_refused(self):
        with self.assertRaises(tf.TwofoldError.VaultUnusable) as caught:
            tf.Vault.open(self.path)
        self.assertEqual(caught.exception.problem, tf.VaultProblem.NO_SUCH_FILE())
        vault = tf.Vault.create_with_password(self.path, "correct horse", TEST_KDF, NOW)
        with self.assertRaises(tf.TwofoldError.VaultUnusable) as caught:
            tf.Vault.create_with_password(self.path, "correct horse", TEST_KDF, NOW)
        self.assertEqual(caught.exception.problem, tf.VaultProblem.ALREADY_EXISTS())
        with self.assertRaises(tf.TwofoldError.NotFound) as caught:
            vault.get("no-such-account")
        self.assertEqual(caught.exception.missing, tf.Missing.ACCOUNT("no-such-account"))
        with self.assertRaises(tf.TwofoldError.NotFound) as caught:
            vault.remove_slot("no-such-slot")
        self.assertEqual(caught.exception.missing, tf.Missing.SLOT("no-such-slot"))
        with self.assertRaises(tf.TwofoldError.NotFound) as caught:
            vault.unlock_with_key_provider(XorKeyProvider())
        self.assertEqual(caught.exception.missing, tf.Missing.SLOT_KIND(tf.SlotKind.PLATFORM))
        [slot] = vault.slots()
        with self.assertRaises(tf.TwofoldError.InvalidRequest) as caught:
            vault.remove_slot(slot.id)
        self.assertEqual(caught.exception.problem, tf.RequestProblem.LAST_SLOT())
        account = vault.add(tf.parse_uri(ACME_URI), NOW)
        with self.assertRaises(tf.TwofoldError.InvalidRequest) as caught:
            vault.next_hotp(account.id, NOW)
        self.assertEqual(caught.exception.problem, tf.RequestProblem.NOT_HOTP(account.id))

    def test_tampered_row_is_named_and_others_stay_readable(self):
        vault = tf.Vault.create_with_password(self.path, "vault pass phrase", TEST_KDF, NOW)
        good = vault.add(tf.parse_uri(ACME_URI), NOW)
        bad = vault.add(tf.parse_uri(HOTP_URI), NOW)
        del vault
        db = sqlite3.connect(self.path)
        (sealed,) = db.execute("SELECT sealed FROM accounts WHERE id = ?", (bad.id,)).fetchone()
        flipped = sealed[:-1] + bytes([sealed[-1] ^ 1])
        db.execute("UPDATE accounts SET sealed = ? WHERE id = ?", (flipped, bad.id))
        db.commit()
        db.close()
        reopened = tf.Vault.open(self.path)
        reopened.unlock_with_password("vault pass phrase")
        listing = reopened.list()
        self.assertEqual([a.id for a in listing.accounts], [good.id])
        self.assertEqual([(r.table, r.id) for r in listing.unreadable], [("accounts", bad.id)])
        with self.assertRaises(tf.TwofoldError.TamperedRow) as caught:
            reopened.next_hotp(bad.id, NOW)
        self.assertEqual(caught.exception.id, bad.id)
        # A backup must be complete: every unreadable row is named.
        with self.assertRaises(tf.TwofoldError.Unreadable) as caught:
            reopened.export_backup("two file pass words", TEST_KDF, NOW)
        self.assertEqual([(r.table, r.id) for r in caught.exception.rows], [("accounts", bad.id)])


class PasswordTests(unittest.TestCase):
    """The strength estimate a "new password" screen shows, and the floor."""

    def test_strength_has_a_score_guesses_and_a_reason(self):
        weak = tf.password_strength("qwertyuiop")
        self.assertFalse(weak.acceptable)
        self.assertLess(weak.score, 2)
        self.assertIsNotNone(weak.weakness)
        self.assertEqual(tf.password_strength("").weakness, tf.PasswordWeakness.EMPTY)
        strong = tf.password_strength("plum kettle ravine 42")
        self.assertTrue(strong.acceptable)
        self.assertGreaterEqual(strong.score, 3)
        self.assertGreater(strong.guesses, weak.guesses)
        self.assertIsNone(strong.weakness)

    def test_a_weak_password_creates_no_vault(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "v.db")
            with self.assertRaises(tf.TwofoldError.PasswordTooWeak) as caught:
                tf.Vault.create_with_password(path, "password1", TEST_KDF, NOW)
            refused = caught.exception
            estimate = tf.password_strength("password1")
            self.assertEqual((refused.score, refused.weakness), (estimate.score, estimate.weakness))
            self.assertIsNotNone(refused.weakness)
            self.assertFalse(os.path.exists(path))


class TransferTests(unittest.TestCase):
    """Moving phones: every export read back by the import side."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.source = tf.Vault.create_with_password(
            os.path.join(self.dir.name, "source.db"), "vault pass phrase", TEST_KDF, NOW
        )
        self.acme = self.source.add(tf.parse_uri(ACME_URI), NOW)
        self.rfc = self.source.add(tf.parse_uri(rfc_uri(tf.Algorithm.SHA1)), NOW)
        self.source.save_recovery_code(self.acme.id, "ABCD-EFGH-1234", NOW)

    def tearDown(self):
        self.dir.cleanup()

    def fresh_vault(self, name):
        return tf.Vault.create_with_password(
            os.path.join(self.dir.name, name), "vault pass phrase", TEST_KDF, NOW
        )

    def codes(self, vault):
        return sorted(
            (e.account.issuer or "", e.account.name, e.code.value if e.code else None)
            for e in vault.codes(59).codes
        )

    def test_backup_restores_accounts_and_recovery_codes_once(self):
        backup = self.source.export_backup("two file pass words", TEST_KDF, NOW)
        self.assertNotIn(b"JBSWY3DPEHPK3PXP", backup)
        self.assertNotIn(b"ABCD-EFGH-1234", backup)
        self.assertEqual(tf.detect_import_format(backup), tf.ImportFormat.TWOFOLD_BACKUP)
        with self.assertRaises(tf.TwofoldError.PasswordRequired) as required:
            tf.read_import(backup, None)
        self.assertEqual(required.exception.format, tf.ImportFormat.TWOFOLD_BACKUP)
        with self.assertRaises(tf.TwofoldError.WrongPassword) as wrong:
            tf.read_import(backup, "not it")
        self.assertEqual(wrong.exception.of, tf.PasswordOf.FILE(tf.ImportFormat.TWOFOLD_BACKUP))
        pending = tf.read_import(backup, "two file pass words")
        self.assertEqual(len(pending.entries()), 2)
        self.assertNotIn("JBSWY3DPEHPK3PXP", repr(pending.entries()))
        target = self.fresh_vault("target.db")
        report = target.import_accounts(pending, False, NOW)
        self.assertEqual(len(report.added), 2)
        self.assertEqual(self.codes(target), self.codes(self.source))
        restored = [a for a in report.added if a.issuer == "ACME Co"][0]
        codes = target.recovery_codes(restored.id).codes
        self.assertEqual(target.reveal_recovery_code(codes[0].id), "ABCD-EFGH-1234")
        again = tf.read_import(backup, "two file pass words")
        second = target.import_accounts(again, False, NOW)
        self.assertEqual(second.added, [])
        self.assertEqual(len(second.duplicates), 2)

    def test_inspect_import_tells_the_cost_before_the_password(self):
        backup = self.source.export_backup("file pw", TEST_KDF, NOW)
        seen = tf.inspect_import(backup)
        self.assertEqual(seen.format, tf.ImportFormat.TWOFOLD_BACKUP)
        self.assertTrue(seen.encrypted and seen.within_limits)
        self.assertIsNone(seen.refusal)
        self.assertEqual(seen.kdf.algorithm, tf.KdfAlgorithm.ARGON2ID)
        self.assertEqual(seen.kdf.memory_bytes, TEST_KDF.memory_kib * 1024)
        # The same backup with its clear header asking for 1 GiB and 64 passes.
        header = json.loads(backup)
        header["kdf"]["memory_kib"] = 1 << 20
        header["kdf"]["iterations"] = 64
        hostile = json.dumps(header).encode()
        seen = tf.inspect_import(hostile)
        self.assertFalse(seen.within_limits)
        self.assertIn("more than this device allows", seen.refusal)
        self.assertEqual((seen.kdf.memory_bytes, seen.kdf.passes), (1 << 30, 64))
        with self.assertRaises(tf.TwofoldError.ImportFailed) as refused:
            tf.read_import(hostile, "file pw")
        self.assertEqual(
            refused.exception.failure, tf.ImportFailure.TOO_COSTLY(tf.ImportFormat.TWOFOLD_BACKUP)
        )
        plain = tf.inspect_import(self.source.export_otpauth_list().encode())
        self.assertFalse(plain.encrypted)
        self.assertIsNone(plain.kdf)

    def test_google_qr_export_scans_back_in_through_the_collector(self):
        self.source.add(tf.parse_uri(HOTP_URI), NOW)
        # Google's format has no period: the 60-second ACME account is named.
        export = self.source.export_google_qr(1)
        self.assertEqual(len(export.pngs), 2)
        [left_out] = export.left_out
        self.assertIn("ACME", left_out.label)
        collector = tf.GoogleExportCollector()
        first = tf.scan_image(export.pngs[0])
        self.assertIsInstance(first, tf.ScanOutcome.MIGRATION)
        progress = collector.add(first.export)
        self.assertEqual((progress.size, progress.missing), (2, [1]))
        progress = collector.add(tf.scan_image(export.pngs[1]).export)
        self.assertEqual(progress.missing, [])
        target = self.fresh_vault("google.db")
        pending = collector.finish()
        report = target.import_accounts(pending, False, NOW)
        self.assertEqual(len(report.added), 2)
        expected = [c for c in self.codes(self.source) if c[0] != "ACME Co"]
        self.assertEqual(self.codes(target), expected)
        hotp = [a for a in report.added if a.params.kind.is_HOTP()][0]
        self.assertEqual(target.next_hotp(hotp.id, NOW).value, "755224")

    def test_aegis_and_plain_list_round_trip(self):
        aegis = self.source.export_aegis("two file pass words")
        self.assertEqual(tf.detect_import_format(aegis), tf.ImportFormat.AEGIS_ENCRYPTED)
        listing = self.source.export_otpauth_list().encode()
        for name, data, password in [("aegis.db", aegis, "two file pass words"), ("list.db", listing, None)]:
            target = self.fresh_vault(name)
            pending = tf.read_import(data, password)
            target.import_accounts(pending, False, NOW)
            self.assertEqual(self.codes(target), self.codes(self.source), name)

    def test_bad_entries_are_listed_with_their_line(self):
        text = f"{ACME_URI}\notpauth://totp/Bad:x?secret=NOT*BASE32\n".encode()
        pending = tf.read_import(text, None)
        self.assertEqual(len(pending.entries()), 1)
        [problem] = pending.problems()
        self.assertEqual(problem.position, 2)
        self.assertIn("secret", problem.reason)
        # Nothing is imported until the user accepts the readable rest.
        target = self.fresh_vault("partial.db")
        with self.assertRaises(tf.TwofoldError.ImportFailed) as refused:
            target.import_accounts(pending, False, NOW)
        self.assertEqual(refused.exception.failure, tf.ImportFailure.PROBLEMS_NOT_ACCEPTED(1))
        self.assertEqual(target.list().accounts, [])
        report = target.import_accounts(pending, True, NOW)
        self.assertEqual(len(report.added), 1)
        with self.assertRaises(tf.TwofoldError.ImportFailed) as unknown:
            tf.read_import(b"{}", None)
        failure = unknown.exception.failure
        self.assertIsInstance(failure, tf.ImportFailure.UNRECOGNISED_FILE)
        self.assertIn("JSON", failure.seems)


class EnrollmentTests(unittest.TestCase):
    def test_image_enrollment_saves_the_account(self):
        with tempfile.TemporaryDirectory() as d:
            vault = tf.Vault.create_with_password(os.path.join(d, "v.db"), "vault pass phrase", TEST_KDF, NOW)
            flow = tf.Enrollment(vault)
            self.assertIsInstance(flow.step(), tf.EnrollStep.CHOOSE_METHOD)
            flow.choose(tf.EnrollMethod.IMAGE)
            hint = flow.submit_image(fixture("link.png"))
            self.assertIsInstance(hint.hint, tf.ScanHint.NOT_AN_AUTHENTICATOR_CODE)
            confirm = flow.submit_image(fixture("otpauth.png"))
            self.assertIsInstance(confirm, tf.EnrollStep.CONFIRM)
            self.assertEqual((confirm.issuer, confirm.name), ("ACME Co", "alice@example.com"))
            flow.edit_labels("ACME", "alice")
            shown = flow.confirm(None, NOW)
            self.assertIsInstance(shown, tf.EnrollStep.SHOW_CODE)
            self.assertEqual(len(shown.code.value), 6)
            flow.code_entered()
            with self.assertRaises(tf.TwofoldError.FlowRefused) as caught:
                flow.save_recovery_code("RC-1", NOW)
            self.assertEqual(caught.exception.problem, tf.FlowProblem.ACKNOWLEDGEMENT_REQUIRED)
            done = flow.skip_recovery_code()
            self.assertIsInstance(done, tf.EnrollStep.DONE)
            self.assertEqual(done.account_id, shown.account_id)
            saved = vault.get(done.account_id)
            self.assertEqual((saved.issuer, saved.name), ("ACME", "alice"))


REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


class SimulatedSite:
    """The simulated website of tests/site, driven through its CLI: it checks
    codes with totp-rs on its own, not through this library."""

    def __init__(self, folder: str):
        binary = os.path.join(REPO, "target", "debug", "twofold-test-site")
        if not os.path.exists(binary):
            subprocess.run(["cargo", "build", "-q", "-p", "twofold-test-site"], cwd=REPO, check=True)
        self.command = [binary, "--state", os.path.join(folder, "site.json")]
        self.folder = folder

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.command + list(args), capture_output=True, text=True)

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        if done.returncode != 0:
            raise AssertionError(f"site refused {args}: {done.stderr.strip()}")
        return done.stdout.strip()


class SiteStoryTests(unittest.TestCase):
    """The seed's story: scan the site's QR, type its code back, keep the
    recovery code, use it once, keep the replacement."""

    def test_scan_enroll_login_and_recovery_code(self):
        with tempfile.TemporaryDirectory() as d:
            site = SimulatedSite(d)
            site.ok("register", "john", "site-pw")
            qr_path = os.path.join(d, "qr.png")
            page = json.loads(site.ok("setup", "john", "--qr", qr_path))
            vault = tf.Vault.create_with_password(os.path.join(d, "v.db"), "vault pass phrase", TEST_KDF, NOW)

            # 1. Scan the site's QR in the app; the site accepts the code.
            flow = tf.Enrollment(vault)
            flow.choose(tf.EnrollMethod.IMAGE)
            with open(qr_path, "rb") as image:
                confirm = flow.submit_image(image.read())
            self.assertIsInstance(confirm, tf.EnrollStep.CONFIRM)
            self.assertEqual((confirm.issuer, confirm.name), ("ACME Co", "john"))
            shown = flow.confirm(None, NOW)
            recovery = site.ok("confirm", "john", shown.code.value, "--at", str(NOW))
            flow.code_entered()
            flow.acknowledge(True)
            done = flow.save_recovery_code(recovery, NOW)
            self.assertIsInstance(done, tf.EnrollStep.DONE)
            account_id = done.account_id

            # A later login with a fresh code.
            later = NOW + 3600
            codes = {c.account.id: c.code for c in vault.codes(later).codes}
            site.ok("login", "john", "site-pw", codes[account_id].value, "--at", str(later))

            # 2. Phone-only setup: the key typed as displayed, lower case with spaces.
            site.ok("register", "jane", "site-pw")
            page = json.loads(site.ok("setup", "jane", "--qr", os.path.join(d, "qr2.png")))
            typed = tf.Enrollment(vault)
            typed.choose(tf.EnrollMethod.MANUAL)
            entry = tf.ManualEntry(name="jane", issuer="ACME Co")
            typed.submit_manual(page["key_display"].lower(), entry)
            shown = typed.confirm(None, NOW)
            site.ok("confirm", "jane", shown.code.value, "--at", str(NOW))

            # 3. The recovery code kept in the app works once; the replacement is kept.
            saved = vault.recovery_codes(account_id).codes
            kept = vault.reveal_recovery_code(saved[0].id)
            self.assertEqual(kept, recovery)
            replacement = site.ok("recover", "john", "site-pw", kept)
            self.assertNotEqual(site.run("recover", "john", "site-pw", kept).returncode, 0)
            vault.use_recovery_code(account_id, kept, NOW + 10)
            with self.assertRaises(tf.TwofoldError):
                vault.use_recovery_code(account_id, kept, NOW + 11)
            vault.replace_recovery_code(saved[0].id, replacement, NOW + 12)
            unused = [c for c in vault.recovery_codes(account_id).codes if c.used_at is None]
            self.assertEqual(len(unused), 1)
            site.ok("recover", "john", "site-pw", vault.reveal_recovery_code(unused[0].id))


if __name__ == "__main__":
    runner = unittest.TextTestRunner(verbosity=2)
    result = runner.run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and passed > 0 else 1)
