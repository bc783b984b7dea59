//! "Returned strings": owned strings (registered, freed with `rtest_string_free`) and a
//! borrowed static one.
//!
//! Names arrive as byte slices and are echoed byte for byte (not re-encoded), so tests see
//! exactly what crossed; a null name with a non-zero length is refused with a null result.

use crate::owned::{self, STRINGS};
use crate::PANIC;
use boundary_ffi::{guard, slice, static_c_str};
use std::ffi::c_char;
use std::ptr::null_mut;

/// `Hello, <name>!` as bytes.
pub fn greeting(name: &[u8]) -> Vec<u8> {
    [&b"Hello, "[..], name, b"!"].concat()
}

/// # Safety
/// `name` must be null or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_greet(name: *const u8, len: usize) -> *mut c_char {
    // SAFETY: forwarded from this function's contract.
    match unsafe { slice(name, len) } {
        Ok(name) => owned::string_bytes(greeting(name)),
        Err(_) => null_mut(),
    }
}

/// `n <= 0` gives `""`. A result too large to allocate is refused with null (the guard catches
/// the capacity overflow) rather than aborting the test host.
///
/// # Safety
/// `s` must be null or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_string_repeat(s: *const u8, len: usize, n: i32) -> *mut c_char {
    // SAFETY: forwarded from this function's contract.
    let Ok(s) = (unsafe { slice(s, len) }) else {
        return null_mut();
    };
    let times = usize::try_from(n).unwrap_or(0);
    guard(PANIC, || Ok(owned::string_bytes(s.repeat(times)))).unwrap_or(null_mut())
}

#[no_mangle]
pub extern "C" fn rtest_string_empty() -> *mut c_char {
    owned::string("")
}

/// Deliberately not UTF-8: `66 6f ff 6f`.
#[no_mangle]
pub extern "C" fn rtest_string_invalid_utf8() -> *mut c_char {
    owned::string_bytes(vec![0x66, 0x6f, 0xff, 0x6f])
}

#[no_mangle]
pub extern "C" fn rtest_string_null() -> *mut c_char {
    null_mut()
}

/// Borrowed: static storage, never freed.
#[no_mangle]
pub extern "C" fn rtest_version() -> *const c_char {
    static_c_str!("rtest 1.0")
}

#[no_mangle]
pub extern "C" fn rtest_string_free(s: *mut c_char) {
    owned::free_string(s);
}

#[no_mangle]
pub extern "C" fn rtest_live_strings() -> i64 {
    STRINGS.live_count()
}

#[no_mangle]
pub extern "C" fn rtest_bad_string_frees() -> i64 {
    STRINGS.bad_frees()
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::test_support::serial;
    use std::ffi::CStr;

    /// Reads an owned string and frees it through the export.
    pub fn take(s: *mut c_char) -> Vec<u8> {
        assert!(!s.is_null());
        // SAFETY: a live owned string, read before it is freed.
        let bytes = unsafe { CStr::from_ptr(s) }.to_bytes().to_vec();
        rtest_string_free(s);
        bytes
    }

    #[test]
    fn owned_strings_are_registered_and_freed_once() {
        let _turn = serial();
        let (live, bad) = (rtest_live_strings(), rtest_bad_string_frees());
        let name = "W\u{f6}rld";
        // SAFETY: live slices.
        unsafe {
            let g = rtest_greet(name.as_ptr(), name.len());
            assert_eq!(rtest_live_strings(), live + 1);
            assert_eq!(take(g), "Hello, W\u{f6}rld!".as_bytes());
            assert_eq!(take(rtest_greet(std::ptr::null(), 0)), b"Hello, !");
            assert!(rtest_greet(std::ptr::null(), 1).is_null());
            assert_eq!(take(rtest_string_repeat(b"ab".as_ptr(), 2, 3)), b"ababab");
            assert_eq!(take(rtest_string_repeat(b"ab".as_ptr(), 2, -1)), b"");
        }
        assert_eq!(take(rtest_string_empty()), b"");
        assert_eq!(take(rtest_string_invalid_utf8()), [0x66, 0x6f, 0xff, 0x6f]);
        assert!(rtest_string_null().is_null());
        let e = rtest_string_empty();
        rtest_string_free(e);
        rtest_string_free(e);
        rtest_string_free(null_mut());
        rtest_string_free(rtest_version().cast_mut());
        assert_eq!(
            (rtest_live_strings(), rtest_bad_string_frees()),
            (live, bad + 2)
        );
    }

    #[test]
    fn version_is_borrowed_and_static() {
        // SAFETY: a static NUL-terminated string.
        assert_eq!(
            unsafe { CStr::from_ptr(rtest_version()) }.to_bytes(),
            b"rtest 1.0"
        );
        assert_eq!(rtest_version(), rtest_version());
    }
}
