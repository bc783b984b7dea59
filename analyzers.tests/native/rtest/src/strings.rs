//! "Strings": UTF-8 arriving as a slice (pointer + length) or as a NUL-terminated C string.

use std::ffi::{c_char, CStr};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(FNV_OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// The bytes of a slice argument; `None` for a null pointer with a non-zero length.
///
/// # Safety
/// `s` must be null or point to `len` readable bytes that stay valid for `'a`.
unsafe fn slice<'a>(s: *const u8, len: usize) -> Option<&'a [u8]> {
    if s.is_null() {
        return (len == 0).then_some(&[][..]);
    }
    // SAFETY: non-null, and the caller guarantees `len` readable bytes.
    Some(unsafe { std::slice::from_raw_parts(s, len) })
}

/// # Safety
/// `s` must be null or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_utf8_len(s: *const u8, len: usize) -> i64 {
    // SAFETY: forwarded from this function's contract.
    match unsafe { slice(s, len) } {
        None => -2,
        Some(bytes) => std::str::from_utf8(bytes).map_or(-1, |text| text.chars().count() as i64),
    }
}

/// # Safety
/// `s` must be null or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_utf8_checksum(s: *const u8, len: usize) -> u64 {
    // SAFETY: forwarded from this function's contract.
    fnv1a64(unsafe { slice(s, len) }.unwrap_or_default())
}

/// # Safety
/// `s` must be null or point to a NUL-terminated string.
unsafe fn cstr<'a>(s: *const c_char) -> Option<&'a [u8]> {
    // SAFETY: non-null and NUL-terminated by the caller's guarantee.
    (!s.is_null()).then(|| unsafe { CStr::from_ptr(s) }.to_bytes())
}

/// # Safety
/// `s` must be null or point to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rtest_cstr_len(s: *const c_char) -> i64 {
    // SAFETY: forwarded from this function's contract.
    unsafe { cstr(s) }.map_or(-1, |bytes| bytes.len() as i64)
}

/// # Safety
/// `s` must be null or point to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rtest_cstr_checksum(s: *const c_char) -> u64 {
    // SAFETY: forwarded from this function's contract.
    fnv1a64(unsafe { cstr(s) }.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_count_scalars_and_reject_invalid_utf8() {
        let text = "h\u{e9}llo \u{1f600}";
        // SAFETY: a live slice.
        assert_eq!(unsafe { rtest_utf8_len(text.as_ptr(), text.len()) }, 7);
        let invalid = [0x66u8, 0xff, 0x6f];
        // SAFETY: a live slice.
        assert_eq!(unsafe { rtest_utf8_len(invalid.as_ptr(), invalid.len()) }, -1);
        // SAFETY: null with length 0 is the empty slice; null with a length is rejected unread.
        assert_eq!(unsafe { rtest_utf8_len(std::ptr::null(), 0) }, 0);
        assert_eq!(unsafe { rtest_utf8_len(std::ptr::null(), 3) }, -2);
    }

    #[test]
    fn checksums_are_fnv1a64() {
        assert_eq!(fnv1a64(b""), FNV_OFFSET);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        let c = c"abc";
        // SAFETY: a NUL-terminated literal.
        assert_eq!(unsafe { rtest_cstr_checksum(c.as_ptr()) }, fnv1a64(b"abc"));
        assert_eq!(unsafe { rtest_cstr_len(c.as_ptr()) }, 3);
        assert_eq!(unsafe { rtest_cstr_len(std::ptr::null()) }, -1);
    }
}
