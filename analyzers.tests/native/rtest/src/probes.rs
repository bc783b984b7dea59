//! "Span probes and other length types": what a caller passes for an empty span, and spans
//! whose length is not a `size_t`.

use boundary_ffi::slice;
use std::mem::size_of;

/// `rtest_span_probe_*` flags: the pointer is null.
pub const PROBE_NULL: u32 = 1;
/// The pointer is not aligned for the element type.
pub const PROBE_MISALIGNED: u32 = 2;
/// The length is not 0.
pub const PROBE_NONEMPTY: u32 = 4;

/// Flags for `(ptr, len)` that an empty span from a correct caller must keep at 0.
///
/// `std::slice::from_raw_parts` requires a non-null pointer aligned for `T` even when `len` is
/// 0 (the slice it returns is a reference, and a null or misaligned reference is undefined
/// behaviour whatever its length; `Option<&[T]>` even uses null to mean `None`). A typical Rust
/// library calls it straight on its arguments, so a caller passing `(NULL, 0)` for an empty
/// span triggers UB in it. This probe checks first, and only then builds the slice a real
/// library would.
///
/// # Safety
/// If `ptr` is non-null and aligned, it must point to `len` readable `T`s.
unsafe fn probe<T>(ptr: *const T, len: usize) -> u32 {
    let mut flags = 0;
    if ptr.is_null() {
        flags |= PROBE_NULL;
    } else if !ptr.is_aligned() {
        flags |= PROBE_MISALIGNED;
    }
    if len != 0 {
        flags |= PROBE_NONEMPTY;
    }
    let fits = len
        .checked_mul(size_of::<T>())
        .is_some_and(|b| b <= isize::MAX as usize);
    if flags & (PROBE_NULL | PROBE_MISALIGNED) == 0 && fits {
        // SAFETY: non-null and aligned (checked above), at most isize::MAX bytes, and `len`
        // readable elements per this function's contract.
        let items = unsafe { std::slice::from_raw_parts(ptr, len) };
        std::hint::black_box(items);
    }
    flags
}

/// # Safety
/// If `ptr` is non-null, it must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_span_probe_u8(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { probe(ptr, len) }
}

/// # Safety
/// If `ptr` is non-null and 8-byte aligned, it must point to `len` readable `u64`s.
#[no_mangle]
pub unsafe extern "C" fn rtest_span_probe_u64(ptr: *const u64, len: usize) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { probe(ptr, len) }
}

/// What the `*_len32` / `*_len64` functions return for a negative length.
pub const NEGATIVE_LEN: i32 = -1;
/// ... for a null pointer with a length, or a pointer misaligned for the element type.
pub const UNREADABLE: i32 = -2;
/// ... `rtest_utf8_len32` for bytes that are not UTF-8.
pub const NOT_UTF8: i32 = -3;

/// The span `(ptr, len)` with a signed length: `Err(NEGATIVE_LEN)` or `Err(UNREADABLE)`.
///
/// # Safety
/// If `ptr` is non-null, it must point to `len` readable `T`s that outlive `'a`.
unsafe fn signed_span<'a, T, L: TryInto<usize>>(ptr: *const T, len: L) -> Result<&'a [T], i32> {
    let len = len.try_into().map_err(|_| NEGATIVE_LEN)?;
    // SAFETY: forwarded from this function's contract.
    unsafe { slice(ptr, len) }.map_err(|_| UNREADABLE)
}

/// Wrapping sum; -1 for a negative `len`, -2 for a null pointer with a length or a misaligned one.
///
/// # Safety
/// If `ptr` is non-null, it must point to `len` readable `i64`s.
#[no_mangle]
pub unsafe extern "C" fn rtest_sum_i64_len64(ptr: *const i64, len: i64) -> i64 {
    // SAFETY: forwarded from this function's contract.
    match unsafe { signed_span(ptr, len) } {
        Ok(items) => items.iter().fold(0, |s, &v| s.wrapping_add(v)),
        Err(code) => i64::from(code),
    }
}

/// The number of non-zero bytes; -1 for a negative `len`, -2 for a null pointer with a length.
///
/// # Safety
/// If `ptr` is non-null, it must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_count_u8_len32(ptr: *const u8, len: i32) -> i32 {
    // SAFETY: forwarded from this function's contract.
    match unsafe { signed_span(ptr, len) } {
        // At most i32::MAX bytes, so the count fits.
        Ok(items) => items.iter().filter(|&&b| b != 0).count() as i32,
        Err(code) => code,
    }
}

