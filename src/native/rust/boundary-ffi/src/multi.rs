//! Error shape 2: Go-style multi-return, a `#[repr(C)]` struct returned by value whose last
//! field is the error message: null on success, otherwise an owned string (free it with
//! [`free_c_string`](crate::strings::free_c_string)) while every other field is zero.
//!
//! This is what cgo generates for `func f() (T, *C.char)`; a Rust library needs it only to
//! offer the same C signature as a Go one. As the message is the only success signal, an
//! error without one is reported as `"error <code>"`.

use crate::error::Error;
use crate::panic::guard;
use crate::strings::into_c_string;
use std::ffi::c_char;
use std::ptr::null_mut;

/// `struct { T r0; char* r1; }`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoResult<T> {
    pub r0: T,
    pub r1: *mut c_char,
}

/// `struct { T r0; int32_t r1; char* r2; }`: the value, the error code, the message.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoResultCode<T> {
    pub r0: T,
    pub r1: i32,
    pub r2: *mut c_char,
}

/// The owned message of an error, never null (see the module docs).
pub fn error_message(err: &Error) -> *mut c_char {
    into_c_string(err.to_string())
}

impl<T> GoResult<T> {
    /// `{v, null}` or `{zero, message}`.
    pub fn from_result_or(result: Result<T, Error>, zero: T) -> Self {
        match result {
            Ok(r0) => GoResult { r0, r1: null_mut() },
            Err(err) => GoResult {
                r0: zero,
                r1: error_message(&err),
            },
        }
    }
}

impl<T: Default> GoResult<T> {
    /// `{v, null}` or `{T::default(), message}`.
    pub fn from_result(result: Result<T, Error>) -> Self {
        Self::from_result_or(result, T::default())
    }
}

impl<T> GoResultCode<T> {
    /// `{v, 0, null}` or `{zero, code, message}`.
    pub fn from_result_or(result: Result<T, Error>, zero: T) -> Self {
        match result {
            Ok(r0) => GoResultCode {
                r0,
                r1: 0,
                r2: null_mut(),
            },
            Err(err) => GoResultCode {
                r0: zero,
                r1: err.code,
                r2: error_message(&err),
            },
        }
    }
}

impl<T: Default> GoResultCode<T> {
    /// `{v, 0, null}` or `{T::default(), code, message}`.
    pub fn from_result(result: Result<T, Error>) -> Self {
        Self::from_result_or(result, T::default())
    }
}

/// Runs `f` in a panic [`guard`] and returns `{value, null}` or `{0, message}`. Raw pointers
/// have no `Default`: for them use [`go_result_or`] with `null_mut()`.
pub fn go_result<T: Default>(panic_code: i32, f: impl FnOnce() -> Result<T, Error>) -> GoResult<T> {
    GoResult::from_result(guard(panic_code, f))
}

/// As [`go_result`], with `zero` as the value on failure.
pub fn go_result_or<T>(
    panic_code: i32,
    zero: T,
    f: impl FnOnce() -> Result<T, Error>,
) -> GoResult<T> {
    GoResult::from_result_or(guard(panic_code, f), zero)
}

/// Runs `f` in a panic [`guard`] and returns `{value, 0, null}` or `{0, code, message}`.
pub fn go_result_code<T: Default>(
    panic_code: i32,
    f: impl FnOnce() -> Result<T, Error>,
) -> GoResultCode<T> {
    GoResultCode::from_result(guard(panic_code, f))
}

/// As [`go_result_code`], with `zero` as the value on failure.
pub fn go_result_code_or<T>(
    panic_code: i32,
    zero: T,
    f: impl FnOnce() -> Result<T, Error>,
) -> GoResultCode<T> {
    GoResultCode::from_result_or(guard(panic_code, f), zero)
}

/// Runs `f` in a panic [`guard`] and returns just the message (`func f() *C.char`): null on
/// success.
pub fn go_error(panic_code: i32, f: impl FnOnce() -> Result<(), Error>) -> *mut c_char {
    guard(panic_code, f)
        .err()
        .map_or(null_mut(), |e| error_message(&e))
}

/// Runs `f` in a panic [`guard`] and returns `{code, message}` (`func f() (int32, *C.char)`):
/// `{0, null}` on success.
pub fn go_code(panic_code: i32, f: impl FnOnce() -> Result<(), Error>) -> GoResult<i32> {
    match guard(panic_code, f) {
        Ok(()) => GoResult {
            r0: 0,
            r1: null_mut(),
        },
        Err(err) => GoResult {
            r0: err.code,
            r1: error_message(&err),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::free_c_string;
    use std::ffi::CStr;

    /// Reads an owned message and frees it; `None` for null.
    fn take(p: *mut c_char) -> Option<String> {
        (!p.is_null()).then(|| {
            // SAFETY: an owned string from this module, freed right after being read.
            unsafe {
                let s = CStr::from_ptr(p).to_str().unwrap().to_owned();
                free_c_string(p);
                s
            }
        })
    }

    #[test]
    fn success_has_a_null_message() {
        let r = go_result(99, || Ok(5_i32));
        assert_eq!((r.r0, r.r1), (5, null_mut()));
        let r = go_result_code(99, || Ok(6_i64));
        assert_eq!((r.r0, r.r1, r.r2), (6, 0, null_mut()));
        assert!(go_error(99, || Ok(())).is_null());
        assert_eq!(
            go_code(99, || Ok(())),
            GoResult {
                r0: 0,
                r1: null_mut()
            }
        );
        let r = go_result_or(99, null_mut(), || Ok(std::ptr::dangling_mut::<u8>()));
        assert_eq!((r.r0, r.r1), (std::ptr::dangling_mut(), null_mut()));
    }

    #[test]
    fn failure_zeroes_the_value() {
        let r = go_result(99, || Err::<i32, _>(Error::new(2, "division by zero")));
        assert_eq!(r.r0, 0);
        assert_eq!(take(r.r1).as_deref(), Some("division by zero"));
        let r = go_result_or(99, null_mut::<u8>(), || Err(Error::new(1, "empty name")));
        assert!(r.r0.is_null());
        assert_eq!(take(r.r1).as_deref(), Some("empty name"));
        let r = go_result_code_or(99, -1, || Err(Error::new(2, "x")));
        assert_eq!((r.r0, r.r1), (-1, 2));
        take(r.r2);
        let r = go_result_code(99, || -> Result<i32, Error> { panic!("boom 3") });
        assert_eq!((r.r0, r.r1), (0, 99));
        assert_eq!(take(r.r2).as_deref(), Some("panic: boom 3"));
        assert_eq!(
            take(go_error(99, || Err(Error::code_only(4)))).as_deref(),
            Some("error 4")
        );
        let r = go_code(99, || Err(Error::new(1, "zero")));
        assert_eq!(r.r0, 1);
        assert_eq!(take(r.r1).as_deref(), Some("zero"));
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn layouts_match_c() {
        use std::mem::{offset_of, size_of};
        assert_eq!(offset_of!(GoResult<i32>, r1), 8);
        assert_eq!(size_of::<GoResult<i32>>(), 16);
        assert_eq!(offset_of!(GoResultCode<i32>, r1), 4);
        assert_eq!(offset_of!(GoResultCode<i32>, r2), 8);
        assert_eq!(size_of::<GoResultCode<i32>>(), 16);
    }
}
