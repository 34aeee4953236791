//! UniFFI layer over `twofold-core` (filled in by the bindings work).
