//! Strings: returned strings (owned or borrowed, always NUL-terminated) and string parameters
//! (a UTF-8 slice `(ptr, len)` or a NUL-terminated C string).
//!
//! An *owned* string is allocated here and released exactly once by the caller through the
//! library's string-free export (see [`export_runtime!`](crate::export_runtime)), which calls
//! [`free_c_string`]. A *borrowed* string is static: [`static_c_str!`](crate::static_c_str) or
//! [`borrowed_c_str`].
//!
//! A C string cannot contain a NUL byte, so [`into_c_string`] and [`bytes_into_c_string`]
//! replace each interior NUL by U+FFFD (the bytes `EF BF BD`) rather than truncate the string or
//! fail: the caller sees that something was there, and valid UTF-8 stays valid UTF-8.

use crate::slices::{self, ParamError};
use std::ffi::{c_char, CStr, CString};

/// U+FFFD REPLACEMENT CHARACTER in UTF-8.
const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

/// Hands a Rust string to the caller as an owned, NUL-terminated UTF-8 string.
/// Interior NULs become U+FFFD. Release it with [`free_c_string`].
pub fn into_c_string(s: impl Into<String>) -> *mut c_char {
    bytes_into_c_string(s.into())
}

/// As [`into_c_string`] for arbitrary bytes, which are passed on unchecked: the result is only
/// UTF-8 if `bytes` is (use this to be byte-faithful, e.g. to echo what the caller sent).
pub fn bytes_into_c_string(bytes: impl Into<Vec<u8>>) -> *mut c_char {
    let bytes = bytes.into();
    let c = CString::new(bytes).unwrap_or_else(|err| {
        let bytes = err.into_vec();
        let mut clean = Vec::with_capacity(bytes.len() + 2);
        for &b in &bytes {
            if b == 0 {
                clean.extend_from_slice(REPLACEMENT);
            } else {
                clean.push(b);
            }
        }
        // No NUL is left, so this cannot fail; the default (empty) string is unreachable.
        CString::new(clean).unwrap_or_default()
    });
    c.into_raw()
}

/// Releases a string from [`into_c_string`] or [`bytes_into_c_string`]. Null is a no-op, like
/// C's `free(NULL)`.
///
/// # Safety
/// `s` must be null or a string from this crate's constructors (in the same library) that has
/// not been freed yet. It is dangling afterwards.
pub unsafe fn free_c_string(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller guarantees it came from `CString::into_raw` and is still owned.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// Reads a UTF-8 string parameter passed as `(ptr, len)` (bytes, no NUL). `(null, 0)` is `""`.
///
/// # Errors
/// [`ParamError::NullWithLength`] for null with `len > 0`, [`ParamError::TooLong`] for
/// `len > isize::MAX`, [`ParamError::InvalidUtf8`].
///
/// # Safety
/// If `ptr` is non-null it must point to `len` readable bytes that stay valid and unchanged
/// for `'a`.
pub unsafe fn str_param<'a>(ptr: *const u8, len: usize) -> Result<&'a str, ParamError> {
    // SAFETY: forwarded from this function's contract.
    let bytes = unsafe { slices::slice(ptr, len) }?;
    std::str::from_utf8(bytes).map_err(|e| ParamError::InvalidUtf8 {
        valid_up_to: e.valid_up_to(),
    })
}

/// Reads a NUL-terminated UTF-8 string parameter (without its NUL).
///
/// # Errors
/// [`ParamError::Null`] for a null pointer, [`ParamError::InvalidUtf8`].
///
/// # Safety
/// If `ptr` is non-null it must point to a NUL-terminated string that stays valid and unchanged
/// for `'a`.
pub unsafe fn cstr_param<'a>(ptr: *const c_char) -> Result<&'a str, ParamError> {
    if ptr.is_null() {
        return Err(ParamError::Null);
    }
    // SAFETY: non-null, and the caller guarantees a NUL-terminated string valid for 'a.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str().map_err(|e| ParamError::InvalidUtf8 {
        valid_up_to: e.valid_up_to(),
    })
}

