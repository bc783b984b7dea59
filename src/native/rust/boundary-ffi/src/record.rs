//! Error shape 3: an out error record.
//!
//! `T f(args..., ErrorRecord** err)`: on failure `*err` is set to a new record owned by the
//! caller (released with the library's error-free export, [`free_error_record`]) and the
//! result is `T::default()` (zero, null); on success `*err` is left untouched, so the caller
//! initialises it to null. The record owns its message.

use crate::error::Error;
use crate::panic::guard;
use crate::strings::{free_c_string, into_c_string};
use std::ffi::c_char;
use std::ptr::null_mut;

/// C's `typedef struct { int32_t code; char* message; } boundary_error;`. `message` is null
/// for an [`Error`] without one.
#[repr(C)]
#[derive(Debug)]
pub struct ErrorRecord {
    pub code: i32,
    pub message: *mut c_char,
}

impl ErrorRecord {
    /// A new owned record for `err` (message copied into an owned C string), to be released
    /// with [`free_error_record`].
    pub fn into_raw(err: Error) -> *mut ErrorRecord {
        let message = err.message.map_or(null_mut(), into_c_string);
        Box::into_raw(Box::new(ErrorRecord {
            code: err.code,
            message,
        }))
    }
}

/// Runs `f` in a panic [`guard`]; on success returns its value and leaves `*err` alone, on
/// failure sets `*err` to a new record (see [`ErrorRecord::into_raw`]) and returns
/// `T::default()`. With a null `err` the error is dropped (there is nowhere to report it).
/// Raw pointers have no `Default`: for them use [`out_error_or`] with `null_mut()`.
///
/// # Safety
/// `err` must be null or valid for a write of a pointer (it may be uninitialised).
pub unsafe fn out_error<T: Default>(
    err: *mut *mut ErrorRecord,
    panic_code: i32,
    f: impl FnOnce() -> Result<T, Error>,
) -> T {
    // SAFETY: forwarded from this function's contract.
    unsafe { out_error_or(err, panic_code, T::default(), f) }
}

/// As [`out_error`], returning `zero` on failure: `out_error_or(err, 99, null_mut(), || ...)`.
///
/// # Safety
/// As for [`out_error`].
pub unsafe fn out_error_or<T>(
    err: *mut *mut ErrorRecord,
    panic_code: i32,
    zero: T,
    f: impl FnOnce() -> Result<T, Error>,
) -> T {
    match guard(panic_code, f) {
        Ok(value) => value,
        Err(e) => {
            if !err.is_null() {
                // SAFETY: non-null and writable per the caller; `write` never reads the old
                // contents.
                unsafe { err.write(ErrorRecord::into_raw(e)) };
            }
            zero
        }
    }
}

/// Releases a record and its message. Null is a no-op.
///
/// # Safety
/// `record` must be null or a record from [`ErrorRecord::into_raw`] or [`out_error`] (in the
/// same library) not freed yet, whose `message` field the caller has not changed. It is
/// dangling afterwards.
pub unsafe fn free_error_record(record: *mut ErrorRecord) {
    if record.is_null() {
        return;
    }
    // SAFETY: the caller guarantees it came from `Box::into_raw` and is still owned.
    let record = unsafe { Box::from_raw(record) };
    // SAFETY: the message was made by `into_c_string` (or is null) and the record owned it.
    unsafe { free_c_string(record.message) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;
    use std::ptr::null_mut;

    #[test]
    fn success_leaves_err_untouched() {
        let sentinel = std::ptr::dangling_mut::<ErrorRecord>();
        let mut err = sentinel;
        // SAFETY: a live local.
        assert_eq!(unsafe { out_error(&mut err, 99, || Ok(5)) }, 5);
        assert_eq!(err, sentinel);
    }

    #[test]
    fn failure_returns_default_and_a_record() {
        let mut err = null_mut();
        // SAFETY: a live local; the record is read then freed.
        unsafe {
            let v: i32 = out_error(&mut err, 99, || Err(Error::new(2, "division by zero")));
            assert_eq!(v, 0);
            assert_eq!((*err).code, 2);
            assert_eq!(
                CStr::from_ptr((*err).message).to_bytes(),
                b"division by zero"
            );
            free_error_record(err);

            let p: *mut c_char = out_error_or(&mut err, 99, null_mut(), || -> Result<_, Error> {
                panic!("boom 1")
            });
            assert!(p.is_null());
            assert_eq!((*err).code, 99);
            assert_eq!(CStr::from_ptr((*err).message).to_bytes(), b"panic: boom 1");
            free_error_record(err);

            out_error(&mut err, 99, || Err::<(), _>(Error::code_only(7)));
            assert_eq!(((*err).code, (*err).message), (7, null_mut()));
            free_error_record(err);

            out_error(null_mut(), 99, || Err::<(), _>(Error::new(1, "dropped")));
            free_error_record(null_mut());
        }
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn layout_matches_c() {
        assert_eq!(std::mem::offset_of!(ErrorRecord, message), 8);
        assert_eq!(std::mem::size_of::<ErrorRecord>(), 16);
    }
}
