//! Error shape 1: status code + last error.
//!
//! `int32_t f(args..., T* out)` returns 0 and writes `*out` on success, and returns the error
//! code otherwise, leaving `*out` untouched. The failure's message is kept per OS thread; the
//! library's last-error export ([`take_last_error`], exported with
//! [`export_runtime!`](crate::export_runtime)) hands it out once, owned, and clears it.
//! Success leaves the last error alone (like `errno`); a failure without a message clears it.

use crate::error::Error;
use crate::panic::guard;
use crate::strings::into_c_string;
use std::cell::RefCell;
use std::ffi::c_char;
use std::ptr::null_mut;

thread_local! {
    static LAST_ERROR: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces this thread's last error message (`None` clears it).
pub fn set_last_error(message: Option<String>) {
    // `try_with`: during thread teardown the slot may be gone; there is no one left to tell.
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = message);
}

/// Takes (and clears) this thread's last error message.
pub fn take_last_error_message() -> Option<String> {
    LAST_ERROR
        .try_with(|slot| slot.borrow_mut().take())
        .ok()
        .flatten()
}

/// Takes (and clears) this thread's last error message as an owned C string (free it with
/// [`free_c_string`](crate::strings::free_c_string)); null when there is none.
pub fn take_last_error() -> *mut c_char {
    take_last_error_message().map_or(null_mut(), into_c_string)
}

/// Records `err` as this thread's last error and returns its code: the failure half of
/// [`status`], for exports that have no out-parameter or build their result by hand.
pub fn fail(err: Error) -> i32 {
    set_last_error(err.message);
    err.code
}

/// Runs `f` in a panic [`guard`] and reports the outcome in the status-code shape: on `Ok(v)`
/// writes `v` to `*out` and returns 0; on `Err(e)` (or a panic) leaves `*out` alone, stores the
/// message as the last error (clearing it if `e` has none) and returns `e.code`.
///
/// A null `out` discards the value on success (it is dropped: an owned raw pointer leaks).
/// The error code must not be 0, which would read as success with nothing written.
///
/// ```
/// # use boundary_ffi::{status, Error};
/// /// # Safety
/// /// `out` must be null or valid for a write of an `i32`.
/// pub unsafe extern "C" fn checked_div(a: i32, b: i32, out: *mut i32) -> i32 {
///     // SAFETY: forwarded from this function's contract.
///     unsafe { status(out, 99, || a.checked_div(b).ok_or(Error::new(2, "bad division"))) }
/// }
/// ```
///
/// # Safety
/// `out` must be null or valid for a write of a `T` (it may be uninitialised: it is written
/// with `ptr::write`, never read or dropped).
pub unsafe fn status<T>(out: *mut T, panic_code: i32, f: impl FnOnce() -> Result<T, Error>) -> i32 {
    match guard(panic_code, f) {
        Ok(value) => {
            if !out.is_null() {
                // SAFETY: non-null and writable per the caller; `write` never reads the old
                // contents, which may be uninitialised.
                unsafe { out.write(value) };
            }
            0
        }
        Err(err) => fail(err),
    }
}

/// [`status`] for a function with no result: `int32_t f(args...)`.
pub fn status_void(panic_code: i32, f: impl FnOnce() -> Result<(), Error>) -> i32 {
    // SAFETY: a null `out` is never written.
    unsafe { status(null_mut::<()>(), panic_code, f) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::free_c_string;
    use std::ffi::CStr;

    fn last_error() -> Option<String> {
        let p = take_last_error();
        if p.is_null() {
            return None;
        }
        // SAFETY: an owned string from `take_last_error`, freed right after being read.
        unsafe {
            let s = CStr::from_ptr(p).to_str().unwrap().to_owned();
            free_c_string(p);
            Some(s)
        }
    }

    #[test]
    fn success_writes_out_and_keeps_the_last_error() {
        set_last_error(Some("earlier".into()));
        let mut out = 0;
        // SAFETY: a live local.
        assert_eq!(unsafe { status(&mut out, 99, || Ok(41 + 1)) }, 0);
        assert_eq!(out, 42);
        assert_eq!(last_error().as_deref(), Some("earlier"));
        assert_eq!(last_error(), None, "taking clears it");
    }

    #[test]
    fn failure_leaves_out_and_sets_the_message() {
        let mut out = 7;
        // SAFETY: a live local.
        let code = unsafe {
            status(&mut out, 99, || {
                Err::<i32, _>(Error::new(3, "disk on fire"))
            })
        };
        assert_eq!((code, out), (3, 7));
        assert_eq!(last_error().as_deref(), Some("disk on fire"));
    }

    #[test]
    fn failure_without_a_message_clears_it() {
        set_last_error(Some("stale".into()));
        assert_eq!(status_void(99, || Err(Error::code_only(1))), 1);
        assert_eq!(last_error(), None);
    }

    #[test]
    fn panics_and_threads() {
        // SAFETY: null out is allowed.
        let code = unsafe {
            status(null_mut::<i32>(), 99, || -> Result<i32, Error> {
                panic!("boom 5")
            })
        };
        assert_eq!(code, 99);
        std::thread::spawn(|| assert_eq!(last_error(), None, "per thread"))
            .join()
            .unwrap();
        assert_eq!(last_error().as_deref(), Some("panic: boom 5"));
        assert_eq!(status_void(99, || Ok(())), 0);
    }

    #[test]
    fn fail_records_and_returns_the_code() {
        assert_eq!(fail(Error::new(2, "m")), 2);
        assert_eq!(take_last_error_message().as_deref(), Some("m"));
    }
}