/// A borrowed string for the caller: a pointer to static storage, never to be freed.
/// With a C string literal: `borrowed_c_str(c"mylib 1.0")`.
pub const fn borrowed_c_str(s: &'static CStr) -> *const c_char {
    s.as_ptr()
}

/// A borrowed, static, NUL-terminated string from a string literal, checked at compile time:
/// `static_c_str!("mylib 1.0")` is a `*const c_char`, and a literal containing a NUL does not
/// compile.
#[macro_export]
macro_rules! static_c_str {
    ($s:literal) => {
        const {
            match ::std::ffi::CStr::from_bytes_with_nul(::std::concat!($s, "\0").as_bytes()) {
                ::std::result::Result::Ok(c) => c.as_ptr(),
                ::std::result::Result::Err(_) => {
                    ::std::panic!("static_c_str!: the literal contains a NUL byte")
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null;

    /// Reads an owned string back and frees it.
    fn take(s: *mut c_char) -> Vec<u8> {
        assert!(!s.is_null());
        // SAFETY: a live string from this module, freed right after being read.
        unsafe {
            let bytes = CStr::from_ptr(s).to_bytes().to_vec();
            free_c_string(s);
            bytes
        }
    }

    #[test]
    fn owned_strings_round_trip() {
        assert_eq!(take(into_c_string("h\u{e9}llo")), "h\u{e9}llo".as_bytes());
        assert_eq!(take(into_c_string(String::from("x"))), b"x");
        assert_eq!(take(into_c_string("")), b"");
        assert_eq!(take(bytes_into_c_string(vec![0x66, 0xff])), [0x66, 0xff]);
    }

    #[test]
    fn interior_nuls_become_replacement_characters() {
        assert_eq!(
            take(into_c_string("a\0b\0")),
            "a\u{fffd}b\u{fffd}".as_bytes()
        );
        assert_eq!(take(bytes_into_c_string(&b"\0"[..])), REPLACEMENT);
    }

    #[test]
    fn free_of_null_is_a_no_op() {
        // SAFETY: null is always allowed.
        unsafe { free_c_string(std::ptr::null_mut()) };
    }

    #[test]
    fn slice_parameters() {
        let s = "caf\u{e9}";
        // SAFETY: live slices; null pointers are never read.
        unsafe {
            assert_eq!(str_param(s.as_ptr(), s.len()), Ok(s));
            assert_eq!(str_param(null(), 0), Ok(""));
            assert_eq!(
                str_param(null(), 2),
                Err(ParamError::NullWithLength { len: 2 })
            );
            let bad = [b'o', b'k', 0xff];
            assert_eq!(
                str_param(bad.as_ptr(), 3),
                Err(ParamError::InvalidUtf8 { valid_up_to: 2 })
            );
        }
    }

    #[test]
    fn c_string_parameters() {
        // SAFETY: literals are NUL-terminated; null is never read.
        unsafe {
            assert_eq!(cstr_param(c"abc".as_ptr()), Ok("abc"));
            assert_eq!(cstr_param(c"".as_ptr()), Ok(""));
            assert_eq!(cstr_param(null()), Err(ParamError::Null));
            assert_eq!(
                cstr_param(c"\xff".as_ptr()),
                Err(ParamError::InvalidUtf8 { valid_up_to: 0 })
            );
        }
    }

    #[test]
    fn borrowed_strings_are_static() {
        let a: *const c_char = crate::static_c_str!("lib 1.0");
        // SAFETY: both point to static NUL-terminated literals.
        unsafe {
            assert_eq!(CStr::from_ptr(a).to_bytes(), b"lib 1.0");
            assert_eq!(CStr::from_ptr(borrowed_c_str(c"v2")).to_bytes(), b"v2");
        }
    }
}
