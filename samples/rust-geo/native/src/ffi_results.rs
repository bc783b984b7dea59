//! The `geo_*` exports that hand out owned strings and buffers or report errors, written with
//! the `boundary_ffi` one-liners. What they hand out is freed with the runtime exports below.
//!
//! Error codes (status-code shape: 0 is success, the message is fetched with `geo_last_error`):
//! `NotFound = 1`, `InvalidArgument = 2`, `Cancelled = 3` (an async operation stopped by
//! `geo_cancel`), and `Panic = 99` for a panic caught at the boundary.

use crate::index::GeoIndex;
use crate::latlon::LatLon;
use boundary_ffi::{handle, into_c_string, slice, static_c_str, status, str_param, Error};
use boundary_ffi::{OrCode, RawBuffer};
use std::ffi::c_char;

pub const NOT_FOUND: i32 = 1;
pub const INVALID_ARGUMENT: i32 = 2;
pub const CANCELLED: i32 = 3;
pub const PANIC: i32 = 99;

boundary_ffi::export_runtime! {
    string_free: geo_string_free,
    buffer_free: geo_buffer_free,
    last_error: geo_last_error,
    // No geo export uses the out-error-record shape yet; exported so generated stubs that
    // declare it always bind.
    error_free: geo_error_free,
}

/// Owned: free it with `geo_string_free`. A null index describes as empty.
///
/// # Safety
/// `index` must be null or a live index not being mutated by another thread.
#[no_mangle]
pub unsafe extern "C" fn geo_describe(index: *const GeoIndex) -> *mut c_char {
    // SAFETY: forwarded from this function's contract.
    let len = unsafe { handle::borrow(index) }.map_or(0, GeoIndex::len);
    into_c_string(format!("GeoIndex with {len} points"))
}

/// Borrowed: static, never freed.
#[no_mangle]
pub extern "C" fn geo_version() -> *const c_char {
    static_c_str!("geo 0.2.0")
}

/// 0 and `*out` = the point first inserted with `id`; or `NOT_FOUND`.
///
/// # Safety
/// `index` as for `geo_describe`; `out` must be null or valid for a write of a `LatLon`.
#[no_mangle]
pub unsafe extern "C" fn geo_index_get(index: *const GeoIndex, id: u64, out: *mut LatLon) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        status(out, PANIC, || {
            handle::borrow(index)
                .and_then(|index| index.get(id))
                .ok_or_else(|| Error::new(NOT_FOUND, format!("no point with id {id}")))
        })
    }
}

/// Parses `"lat,lon"` (UTF-8, `len` bytes); `INVALID_ARGUMENT` with a message quoting the
/// text if it is not a valid point.
///
/// # Safety
/// `s` must be null or point to `len` readable bytes; `out` must be null or valid for a write
/// of a `LatLon`.
#[no_mangle]
pub unsafe extern "C" fn geo_parse_latlon(s: *const u8, len: usize, out: *mut LatLon) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        status(out, PANIC, || {
            str_param(s, len)
                .or_code(INVALID_ARGUMENT)?
                .parse()
                .or_code(INVALID_ARGUMENT)
        })
    }
}

/// Owned buffer of every id in insertion order (`{null, 0}` when empty): free it with
/// `geo_buffer_free`.
///
/// # Safety
/// `index` as for `geo_describe`.
#[no_mangle]
pub unsafe extern "C" fn geo_index_ids(index: *const GeoIndex) -> RawBuffer<u64> {
    // SAFETY: forwarded from this function's contract.
    unsafe { handle::borrow(index) }.map_or(RawBuffer::empty(), |index| {
        let mut ids = index.ids();
        RawBuffer::from_fn(ids.len(), |_| ids.next().unwrap_or_default())
    })
}

