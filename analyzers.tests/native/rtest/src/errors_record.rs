//! "Errors", shape 3: `T f(args..., boundary_error** err)`, the record owned by the caller.
//!
//! Built on `boundary_ffi::out_error_or`, writing into a local first so the record can be
//! registered before the caller sees it. The message belongs to the record (freed with it by
//! `rtest_error_free`), so it is not counted as an owned string.

use crate::errors_status::div;
use crate::owned::{self, ERRORS};
use crate::returned_strings::greeting;
use crate::PANIC;
use boundary_ffi::{out_error_or, slice, Error, ErrorRecord, OrCode};
use std::ffi::c_char;
use std::ptr::null_mut;

/// `out_error_or` plus registration: on failure `*err` gets a new registered record and the
/// result is `zero`; on success `*err` is untouched.
///
/// # Safety
/// `err` must be null or valid for a write of a pointer.
unsafe fn with_record<T>(
    err: *mut *mut ErrorRecord,
    zero: T,
    f: impl FnOnce() -> Result<T, Error>,
) -> T {
    let mut record = null_mut();
    // SAFETY: `record` is a live local.
    let value = unsafe { out_error_or(&mut record, PANIC, zero, f) };
    if !record.is_null() {
        ERRORS.register(record);
        if err.is_null() {
            // Nowhere to report it: release it rather than leak a live record.
            owned::free_record(record);
        } else {
            // SAFETY: non-null and writable per the caller; `write` never reads the old value.
            unsafe { err.write(record) };
        }
    }
    value
}

/// # Safety
/// `err` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_oe_div(a: i32, b: i32, err: *mut *mut ErrorRecord) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { with_record(err, 0, || div(a, b)) }
}

/// # Safety
/// `name` must be null or point to `len` readable bytes; `err` must be null or valid for a
/// write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_oe_greet(
    name: *const u8,
    len: usize,
    err: *mut *mut ErrorRecord,
) -> *mut c_char {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        with_record(err, null_mut(), || {
            let name = slice(name, len).or_code(2)?;
            if name.is_empty() {
                return Err(Error::new(1, "empty name"));
            }
            Ok(owned::string_bytes(greeting(name)))
        })
    }
}

/// # Safety
/// `err` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_oe_check(x: i32, err: *mut *mut ErrorRecord) {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        with_record(err, (), || {
            if x < 0 {
                return Err(Error::new(2, "negative"));
            }
            Ok(())
        })
    }
}

/// # Safety
/// `err` must be null or valid for a write of a pointer.
#[no_mangle]
pub unsafe extern "C" fn rtest_oe_panic(x: i32, err: *mut *mut ErrorRecord) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { with_record(err, 0, || -> Result<i32, Error> { panic!("boom {x}") }) }
}

#[no_mangle]
pub extern "C" fn rtest_error_free(e: *mut ErrorRecord) {
    owned::free_record(e);
}

#[no_mangle]
pub extern "C" fn rtest_live_errors() -> i64 {
    ERRORS.live_count()
}

#[no_mangle]
pub extern "C" fn rtest_bad_error_frees() -> i64 {
    ERRORS.bad_frees()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returned_strings::rtest_live_strings;
    use crate::returned_strings::tests::take;
    use crate::test_support::serial;
    use std::ffi::CStr;

    /// Reads a record's code and message, then frees it through the export.
    fn take_record(e: *mut ErrorRecord) -> (i32, String) {
        assert!(!e.is_null());
        // SAFETY: a live registered record with a message, read before it is freed.
        let read = unsafe {
            let message = CStr::from_ptr((*e).message).to_str().unwrap().to_owned();
            ((*e).code, message)
        };
        rtest_error_free(e);
        read
    }

    #[test]
    fn records_are_registered_and_own_their_message() {
        let _turn = serial();
        let (errors, bad, strings) = (
            rtest_live_errors(),
            rtest_bad_error_frees(),
            rtest_live_strings(),
        );
        let sentinel = std::ptr::dangling_mut::<ErrorRecord>();
        let mut err = sentinel;
        // SAFETY: live locals and slices.
        unsafe {
            assert_eq!(rtest_oe_div(7, 2, &mut err), 3);
            assert_eq!(err, sentinel, "untouched on success");
            err = null_mut();
            assert_eq!(rtest_oe_div(7, 0, &mut err), 0);
            assert_eq!(rtest_live_errors(), errors + 1);
            assert_eq!(rtest_live_strings(), strings, "the record owns the message");
            assert_eq!(take_record(err), (2, "division by zero".into()));
            rtest_oe_div(i32::MIN, -1, &mut err);
            assert_eq!(take_record(err), (42, "overflow".into()));

            err = null_mut();
            assert_eq!(
                take(rtest_oe_greet(b"Ann".as_ptr(), 3, &mut err)),
                b"Hello, Ann!"
            );
            assert!(err.is_null());
            assert!(rtest_oe_greet(std::ptr::null(), 0, &mut err).is_null());
            assert_eq!(take_record(err), (1, "empty name".into()));

            err = null_mut();
            rtest_oe_check(1, &mut err);
            assert!(err.is_null());
            rtest_oe_check(-1, &mut err);
            assert_eq!(take_record(err), (2, "negative".into()));

            assert_eq!(rtest_oe_panic(6, &mut err), 0);
            assert_eq!(take_record(err), (99, "panic: boom 6".into()));

            assert_eq!(
                rtest_oe_div(1, 0, null_mut()),
                0,
                "no err pointer: nothing leaks"
            );
        }
        rtest_error_free(err);
        rtest_error_free(null_mut());
        rtest_error_free(sentinel);
        assert_eq!(
            (
                rtest_live_errors(),
                rtest_bad_error_frees(),
                rtest_live_strings()
            ),
            (errors, bad + 2, strings)
        );
    }
}
