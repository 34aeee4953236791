//! Global allocators that see every block as it is freed.
//!
//! [`WipingAllocator`] is the phone library's: secrets cross the FFI in
//! buffers UniFFI makes and frees (a password or a recovery code arrives as a
//! `String`, the data key goes to the platform key store as a `Vec<u8>`
//! serialised into a `RustBuffer`, revealed text goes back the same way).
//! Those buffers are UniFFI's, not ours to wipe, so the library's allocator
//! wipes every block as it is freed, and the old block of every move by
//! `realloc`. The cost is one pass of writes over freed memory.
//!
//! [`InspectingAllocator`] hands each freed block to a safe function first: a
//! test uses it to look for copies of a secret that were never wiped.
//!
//! This is the only crate of the workspace with `unsafe` code; the others
//! forbid it.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{compiler_fence, Ordering};

/// Wraps an allocator (the system's) and zeroes each block before freeing it.
pub struct WipingAllocator<A>(pub A);

/// Wraps an allocator and shows each block to `inspect` before freeing it.
///
/// `inspect` runs inside the allocator: it must not allocate.
pub struct InspectingAllocator<A> {
    /// The allocator that does the work.
    pub inner: A,
    /// Called with every block about to be freed.
    pub inspect: fn(&[u8]),
}

/// Zeroes `size` bytes at `ptr` so that the compiler keeps the writes,
/// though the block is freed next: `black_box` lets the pointer escape to
/// code that may read it. A plain memset runs at about 10 GB/s here,
/// five times the speed of byte-wise volatile writes, which matters for the
/// megabytes a decoded photo frees.
///
/// # Safety
/// `ptr` must be valid for writes of `size` bytes.
unsafe fn wipe(ptr: *mut u8, size: usize) {
    // SAFETY: the caller guarantees `size` writable bytes at `ptr`.
    unsafe { std::ptr::write_bytes(ptr, 0, size) };
    std::hint::black_box(ptr);
    compiler_fence(Ordering::SeqCst);
}

/// A `realloc` that never frees the old block behind our back: the inner
/// realloc may move the block and free the old one unseen, so allocate,
/// copy, then free the old block through `outer.dealloc`.
///
/// # Safety
/// The `GlobalAlloc::realloc` contract, for `outer` and its `inner`.
unsafe fn realloc_through<O: GlobalAlloc, I: GlobalAlloc>(
    outer: &O,
    inner: &I,
    ptr: *mut u8,
    layout: Layout,
    new_size: usize,
) -> *mut u8 {
    let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
        return std::ptr::null_mut();
    };
    // SAFETY: `new_layout` has a non-zero size (realloc's contract).
    let new = unsafe { inner.alloc(new_layout) };
    if !new.is_null() {
        // SAFETY: both blocks are live, distinct and at least this long;
        // `ptr` was allocated by `outer` with `layout`.
        unsafe {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            outer.dealloc(ptr, layout);
        }
    }
    new
}

// SAFETY: every call is forwarded to the inner allocator; blocks are only
// written (zeroed) while still owned, just before they are freed.
unsafe impl<A: GlobalAlloc> GlobalAlloc for WipingAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the same contract.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the same contract.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes from us.
        unsafe {
            wipe(ptr, layout.size());
            self.0.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded under the same contract.
        unsafe { realloc_through(self, &self.0, ptr, layout, new_size) }
    }
}

// SAFETY: every call is forwarded to the inner allocator; blocks are only
// read while still owned, just before they are freed.
unsafe impl<A: GlobalAlloc> GlobalAlloc for InspectingAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the same contract.
        unsafe { self.inner.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded under the same contract.
        unsafe { self.inner.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes from us,
        // read as bytes just before it is freed.
        unsafe {
            (self.inspect)(std::slice::from_raw_parts(ptr, layout.size()));
            self.inner.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded under the same contract.
        unsafe { realloc_through(self, &self.inner, ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;
    use std::sync::atomic::AtomicUsize;

    static DIRTY_FREES: AtomicUsize = AtomicUsize::new(0);

    /// Counts freed blocks that still held a non-zero byte.
    fn count_dirty(block: &[u8]) {
        if block.iter().any(|&b| b != 0) {
            DIRTY_FREES.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[test]
    fn freed_and_moved_blocks_reach_the_system_wiped() {
        // The checker sits below the wiper: it sees what the system gets.
        let allocator = WipingAllocator(InspectingAllocator {
            inner: System,
            inspect: count_dirty,
        });
        let mut blocks = 0;
        for (size, align) in [(1, 1), (7, 1), (20, 1), (33, 8), (4096, 16)] {
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: each block is used within its layout and freed once.
            unsafe {
                let block = allocator.alloc(layout);
                assert!(!block.is_null());
                std::ptr::write_bytes(block, 0xA5, size);
                // Grow (the old block is freed) and shrink, then free.
                let grown = allocator.realloc(block, layout, size * 3);
                assert!(!grown.is_null());
                assert_eq!(*grown.add(size - 1), 0xA5, "realloc keeps the contents");
                std::ptr::write_bytes(grown, 0x5A, size * 3);
                let grown_layout = Layout::from_size_align(size * 3, align).unwrap();
                let shrunk = allocator.realloc(grown, grown_layout, size);
                assert!(!shrunk.is_null());
                allocator.dealloc(shrunk, layout);
                blocks += 3;
            }
        }
        assert_eq!(blocks, 15);
        assert_eq!(DIRTY_FREES.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_inspector_sees_what_a_plain_free_leaves() {
        // Without the wiper the checker must notice: the test above can fail.
        let allocator = InspectingAllocator {
            inner: System,
            inspect: count_dirty_unwiped,
        };
        let layout = Layout::from_size_align(16, 1).unwrap();
        // SAFETY: the block is written within its layout and freed once.
        unsafe {
            let block = allocator.alloc(layout);
            assert!(!block.is_null());
            std::ptr::write_bytes(block, 0xA5, 16);
            allocator.dealloc(block, layout);
        }
        assert!(UNWIPED_FREES.load(Ordering::Relaxed) >= 1);
    }

    static UNWIPED_FREES: AtomicUsize = AtomicUsize::new(0);

    fn count_dirty_unwiped(block: &[u8]) {
        if block.contains(&0xA5) {
            UNWIPED_FREES.fetch_add(1, Ordering::Relaxed);
        }
    }
}
