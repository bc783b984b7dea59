//! "By reference": C# `out` and `ref` parameters arrive as pointers.
//!
//! A null pointer is skipped rather than dereferenced: the stubs never pass one, but a crash
//! here would hide the real failure in a test.
//! `out` targets may be uninitialised memory, so they are written with `ptr::write` and never
//! read or turned into references; `ref` targets are initialised and may be borrowed.

use crate::structs::Vec3;
use boundary_ffi::{from_bool, Bool8};

/// Truncating division; `i32::MIN / -1` wraps to `i32::MIN` (remainder 0), as in Go.
///
/// # Safety
/// `quot` and `rem` must each be null or valid for a write of an `i32`.
#[no_mangle]
pub unsafe extern "C" fn rtest_divmod(a: i32, b: i32, quot: *mut i32, rem: *mut i32) -> Bool8 {
    if b == 0 {
        return from_bool(false);
    }
    // SAFETY: the caller guarantees each non-null pointer is writable.
    unsafe {
        write_out(quot, a.wrapping_div(b));
        write_out(rem, a.wrapping_rem(b));
    }
    from_bool(true)
}

/// # Safety
/// `v` must be null or point to an initialised, writable `i64`.
#[no_mangle]
pub unsafe extern "C" fn rtest_increment(v: *mut i64, by: i64) {
    // SAFETY: the caller guarantees a valid `ref long` or null.
    if let Some(v) = unsafe { v.as_mut() } {
        *v = v.wrapping_add(by);
    }
}

/// `1 - b` exactly as the contract says (wrapping), so Rust and Go agree even on a non-canonical byte.
///
/// # Safety
/// `b` must be null or point to an initialised, writable byte.
#[no_mangle]
pub unsafe extern "C" fn rtest_flip(b: *mut Bool8) {
    // SAFETY: the caller guarantees a valid `ref bool` or null.
    if let Some(b) = unsafe { b.as_mut() } {
        *b = 1_u8.wrapping_sub(*b);
    }
}

/// # Safety
/// `v` must be null or point to an initialised, writable `Vec3`.
#[no_mangle]
pub unsafe extern "C" fn rtest_vec3_normalize(v: *mut Vec3) {
    // SAFETY: the caller guarantees a valid `ref Vec3` or null.
    if let Some(v) = unsafe { v.as_mut() } {
        let length = v.length();
        if length != 0.0 {
            // Divide rather than scale by 1/length: one rounding per component, not two.
            *v = Vec3 {
                x: v.x / length,
                y: v.y / length,
                z: v.z / length,
            };
        }
    }
}

/// # Safety
/// `out` must be null or valid for a write of a `Vec3`.
#[no_mangle]
pub unsafe extern "C" fn rtest_make_vec3(x: f64, y: f64, z: f64, out: *mut Vec3) {
    // SAFETY: the caller guarantees a writable `out Vec3` or null.
    unsafe { write_out(out, Vec3 { x, y, z }) }
}

/// # Safety
/// `ptr` must be null or valid for a write of a `T`.
unsafe fn write_out<T>(ptr: *mut T, value: T) {
    if !ptr.is_null() {
        // SAFETY: non-null and writable per the caller; `write` never reads the old contents.
        unsafe { ptr.write(value) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null_mut;

    #[test]
    fn divmod_truncates_and_refuses_zero() {
        let (mut q, mut r) = (99, 99);
        assert_eq!(unsafe { rtest_divmod(-7, 2, &mut q, &mut r) }, 1);
        assert_eq!((q, r), (-3, -1));
        assert_eq!(unsafe { rtest_divmod(1, 0, &mut q, &mut r) }, 0);
        assert_eq!((q, r), (-3, -1), "nothing written on b == 0");
        assert_eq!(unsafe { rtest_divmod(i32::MIN, -1, &mut q, &mut r) }, 1);
        assert_eq!((q, r), (i32::MIN, 0));
        assert_eq!(unsafe { rtest_divmod(5, 1, null_mut(), null_mut()) }, 1);
    }

    #[test]
    fn refs_are_updated_in_place() {
        let mut v = 40;
        unsafe { rtest_increment(&mut v, 2) };
        assert_eq!(v, 42);
        let mut b = 0;
        unsafe { rtest_flip(&mut b) };
        assert_eq!(b, 1);
        unsafe { rtest_flip(&mut b) };
        assert_eq!(b, 0);
    }

    #[test]
    fn vectors_through_pointers() {
        let mut v = Vec3 {
            x: 3.0,
            y: 0.0,
            z: 4.0,
        };
        unsafe { rtest_vec3_normalize(&mut v) };
        assert_eq!(
            v,
            Vec3 {
                x: 0.6,
                y: 0.0,
                z: 0.8
            }
        );
        let mut zero = Vec3 {
            x: 0.0,
            y: 0.0,
            z: 0.0,
        };
        unsafe { rtest_vec3_normalize(&mut zero) };
        assert_eq!(
            zero,
            Vec3 {
                x: 0.0,
                y: 0.0,
                z: 0.0
            }
        );
        let mut made = std::mem::MaybeUninit::<Vec3>::uninit();
        unsafe { rtest_make_vec3(1.0, 2.0, 3.0, made.as_mut_ptr()) };
        assert_eq!(
            unsafe { made.assume_init() },
            Vec3 {
                x: 1.0,
                y: 2.0,
                z: 3.0
            }
        );
    }
}
