//! "Errors", shape 1: `int32_t f(args..., T* out)` plus `rtest_last_error`.
//!
//! The work is `boundary_ffi::status`; this module adds the registration of whatever owned
//! object leaves the library (strings, buffers, Counters, and the last-error message).

use crate::owned::{self, STRINGS};
use crate::registry::{self, Counter};
use crate::returned_buffers::range_i32;
use crate::PANIC;
use boundary_ffi::{slice, status, status_void, take_last_error, Error, OrCode, RawBuffer};
use std::ffi::c_char;

/// The division every shape reports: 2 for a zero divisor, 42 (not a C# enum member) for the
/// one quotient that overflows.
pub fn div(a: i32, b: i32) -> Result<i32, Error> {
    match (a, b) {
        (_, 0) => Err(Error::new(2, "division by zero")),
        (i32::MIN, -1) => Err(Error::new(42, "overflow")),
        _ => Ok(a / b),
    }
}

/// Owned (registered) and cleared: the message of this thread's most recent failure, or null.
#[no_mangle]
pub extern "C" fn rtest_last_error() -> *mut c_char {
    STRINGS.register(take_last_error())
}

/// # Safety
/// `out` must be null or valid for a write of an `i32`.
#[no_mangle]
pub unsafe extern "C" fn rtest_checked_div(a: i32, b: i32, out: *mut i32) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { status(out, PANIC, || div(a, b)) }
}

/// # Safety
/// `key` must be null or point to `len` readable bytes; `out` must be null or valid for a
/// write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_lookup(key: *const u8, len: usize, out: *mut *mut c_char) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        status(out, PANIC, || {
            let key = slice(key, len).or_code(2)?;
            match key {
                b"alpha" => Ok(owned::string("first")),
                b"beta" => Ok(owned::string("second")),
                _ => Err(Error::new(
                    1,
                    format!("no entry for '{}'", String::from_utf8_lossy(key)),
                )),
            }
        })
    }
}

/// # Safety
/// `out` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_checked_counter(start: i64, out: *mut *mut Counter) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        status(out, PANIC, || {
            if start < 0 {
                return Err(Error::new(2, "negative start"));
            }
            Ok(registry::create(start))
        })
    }
}

/// # Safety
/// `out` must be null or valid for a write of a `boundary_buffer`.
#[no_mangle]
pub unsafe extern "C" fn rtest_checked_range(n: i32, out: *mut RawBuffer<i32>) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        status(out, PANIC, || {
            if n < 0 {
                return Err(Error::new(2, "negative count"));
            }
            Ok(range_i32(0, n))
        })
    }
}

#[no_mangle]
pub extern "C" fn rtest_fail_io() -> i32 {
    status_void(PANIC, || Err(Error::new(3, "disk on fire")))
}

/// Fails without a message, so `rtest_last_error` then returns null.
#[no_mangle]
pub extern "C" fn rtest_fail_silent() -> i32 {
    status_void(PANIC, || Err(Error::code_only(1)))
}

/// # Safety
/// `out` must be null or valid for a write of an `i32` (it is never written).
#[no_mangle]
pub unsafe extern "C" fn rtest_status_panic(x: i32, out: *mut i32) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { status(out, PANIC, || -> Result<i32, Error> { panic!("boom {x}") }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{rtest_counter_free, rtest_counter_get, rtest_live_counters};
    use crate::returned_buffers::tests::take as take_buffer;
    use crate::returned_strings::rtest_live_strings;
    use crate::returned_strings::tests::take;
    use crate::test_support::serial;
    use std::ptr::null_mut;

    fn last_error() -> Option<String> {
        let p = rtest_last_error();
        (!p.is_null()).then(|| String::from_utf8(take(p)).unwrap())
    }

    #[test]
    fn checked_div() {
        let _turn = serial();
        let live = rtest_live_strings();
        let mut out = 5;
        // SAFETY: a live local.
        unsafe {
            assert_eq!(rtest_checked_div(7, 2, &mut out), 0);
            assert_eq!(out, 3);
            assert_eq!(rtest_checked_div(7, 0, &mut out), 2);
            assert_eq!(out, 3, "untouched on failure");
            assert_eq!(last_error().as_deref(), Some("division by zero"));
            assert_eq!(last_error(), None, "taken");
            assert_eq!(rtest_checked_div(i32::MIN, -1, &mut out), 42);
            assert_eq!(last_error().as_deref(), Some("overflow"));
        }
        assert_eq!(rtest_live_strings(), live);
    }

    #[test]
    fn lookup_returns_owned_strings() {
        let _turn = serial();
        let live = rtest_live_strings();
        let mut out = null_mut();
        // SAFETY: live slices and a live local.
        unsafe {
            assert_eq!(rtest_lookup(b"alpha".as_ptr(), 5, &mut out), 0);
            assert_eq!(take(out), b"first");
            assert_eq!(rtest_lookup(b"beta".as_ptr(), 4, &mut out), 0);
            assert_eq!(take(out), b"second");
            out = null_mut();
            assert_eq!(rtest_lookup(b"gamma".as_ptr(), 5, &mut out), 1);
            assert!(out.is_null());
            assert_eq!(last_error().as_deref(), Some("no entry for 'gamma'"));
            assert_eq!(rtest_lookup(std::ptr::null(), 0, &mut out), 1);
            assert_eq!(last_error().as_deref(), Some("no entry for ''"));
        }
        assert_eq!(rtest_live_strings(), live);
    }

    #[test]
    fn checked_counter_and_range() {
        let _turn = serial();
        let counters = rtest_live_counters();
        let mut c = null_mut();
        let mut r = RawBuffer::empty();
        // SAFETY: live locals.
        unsafe {
            assert_eq!(rtest_checked_counter(-1, &mut c), 2);
            assert_eq!(last_error().as_deref(), Some("negative start"));
            assert_eq!(rtest_checked_counter(9, &mut c), 0);
            assert_eq!(rtest_live_counters(), counters + 1);
            assert_eq!(rtest_counter_get(c), 9);
            rtest_counter_free(c);
            assert_eq!(rtest_checked_range(-1, &mut r), 2);
            assert_eq!(last_error().as_deref(), Some("negative count"));
            assert_eq!(rtest_checked_range(3, &mut r), 0);
            assert_eq!(take_buffer(r), [0, 1, 2]);
            assert_eq!(rtest_checked_range(0, &mut r), 0);
            assert_eq!(r, RawBuffer::empty());
        }
        assert_eq!(rtest_live_counters(), counters);
    }

    #[test]
    fn io_silent_and_panic() {
        let _turn = serial();
        assert_eq!(rtest_fail_io(), 3);
        assert_eq!(last_error().as_deref(), Some("disk on fire"));
        assert_eq!(rtest_fail_io(), 3);
        assert_eq!(rtest_fail_silent(), 1);
        assert_eq!(last_error(), None, "a silent failure clears the message");
        let mut out = 1;
        // SAFETY: a live local.
        assert_eq!(unsafe { rtest_status_panic(7, &mut out) }, 99);
        assert_eq!(out, 1);
        assert_eq!(last_error().as_deref(), Some("panic: boom 7"));
    }
}
