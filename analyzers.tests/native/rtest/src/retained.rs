//! "Retained values": native code keeps a byte range and a callback after the call that handed
//! them over, and uses them in later calls. The caller vouches that both outlive that use (what
//! BND2004 checks at C# call sites): the bytes are native memory, the callback an
//! `[UnmanagedCallersOnly]` function with a `GCHandle` as user data.

use std::ffi::c_void;
use std::sync::{Mutex, PoisonError};

/// A callback as the contract declares it: `void (*)(void* user_data, int64_t value)`.
type Callback = unsafe extern "C" fn(*mut c_void, i64);

#[derive(Clone, Copy)]
struct Kept {
    bytes: Option<(*const u8, usize)>,
    callback: Option<(Callback, *mut c_void)>,
}

/// Raw pointers are not `Send`; what they point to is the caller's to keep alive and in place,
/// which the contract makes its promise.
struct Shared(Mutex<Kept>);

// SAFETY: the pointers are only dereferenced under the caller's promise above, never by the
// mutex itself, and the callback is thread-agnostic by contract.
unsafe impl Sync for Shared {}

static KEPT: Shared = Shared(Mutex::new(Kept { bytes: None, callback: None }));

fn kept() -> std::sync::MutexGuard<'static, Kept> {
    KEPT.0.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Keeps `(data, len)` until `rtest_release_retained` or the next call; null forgets it.
#[no_mangle]
pub extern "C" fn rtest_retain_bytes(data: *const u8, len: usize) {
    kept().bytes = (!data.is_null()).then_some((data, len));
}

/// The sum of the retained bytes as they are *now*, or -1 when none are retained.
///
/// # Safety
/// The range given to `rtest_retain_bytes` must still be readable.
#[no_mangle]
pub unsafe extern "C" fn rtest_retained_sum() -> i64 {
    let Some((data, len)) = kept().bytes else { return -1 };
    // SAFETY: the caller's promise on the retained range.
    let bytes = unsafe { std::slice::from_raw_parts(data, len) };
    bytes.iter().map(|&b| i64::from(b)).sum()
}

/// Keeps `callback` and `user_data` until `rtest_release_retained` or the next call; a null
/// callback forgets both.
#[no_mangle]
pub extern "C" fn rtest_retain_callback(callback: Option<Callback>, user_data: *mut c_void) {
    kept().callback = callback.map(|c| (c, user_data));
}

/// Calls the retained callback with `(user_data, value)`: 1 if there was one, 0 if not.
///
/// # Safety
/// The retained callback and its user data must still be valid.
#[no_mangle]
pub unsafe extern "C" fn rtest_fire(value: i64) -> i64 {
    // Copied out first: the callback may call back into this library.
    let Some((callback, user_data)) = kept().callback else { return 0 };
    // SAFETY: the caller's promise on the retained callback.
    unsafe { callback(user_data, value) };
    1
}

/// Forgets everything retained.
#[no_mangle]
pub extern "C" fn rtest_release_retained() {
    *kept() = Kept { bytes: None, callback: None };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};

    static SEEN: AtomicI64 = AtomicI64::new(0);

    unsafe extern "C" fn record(user_data: *mut c_void, value: i64) {
        SEEN.store(value + user_data as i64, Ordering::SeqCst);
    }

    #[test]
    fn keeps_bytes_and_callbacks_until_released() {
        let mut bytes = [1u8, 2, 3];
        let data = bytes.as_mut_ptr();
        rtest_retain_bytes(data, bytes.len());
        // SAFETY: `bytes` outlives every use below and is only accessed through `data` meanwhile;
        // `record` is a valid callback.
        unsafe {
            assert_eq!(rtest_retained_sum(), 6);
            data.write(10);
            assert_eq!(rtest_retained_sum(), 15, "read in place, not copied");
            rtest_retain_callback(Some(record), 100 as *mut c_void);
            assert_eq!(rtest_fire(5), 1);
            assert_eq!(SEEN.load(Ordering::SeqCst), 105);
            rtest_release_retained();
            assert_eq!(rtest_retained_sum(), -1);
            assert_eq!(rtest_fire(5), 0);
        }
    }
}