/// The number of Unicode scalar values; -1 for a negative `len`, -2 for a null pointer with a
/// length, -3 for bytes that are not UTF-8.
///
/// # Safety
/// If `text` is non-null, it must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_utf8_len32(text: *const u8, len: i32) -> i32 {
    // SAFETY: forwarded from this function's contract.
    match unsafe { signed_span(text, len) } {
        // At most i32::MAX bytes, so at most as many scalars.
        Ok(bytes) => std::str::from_utf8(bytes).map_or(NOT_UTF8, |s| s.chars().count() as i32),
        Err(code) => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{dangling, null};

    #[test]
    fn probes() {
        let words = [0_u64; 2];
        let bytes = [1_u8; 3];
        let odd = words.as_ptr().cast::<u8>().wrapping_add(1);
        // SAFETY: live arrays; null and misaligned pointers are never read.
        unsafe {
            assert_eq!(
                rtest_span_probe_u8(dangling(), 0),
                0,
                "Rust's own empty slice"
            );
            assert_eq!(rtest_span_probe_u64(dangling(), 0), 0);
            assert_eq!(rtest_span_probe_u8(bytes.as_ptr(), 0), 0);
            assert_eq!(rtest_span_probe_u8(bytes.as_ptr(), 3), PROBE_NONEMPTY);
            assert_eq!(rtest_span_probe_u8(odd, 0), 0, "bytes are always aligned");
            assert_eq!(rtest_span_probe_u8(null(), 0), PROBE_NULL);
            assert_eq!(rtest_span_probe_u64(null(), 0), PROBE_NULL);
            assert_eq!(rtest_span_probe_u64(null(), 1), PROBE_NULL | PROBE_NONEMPTY);
            assert_eq!(rtest_span_probe_u64(odd.cast(), 0), PROBE_MISALIGNED);
            assert_eq!(
                rtest_span_probe_u64(odd.cast(), 1),
                PROBE_MISALIGNED | PROBE_NONEMPTY
            );
            assert_eq!(rtest_span_probe_u64(words.as_ptr(), 2), PROBE_NONEMPTY);
            assert_eq!(
                rtest_span_probe_u64(words.as_ptr(), usize::MAX),
                PROBE_NONEMPTY,
                "not read"
            );
        }
    }

    #[test]
    fn signed_lengths() {
        let ints = [1_i64, -2, i64::MAX, 2];
        let bytes = [0_u8, 7, 0, 9];
        let text = "a\u{e9}\u{1f600}";
        let words = [0_u64; 2];
        let odd = words.as_ptr().cast::<u8>().wrapping_add(1).cast::<i64>();
        // SAFETY: live arrays; null and misaligned pointers are never read.
        unsafe {
            assert_eq!(rtest_sum_i64_len64(ints.as_ptr(), 4), i64::MIN);
            assert_eq!(rtest_sum_i64_len64(ints.as_ptr(), 2), -1);
            assert_eq!(rtest_sum_i64_len64(ints.as_ptr(), -1), -1);
            assert_eq!(rtest_sum_i64_len64(null(), 0), 0);
            assert_eq!(rtest_sum_i64_len64(null(), 3), -2);
            assert_eq!(rtest_sum_i64_len64(odd, 1), -2);
            assert_eq!(rtest_count_u8_len32(bytes.as_ptr(), 4), 2);
            assert_eq!(rtest_count_u8_len32(bytes.as_ptr(), i32::MIN), -1);
            assert_eq!(rtest_count_u8_len32(null(), 0), 0);
            assert_eq!(rtest_count_u8_len32(null(), 1), -2);
            assert_eq!(rtest_utf8_len32(text.as_ptr(), text.len() as i32), 3);
            assert_eq!(
                rtest_utf8_len32(text.as_ptr(), 2),
                NOT_UTF8,
                "cut inside a scalar"
            );
            assert_eq!(rtest_utf8_len32(text.as_ptr(), -5), -1);
            assert_eq!(rtest_utf8_len32(null(), 0), 0);
            assert_eq!(rtest_utf8_len32(null(), 5), -2);
        }
    }
}
