package app.twofold.presentation.enroll

/**
 * What a camera permission request's result means. Android reports a dialog
 * the user dismissed (Back, a tap outside) exactly like a denial, and
 * `shouldShowRequestPermissionRationale` is false both before the first
 * request and once the system stops asking ("don't ask again", or a second
 * denial on Android 11+). So "denied permanently" needs evidence: the
 * rationale was shown before this request (the user had already denied once)
 * and is gone now, or the user had really denied before and the system no
 * longer asks.
 * See developer.android.com/training/permissions/requesting#handle-denial.
 */
object CameraPermissionRule {
    fun afterRequest(
        granted: Boolean,
        /** `shouldShowRequestPermissionRationale` just before the request. */
        rationaleBefore: Boolean,
        /** The same, in the result callback. */
        rationaleAfter: Boolean,
        /** The user really denied once before (recorded when [rationaleAfter] became true). */
        deniedBefore: Boolean,
    ): CameraPermission = when {
        granted -> CameraPermission.GRANTED
        // A real denial: the system will show the dialog again.
        rationaleAfter -> CameraPermission.DENIED
        // Denied again after a rationale: the system no longer asks.
        rationaleBefore -> CameraPermission.DENIED_PERMANENTLY
        // No rationale either side: a dismissed first dialog, unless the user had already denied.
        deniedBefore -> CameraPermission.DENIED_PERMANENTLY
        else -> CameraPermission.DENIED
    }

    /** Whether to remember a real denial for [afterRequest]'s `deniedBefore`. */
    fun recordsDenial(granted: Boolean, rationaleAfter: Boolean): Boolean = !granted && rationaleAfter
}
