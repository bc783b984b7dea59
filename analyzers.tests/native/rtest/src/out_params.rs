//! "Out parameters": owned and borrowed strings, and owned Counters, written through `T** out`
//! at any position, including the failures that still hand something out (a Counter the caller
//! must release although the call failed, like `sqlite3_open_v2`).
//!
//! Every export here refuses a null out pointer with status 2 and the message
//! "null out pointer" before it creates anything, so nothing can leak through it.

use crate::owned;
use crate::registry::{self, Counter};
use boundary_ffi::{fail, static_c_str, Error};
use std::ffi::c_char;
use std::ptr::null_mut;

/// Status 2 with the last error "null out pointer": the refusal every out-parameter export of
/// the ownership shapes shares.
pub fn null_out() -> i32 {
    fail(Error::new(2, "null out pointer"))
}

/// Owned `"item-<n>"`; `u32::MAX` fails (2, "n too large") and writes null.
///
/// # Safety
/// `out` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_string_out(n: u32, out: *mut *mut c_char) -> i32 {
    if out.is_null() {
        return null_out();
    }
    let (s, status) = if n == u32::MAX {
        (null_mut(), fail(Error::new(2, "n too large")))
    } else {
        (owned::string(format!("item-{n}")), 0)
    };
    // SAFETY: non-null (checked above) and writable per this function's contract.
    unsafe { out.write(s) };
    status
}

/// Borrowed: static storage, never freed (the out parameter is `char**`, as the C prototype in
/// the contract says, although the caller must not write through it).
///
/// # Safety
/// `out` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_static_string_out(out: *mut *mut c_char) -> i32 {
    if out.is_null() {
        return null_out();
    }
    // SAFETY: non-null (checked above) and writable per this function's contract.
    unsafe { out.write(static_c_str!("static text").cast_mut()) };
    0
}

/// Owned `"present"`, or null when `present == 0`; status 0 either way.
///
/// # Safety
/// `out` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_maybe_string_out(present: u8, out: *mut *mut c_char) -> i32 {
    if out.is_null() {
        return null_out();
    }
    let s = if present != 0 {
        owned::string("present")
    } else {
        null_mut()
    };
    // SAFETY: non-null (checked above) and writable per this function's contract.
    unsafe { out.write(s) };
    0
}

/// flags 0: a new Counter; 1: status 3 "open refused", null; 2: status 3 "open failed (the
/// handle must still be freed)" with a live Counter written anyway; any other: status 2
/// "unknown flags <flags>", null.
///
/// # Safety
/// `out` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_counter_open(start: i64, out: *mut *mut Counter, flags: u32) -> i32 {
    if out.is_null() {
        return null_out();
    }
    let (c, status) = match flags {
        0 => (registry::create(start), 0),
        1 => (null_mut(), fail(Error::new(3, "open refused"))),
        2 => (
            registry::create(start),
            fail(Error::new(
                3,
                "open failed (the handle must still be freed)",
            )),
        ),
        _ => (
            null_mut(),
            fail(Error::new(2, format!("unknown flags {flags}"))),
        ),
    };
    // SAFETY: non-null (checked above) and writable per this function's contract.
    unsafe { out.write(c) };
    status
}

/// Two new Counters, `start` in `*first` and `start + 1` (wrapping) in `*second`.
///
/// # Safety
/// `first` and `second` must each be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_counter_open_pair(
    first: *mut *mut Counter,
    start: i64,
    second: *mut *mut Counter,
) -> i32 {
    if first.is_null() || second.is_null() {
        return null_out();
    }
    // SAFETY: both non-null (checked above) and writable per this function's contract.
    unsafe {
        first.write(registry::create(start));
        second.write(registry::create(start.wrapping_add(1)));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{rtest_counter_free, rtest_counter_get, rtest_live_counters};
    use crate::errors_status::rtest_last_error;
    use crate::returned_strings::tests::take;
    use crate::returned_strings::{rtest_bad_string_frees, rtest_live_strings, rtest_string_free};
    use crate::test_support::serial;
    use std::ffi::CStr;

    fn last_error() -> Option<String> {
        let p = rtest_last_error();
        (!p.is_null()).then(|| String::from_utf8(take(p)).unwrap())
    }

    #[test]
    fn strings() {
        let _turn = serial();
        let (live, bad) = (rtest_live_strings(), rtest_bad_string_frees());
        let mut s = null_mut();
        let mut b = null_mut();
        // SAFETY: live locals; null out pointers are never written.
        unsafe {
            assert_eq!(rtest_string_out(42, &mut s), 0);
            assert_eq!(take(s), b"item-42");
            s = 0x10 as *mut c_char;
            assert_eq!(rtest_string_out(u32::MAX, &mut s), 2);
            assert!(s.is_null());
            assert_eq!(last_error().as_deref(), Some("n too large"));
            assert_eq!(rtest_string_out(1, null_mut()), 2);
            assert_eq!(last_error().as_deref(), Some("null out pointer"));

            assert_eq!(rtest_static_string_out(&mut b), 0);
            assert_eq!(CStr::from_ptr(b).to_bytes(), b"static text");
            rtest_string_free(b); // borrowed: a bad free
            assert_eq!(rtest_static_string_out(null_mut()), 2);

            assert_eq!(rtest_maybe_string_out(1, &mut s), 0);
            assert_eq!(take(s), b"present");
            assert_eq!(rtest_maybe_string_out(0, &mut s), 0);
            assert!(s.is_null());
            assert_eq!(rtest_maybe_string_out(0, null_mut()), 2);
        }
        assert_eq!(
            (rtest_live_strings(), rtest_bad_string_frees()),
            (live, bad + 1)
        );
    }

    #[test]
    fn counters_through_out_parameters() {
        let _turn = serial();
        let live = rtest_live_counters();
        let mut c = null_mut();
        let mut d = null_mut();
        // SAFETY: live locals; null out pointers are never written.
        unsafe {
            assert_eq!(rtest_counter_open(5, &mut c, 0), 0);
            assert_eq!(rtest_counter_get(c), 5);
            rtest_counter_free(c);

            c = 0x10 as *mut Counter;
            assert_eq!(rtest_counter_open(5, &mut c, 1), 3);
            assert!(c.is_null());
            assert_eq!(last_error().as_deref(), Some("open refused"));

            assert_eq!(rtest_counter_open(6, &mut c, 2), 3);
            assert_eq!(
                last_error().as_deref(),
                Some("open failed (the handle must still be freed)")
            );
            assert_eq!(
                rtest_live_counters(),
                live + 1,
                "a failure that hands out a Counter"
            );
            assert_eq!(rtest_counter_get(c), 6);
            rtest_counter_free(c);

            assert_eq!(rtest_counter_open(6, &mut c, 7), 2);
            assert!(c.is_null());
            assert_eq!(last_error().as_deref(), Some("unknown flags 7"));
            assert_eq!(rtest_counter_open(6, null_mut(), 2), 2);
            assert_eq!(last_error().as_deref(), Some("null out pointer"));

            assert_eq!(rtest_counter_open_pair(&mut c, i64::MAX, &mut d), 0);
            assert_eq!(
                (rtest_counter_get(c), rtest_counter_get(d)),
                (i64::MAX, i64::MIN)
            );
            rtest_counter_free(c);
            rtest_counter_free(d);
            assert_eq!(rtest_counter_open_pair(&mut c, 1, null_mut()), 2);
            assert_eq!(rtest_counter_open_pair(null_mut(), 1, &mut d), 2);
        }
        assert_eq!(rtest_live_counters(), live);
    }
}
