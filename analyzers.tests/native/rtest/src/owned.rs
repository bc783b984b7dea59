//! Registries of what the library hands out and the caller must free: owned strings (including
//! error messages outside records), owned buffers and error records.
//!
//! As for Counters, a pointer is checked against its live set *before* anything is freed, so a
//! double free or a foreign pointer is counted instead of corrupting memory, and tests can
//! assert that every owned object was freed exactly once. The real allocation and release are
//! the `boundary_ffi` helpers; this module only records addresses on the way out and checks
//! them on the way in.

use boundary_ffi::{
    bytes_into_c_string, free_buffer, free_c_string, free_error_record, into_c_string, ErrorRecord,
    RawBuffer,
};
use std::collections::HashSet;
use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

/// Live addresses of one kind of owned object, and the bad frees seen so far.
pub struct Registry {
    // Addresses, not pointers, because raw pointers are not `Send`.
    live: LazyLock<Mutex<HashSet<usize>>>,
    // A statistic read by tests; Relaxed suffices because nothing is published through it.
    bad_frees: AtomicI64,
}

impl Registry {
    const fn new() -> Self {
        Registry {
            live: LazyLock::new(Default::default),
            bad_frees: AtomicI64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashSet<usize>> {
        // Nothing panics while holding the lock; if something ever did, the set is still
        // consistent, and a panic here would abort the test host.
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a pointer being handed out (null is not an object and is not recorded).
    pub fn register<T>(&self, ptr: *mut T) -> *mut T {
        if !ptr.is_null() {
            self.lock().insert(ptr as usize);
        }
        ptr
    }

    /// Null: no-op. Live: unregisters it and passes it to `free`. Anything else: counts a bad
    /// free and never touches it.
    pub fn release<T>(&self, ptr: *mut T, free: impl FnOnce(*mut T)) {
        if ptr.is_null() {
            return;
        }
        // The guard is dropped at the end of the condition, before `free` runs: removing the
        // address already made this thread the object's only owner.
        if self.lock().remove(&(ptr as usize)) {
            free(ptr);
        } else {
            self.bad_frees.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn live_count(&self) -> i64 {
        // A set of addresses never outgrows memory, so it always fits in an i64.
        self.lock().len() as i64
    }

    pub fn bad_frees(&self) -> i64 {
        self.bad_frees.load(Ordering::Relaxed)
    }
}

pub static STRINGS: Registry = Registry::new();
pub static BUFFERS: Registry = Registry::new();
pub static ERRORS: Registry = Registry::new();

/// A new owned, registered string.
pub fn string(s: impl Into<String>) -> *mut c_char {
    STRINGS.register(into_c_string(s))
}

/// A new owned, registered string of arbitrary bytes (interior NULs become U+FFFD).
pub fn string_bytes(bytes: impl Into<Vec<u8>>) -> *mut c_char {
    STRINGS.register(bytes_into_c_string(bytes))
}

/// Registers an owned buffer (`{null, 0}` registers nothing).
pub fn buffer<T>(b: RawBuffer<T>) -> RawBuffer<T> {
    BUFFERS.register(b.ptr);
    b
}

pub fn free_string(s: *mut c_char) {
    STRINGS.release(s, |s| {
        // SAFETY: it was live in the registry, so it came from `into_c_string` or
        // `bytes_into_c_string` and has not been freed; the registry gave us sole ownership.
        unsafe { free_c_string(s) }
    });
}

pub fn free_buffer_ptr(p: *mut c_void) {
    BUFFERS.release(p, |p| {
        // SAFETY: it was live in the registry, so it is the pointer of an owned buffer made by
        // `RawBuffer` and not yet freed; the registry gave us sole ownership.
        unsafe { free_buffer(p) }
    });
}

pub fn free_record(e: *mut ErrorRecord) {
    ERRORS.release(e, |e| {
        // SAFETY: it was live in the registry, so it came from `ErrorRecord::into_raw` and has
        // not been freed; the registry gave us sole ownership.
        unsafe { free_error_record(e) }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::serial;

    #[test]
    fn register_release_and_bad_frees() {
        let _turn = serial();
        let (live, bad) = (STRINGS.live_count(), STRINGS.bad_frees());
        let s = string("x");
        assert_eq!(STRINGS.live_count(), live + 1);
        free_string(s);
        free_string(s);
        free_string(std::ptr::null_mut());
        free_string(std::ptr::dangling_mut());
        assert_eq!((STRINGS.live_count(), STRINGS.bad_frees()), (live, bad + 2));
    }
}
