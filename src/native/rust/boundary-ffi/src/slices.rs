//! Spans: `(ptr, len)` parameters, `len` in elements, turned into Rust slices.
//!
//! `std::slice::from_raw_parts` requires a non-null, aligned pointer even for length 0, but C
//! callers (and the .NET stubs, for an empty array) pass `(null, 0)` for the empty span. These
//! helpers accept that, and reject what would be undefined behaviour to accept silently: null
//! with a non-zero length, a misaligned pointer, or a length whose byte size overflows `isize`.

use std::fmt;

/// Why a pointer parameter (span, string slice or C string) could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamError {
    /// A null pointer where no null is allowed (a NUL-terminated string).
    Null,
    /// A null pointer with a non-zero length.
    NullWithLength { len: usize },
    /// A pointer not aligned for the element type.
    Misaligned,
    /// `len` elements would span more than `isize::MAX` bytes.
    TooLong { len: usize },
    /// The bytes are not valid UTF-8; the first `valid_up_to` bytes are.
    InvalidUtf8 { valid_up_to: usize },
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ParamError::Null => f.write_str("null pointer"),
            ParamError::NullWithLength { len } => write!(f, "null pointer with length {len}"),
            ParamError::Misaligned => f.write_str("misaligned pointer"),
            ParamError::TooLong { len } => write!(f, "length {len} is too large"),
            ParamError::InvalidUtf8 { valid_up_to } => {
                write!(f, "invalid UTF-8 after {valid_up_to} valid bytes")
            }
        }
    }
}

impl std::error::Error for ParamError {}

/// Checks everything about `(ptr, len)` that can be checked without reading memory.
/// `Ok(false)` is the empty span `(null, 0)`, `Ok(true)` a pointer fit for `from_raw_parts`.
fn check<T>(ptr: *const T, len: usize) -> Result<bool, ParamError> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(false)
        } else {
            Err(ParamError::NullWithLength { len })
        };
    }
    if !ptr.is_aligned() {
        return Err(ParamError::Misaligned);
    }
    match std::mem::size_of::<T>().checked_mul(len) {
        Some(bytes) if bytes <= isize::MAX as usize => Ok(true),
        _ => Err(ParamError::TooLong { len }),
    }
}

/// Borrows a read-only span. `(null, 0)` is the empty slice.
///
/// # Errors
/// [`ParamError::NullWithLength`], [`ParamError::Misaligned`] or [`ParamError::TooLong`];
/// none of them reads memory.
///
/// # Safety
/// If `ptr` is non-null, it must point to `len` initialised `T`s that stay valid, and are not
/// mutated, for `'a`.
pub unsafe fn slice<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], ParamError> {
    if !check(ptr, len)? {
        return Ok(&[]);
    }
    // SAFETY: non-null, aligned and at most isize::MAX bytes (checked above); the caller
    // guarantees `len` initialised elements valid for 'a.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows a writable span. `(null, 0)` is the empty slice.
///
/// # Errors
/// As for [`slice()`].
///
/// # Safety
/// If `ptr` is non-null, it must point to `len` initialised `T`s that stay valid for `'a` and
/// that nothing else reads or writes during `'a`.
pub unsafe fn slice_mut<'a, T>(ptr: *mut T, len: usize) -> Result<&'a mut [T], ParamError> {
    if !check(ptr, len)? {
        return Ok(Default::default());
    }
    // SAFETY: non-null, aligned and at most isize::MAX bytes (checked above); the caller
    // guarantees `len` initialised, unaliased elements valid for 'a.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    #[test]
    fn null_with_zero_length_is_empty() {
        // SAFETY: null pointers are never read.
        unsafe {
            assert_eq!(slice::<i32>(null(), 0), Ok(&[][..]));
            assert_eq!(slice_mut::<f64>(null_mut(), 0).map(|s| s.len()), Ok(0));
            assert_eq!(
                slice::<i32>(null(), 3),
                Err(ParamError::NullWithLength { len: 3 })
            );
            assert_eq!(
                slice_mut::<i32>(null_mut(), 1).map(|s| s.len()),
                Err(ParamError::NullWithLength { len: 1 })
            );
        }
    }

    #[test]
    fn reads_and_writes_through_the_span() {
        let mut data = [1, 2, 3];
        // SAFETY: a live local array.
        let s = unsafe { slice_mut(data.as_mut_ptr(), data.len()) }.unwrap();
        s[1] = 20;
        // SAFETY: a live local array.
        assert_eq!(unsafe { slice(data.as_ptr(), 3) }, Ok(&[1, 20, 3][..]));
    }

    #[test]
    fn misaligned_and_oversized_are_rejected_unread() {
        let data = [0_u64; 2];
        let odd = data.as_ptr().cast::<u8>().wrapping_add(1).cast::<u64>();
        // SAFETY: rejected before any read.
        unsafe {
            assert_eq!(slice(odd, 1), Err(ParamError::Misaligned));
            assert_eq!(
                slice(data.as_ptr(), usize::MAX / 4),
                Err(ParamError::TooLong {
                    len: usize::MAX / 4
                })
            );
        }
    }

    #[test]
    fn messages() {
        assert_eq!(
            ParamError::NullWithLength { len: 2 }.to_string(),
            "null pointer with length 2"
        );
        assert_eq!(
            ParamError::InvalidUtf8 { valid_up_to: 1 }.to_string(),
            "invalid UTF-8 after 1 valid bytes"
        );
    }
}
