//! "Spans (parameters)": `(ptr, len)` with `len` in elements; `(null, 0)` is the empty span.
//! A span that cannot be read (null with a length, misaligned) is treated as empty rather than
//! dereferenced.

use crate::structs::Vec3;
use boundary_ffi::{slice, slice_mut};

/// # Safety
/// `p` must be null or point to `len` readable `i32`s.
#[no_mangle]
pub unsafe extern "C" fn rtest_sum_i32(p: *const i32, len: usize) -> i64 {
    // SAFETY: forwarded from this function's contract.
    let items = unsafe { slice(p, len) }.unwrap_or_default();
    items
        .iter()
        .map(|&v| i64::from(v))
        .fold(0, i64::wrapping_add)
}

/// # Safety
/// `p` must be null or point to `len` readable `f64`s.
#[no_mangle]
pub unsafe extern "C" fn rtest_sum_f64(p: *const f64, len: usize) -> f64 {
    // SAFETY: forwarded from this function's contract.
    let items = unsafe { slice(p, len) }.unwrap_or_default();
    // A plain left fold, so every language adds in the same order and gets the same bits.
    items.iter().fold(0.0, |sum, &v| sum + v)
}

/// Writes `start, start+1, …` (wrapping).
///
/// # Safety
/// `p` must be null or point to `len` writable `i32`s that nothing else accesses meanwhile.
#[no_mangle]
pub unsafe extern "C" fn rtest_fill_i32(p: *mut i32, len: usize, start: i32) {
    // SAFETY: forwarded from this function's contract.
    let items = unsafe { slice_mut(p, len) }.unwrap_or_default();
    let mut next = start;
    for item in items {
        *item = next;
        next = next.wrapping_add(1);
    }
}

/// # Safety
/// `p` must be null or point to `len` readable `Vec3`s.
#[no_mangle]
pub unsafe extern "C" fn rtest_vec3_sum(p: *const Vec3, len: usize) -> Vec3 {
    // SAFETY: forwarded from this function's contract.
    let items = unsafe { slice(p, len) }.unwrap_or_default();
    items.iter().fold(
        Vec3 {
            x: 0.0,
            y: 0.0,
            z: 0.0,
        },
        |s, v| Vec3 {
            x: s.x + v.x,
            y: s.y + v.y,
            z: s.z + v.z,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    #[test]
    fn sums() {
        let ints = [1, -2, i32::MAX, i32::MAX];
        let floats = [0.5, 0.25];
        // SAFETY: live arrays; null spans are never read.
        unsafe {
            assert_eq!(rtest_sum_i32(ints.as_ptr(), 4), 2 * i64::from(i32::MAX) - 1);
            assert_eq!(rtest_sum_i32(null(), 0), 0);
            assert_eq!(rtest_sum_i32(null(), 3), 0);
            assert_eq!(rtest_sum_f64(floats.as_ptr(), 2), 0.75);
            assert_eq!(rtest_sum_f64(null(), 0), 0.0);
        }
    }

    #[test]
    fn fill_writes_consecutive_values() {
        let mut buf = [0; 4];
        // SAFETY: a live array; null spans are never written.
        unsafe {
            rtest_fill_i32(buf.as_mut_ptr(), 4, i32::MAX - 1);
            rtest_fill_i32(null_mut(), 0, 1);
            rtest_fill_i32(null_mut(), 2, 1);
        }
        assert_eq!(buf, [i32::MAX - 1, i32::MAX, i32::MIN, i32::MIN + 1]);
    }

    #[test]
    fn vec3_sum_is_component_wise() {
        let v = [
            Vec3 {
                x: 1.0,
                y: 2.0,
                z: 3.0,
            },
            Vec3 {
                x: 10.0,
                y: 20.0,
                z: 30.0,
            },
        ];
        // SAFETY: a live array.
        let s = unsafe { rtest_vec3_sum(v.as_ptr(), 2) };
        assert_eq!(
            s,
            Vec3 {
                x: 11.0,
                y: 22.0,
                z: 33.0
            }
        );
    }
}
