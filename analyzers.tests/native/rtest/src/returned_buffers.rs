//! "Returned buffers": `boundary_buffer { ptr, len }` by value. Owned buffers are made by
//! `boundary_ffi::RawBuffer` and registered; `rtest_buffer_free` checks the registry first.

use crate::owned::{self, BUFFERS};
use crate::structs::Vec3;
use crate::PANIC;
use boundary_ffi::{guard, RawBuffer};
use std::ffi::c_void;
use std::ptr::null_mut;

static PRIMES: [i32; 10] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];

/// Runs a buffer constructor in a panic guard: a size too large to allocate gives `{null, 0}`
/// instead of unwinding into the caller.
fn owned_buffer<T>(make: impl FnOnce() -> RawBuffer<T>) -> RawBuffer<T> {
    owned::buffer(guard(PANIC, || Ok(make())).unwrap_or_default())
}

/// `start, start+1, …` (wrapping), `count` of them; the buffer behind `rtest_checked_range` too.
pub fn range_i32(start: i32, count: i32) -> RawBuffer<i32> {
    let count = usize::try_from(count).unwrap_or(0);
    // `i as i32` wraps exactly like the running sum would: count is at most i32::MAX.
    owned_buffer(|| RawBuffer::from_fn(count, |i| start.wrapping_add(i as i32)))
}

#[no_mangle]
pub extern "C" fn rtest_range_i32(start: i32, count: i32) -> RawBuffer<i32> {
    range_i32(start, count)
}

#[no_mangle]
pub extern "C" fn rtest_bytes_repeat(b: u8, n: usize) -> RawBuffer<u8> {
    owned_buffer(|| RawBuffer::from_fn(n, |_| b))
}

#[no_mangle]
pub extern "C" fn rtest_vec3_buffer(n: i32) -> RawBuffer<Vec3> {
    let n = usize::try_from(n).unwrap_or(0);
    owned_buffer(|| {
        RawBuffer::from_fn(n, |i| {
            let i = i as f64;
            Vec3 {
                x: i,
                y: 2.0 * i,
                z: 3.0 * i,
            }
        })
    })
}

/// A live, registered 4-byte allocation that claims `usize::MAX` elements.
#[no_mangle]
pub extern "C" fn rtest_buffer_bad_len() -> RawBuffer<u8> {
    let mut b = owned::buffer(RawBuffer::from_slice(&[0xAB_u8; 4]));
    b.len = usize::MAX;
    b
}

/// `{null, 5}`: nothing allocated, nothing registered.
#[no_mangle]
pub extern "C" fn rtest_buffer_null_len() -> RawBuffer<u8> {
    RawBuffer {
        ptr: null_mut(),
        len: 5,
    }
}

/// Borrowed: static storage, never freed (freeing it is a bad free).
#[no_mangle]
pub extern "C" fn rtest_static_primes() -> RawBuffer<i32> {
    RawBuffer::borrowed(&PRIMES)
}

#[no_mangle]
pub extern "C" fn rtest_buffer_free(p: *mut c_void) {
    owned::free_buffer_ptr(p);
}

#[no_mangle]
pub extern "C" fn rtest_live_buffers() -> i64 {
    BUFFERS.live_count()
}

#[no_mangle]
pub extern "C" fn rtest_bad_buffer_frees() -> i64 {
    BUFFERS.bad_frees()
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::test_support::serial;

    /// Copies an owned buffer out and frees it through the export.
    pub fn take<T: Copy>(b: RawBuffer<T>) -> Vec<T> {
        // SAFETY: a live owned buffer, copied before it is freed.
        let items = unsafe { b.as_slice() }.unwrap().to_vec();
        rtest_buffer_free(b.ptr.cast());
        items
    }

    #[test]
    fn owned_buffers_are_registered_and_freed_once() {
        let _turn = serial();
        let (live, bad) = (rtest_live_buffers(), rtest_bad_buffer_frees());
        let r = rtest_range_i32(i32::MAX - 1, 3);
        assert_eq!(rtest_live_buffers(), live + 1);
        assert_eq!(take(r), [i32::MAX - 1, i32::MAX, i32::MIN]);
        assert_eq!(rtest_range_i32(5, 0), RawBuffer::empty());
        assert_eq!(rtest_range_i32(5, -3), RawBuffer::empty());
        assert_eq!(take(rtest_bytes_repeat(7, 3)), [7, 7, 7]);
        assert_eq!(rtest_bytes_repeat(7, 0), RawBuffer::empty());
        assert_eq!(
            rtest_bytes_repeat(7, usize::MAX),
            RawBuffer::empty(),
            "too large"
        );
        let v = take(rtest_vec3_buffer(3));
        assert_eq!(
            v[2],
            Vec3 {
                x: 2.0,
                y: 4.0,
                z: 6.0
            }
        );
        assert_eq!(rtest_vec3_buffer(-1), RawBuffer::empty());
        assert_eq!(rtest_live_buffers(), live);

        let lying = rtest_buffer_bad_len();
        assert_eq!(lying.len, usize::MAX);
        assert_eq!(rtest_live_buffers(), live + 1);
        rtest_buffer_free(lying.ptr.cast());
        rtest_buffer_free(lying.ptr.cast());
        rtest_buffer_free(null_mut());
        rtest_buffer_free(rtest_static_primes().ptr.cast());
        rtest_buffer_free(rtest_buffer_null_len().ptr.cast());
        assert_eq!(
            (rtest_live_buffers(), rtest_bad_buffer_frees()),
            (live, bad + 2)
        );
    }

    #[test]
    fn borrowed_and_null_buffers() {
        let p = rtest_static_primes();
        // SAFETY: static data.
        assert_eq!(unsafe { p.as_slice() }, Ok(&PRIMES[..]));
        assert_eq!(p, rtest_static_primes());
        let n = rtest_buffer_null_len();
        assert_eq!((n.ptr, n.len), (null_mut(), 5));
    }
}