/// Inserts `len` points with ids `first_id, first_id + 1, …` and returns the new length.
/// A span that cannot be read (null with a length) inserts nothing; a null index returns 0.
///
/// # Safety
/// `index` must be null or a live index no other thread is using; `points` must be null or
/// point to `len` readable `LatLon`s.
#[no_mangle]
pub unsafe extern "C" fn geo_index_extend(
    index: *mut GeoIndex,
    first_id: u64,
    points: *const LatLon,
    len: usize,
) -> u64 {
    // SAFETY: forwarded from this function's contract.
    let (index, points) = unsafe { (handle::borrow_mut(index), slice(points, len)) };
    index.map_or(0, |index| {
        index.extend(first_id, points.unwrap_or_default());
        u64::try_from(index.len()).unwrap_or(u64::MAX)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::tests::serial;
    use crate::ffi::{geo_index_free, geo_index_insert, geo_index_len, geo_index_new};
    use std::ffi::CStr;
    use std::ptr::{null, null_mut};

    const PARIS: LatLon = LatLon {
        lat: 48.8566,
        lon: 2.3522,
    };

    /// Reads an owned string and frees it through the export.
    fn take(s: *mut c_char) -> String {
        assert!(!s.is_null());
        // SAFETY: a live owned string, read before it is freed.
        let text = unsafe { CStr::from_ptr(s) }.to_str().unwrap().to_owned();
        // SAFETY: freed exactly once.
        unsafe { geo_string_free(s) };
        text
    }

    fn last_error() -> Option<String> {
        let m = geo_last_error();
        (!m.is_null()).then(|| take(m))
    }

    #[test]
    fn describe_and_version() {
        let _turn = serial();
        let index = geo_index_new(0);
        // SAFETY: a live index, freed at the end; null describes as empty.
        unsafe {
            geo_index_insert(index, 1, PARIS);
            assert_eq!(take(geo_describe(index)), "GeoIndex with 1 points");
            assert_eq!(take(geo_describe(null())), "GeoIndex with 0 points");
            geo_index_free(index);
            assert_eq!(CStr::from_ptr(geo_version()).to_bytes(), b"geo 0.2.0");
        }
    }

    #[test]
    fn get_reports_not_found() {
        let _turn = serial();
        let index = geo_index_new(0);
        let mut out = LatLon { lat: 0.0, lon: 0.0 };
        // SAFETY: a live index and a live local.
        unsafe {
            geo_index_insert(index, 7, PARIS);
            assert_eq!(geo_index_get(index, 7, &mut out), 0);
            assert_eq!(out, PARIS);
            let untouched = out;
            assert_eq!(geo_index_get(index, 8, &mut out), NOT_FOUND);
            assert_eq!(out, untouched);
            assert_eq!(last_error().as_deref(), Some("no point with id 8"));
            assert_eq!(geo_index_get(null(), 1, &mut out), NOT_FOUND);
            assert_eq!(last_error().as_deref(), Some("no point with id 1"));
            geo_index_free(index);
        }
    }

    #[test]
    fn parse_latlon() {
        let mut out = LatLon { lat: 0.0, lon: 0.0 };
        let parse = |s: &[u8], out: &mut LatLon| {
            // SAFETY: a live slice and a live local.
            unsafe { geo_parse_latlon(s.as_ptr(), s.len(), out) }
        };
        assert_eq!(parse(b" 48.8566, 2.3522", &mut out), 0);
        assert_eq!(out, PARIS);
        assert_eq!(parse(b"north", &mut out), INVALID_ARGUMENT);
        assert_eq!(
            last_error().as_deref(),
            Some(r#"not a "lat,lon" pair: "north""#)
        );
        assert_eq!(parse(b"0,200", &mut out), INVALID_ARGUMENT);
        assert_eq!(
            last_error().as_deref(),
            Some(r#"longitude 200 outside [-180, 180] in "0,200""#)
        );
        assert_eq!(parse(b"\xff", &mut out), INVALID_ARGUMENT);
        assert_eq!(
            last_error().as_deref(),
            Some("invalid UTF-8 after 0 valid bytes")
        );
        assert_eq!(out, PARIS, "untouched by failures");
        // SAFETY: null with length 0 is the empty string; null with a length is never read.
        unsafe {
            assert_eq!(geo_parse_latlon(null(), 0, &mut out), INVALID_ARGUMENT);
            assert_eq!(geo_parse_latlon(null(), 4, null_mut()), INVALID_ARGUMENT);
        }
        assert_eq!(last_error().as_deref(), Some("null pointer with length 4"));
    }

    #[test]
    fn ids_and_extend() {
        let _turn = serial();
        let index = geo_index_new(0);
        let points = [PARIS, PARIS, PARIS];
        // SAFETY: a live index and array; buffers are read before being freed.
        unsafe {
            assert_eq!(geo_index_ids(index), RawBuffer::empty());
            geo_index_insert(index, 100, PARIS);
            assert_eq!(geo_index_extend(index, 5, points.as_ptr(), 3), 4);
            assert_eq!(geo_index_extend(index, 9, null(), 0), 4);
            assert_eq!(geo_index_extend(index, 9, null(), 2), 4);
            assert_eq!(geo_index_extend(null_mut(), 9, points.as_ptr(), 3), 0);
            assert_eq!(geo_index_len(index), 4);
            let ids = geo_index_ids(index);
            assert_eq!(ids.as_slice(), Ok(&[100, 5, 6, 7][..]));
            geo_buffer_free(ids.ptr.cast());
            geo_buffer_free(null_mut());
            assert_eq!(geo_index_ids(null()), RawBuffer::empty());
            geo_index_free(index);
        }
    }
}
