//! "Buffer free shapes": owned buffers handed out through out parameters or by value, each
//! freed by one of three free functions that differ in what they take back: `(ptr)`,
//! `(ptr, len)` (a `Box<[T]>` rebuilt from its parts, the usual Rust idiom) or
//! `(ptr, len, cap)` (a `Vec<u8>` rebuilt with `Vec::from_raw_parts`, whose capacity is
//! deliberately larger than its length).
//!
//! Rebuilding a `Box` or a `Vec` from the wrong length or capacity is undefined behaviour, and
//! a caller that mixes up lengths (bytes for elements, `len` for `cap`) is exactly what the
//! tests look for. So every allocation is recorded with its length, capacity and the free
//! function it belongs to, and a free that does not match all of them (unknown pointer, freed
//! twice, wrong length, wrong capacity, wrong free function) is counted in `bad_frees` and never
//! reaches the allocator: the buffer stays live, so a later correct free still succeeds.

use crate::out_params::null_out;
use boundary_ffi::{fail, Error};
use std::collections::HashMap;
use std::mem::ManuallyDrop;
use std::ptr::{null_mut, slice_from_raw_parts_mut};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

/// The largest `n` (in elements) that is allocated; anything larger is refused ("n too large"),
/// so no argument can make the library abort the test host on a failed allocation.
pub const MAX_N: u32 = 1 << 24;
/// The `n` of the hostile producers: status 2, and a valid buffer written anyway.
pub const HOSTILE_N: u32 = u32::MAX - 1;
/// The length of the buffer the hostile case writes.
pub const HOSTILE_LEN: usize = 4;
/// The capacity a `*_plc` buffer has beyond its length.
pub const EXTRA_CAP: usize = 7;

/// Which free function a buffer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    BytesP,
    BytesPl,
    BytesPlc,
    U32sPl,
}

/// What the registry knows about a live buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    len: usize,
    cap: usize,
}

// Addresses, not pointers, because raw pointers are not `Send`.
static LIVE: LazyLock<Mutex<HashMap<usize, Entry>>> = LazyLock::new(Default::default);
// A statistic read by tests; Relaxed suffices because nothing is published through it.
static BAD_FREES: AtomicI64 = AtomicI64::new(0);

fn live() -> MutexGuard<'static, HashMap<usize, Entry>> {
    // Nothing panics while holding the lock; if something ever did, the map is still consistent.
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A buffer as it leaves the library: `{null, 0, 0}` for the empty one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made<T> {
    pub ptr: *mut T,
    pub len: usize,
    pub cap: usize,
}

impl<T> Made<T> {
    const EMPTY: Self = Made {
        ptr: null_mut(),
        len: 0,
        cap: 0,
    };

    fn register(self, kind: Kind) -> Self {
        live().insert(
            self.ptr as usize,
            Entry {
                kind,
                len: self.len,
                cap: self.cap,
            },
        );
        self
    }
}

/// `0, 1, 2, …` as bytes (wrapping at 256).
fn bytes(n: usize) -> impl Iterator<Item = u8> {
    (0..n).map(|i| i as u8)
}

/// A boxed slice, its length in elements; n == 0 allocates nothing.
fn boxed<T>(kind: Kind, items: Box<[T]>) -> Made<T> {
    if items.is_empty() {
        return Made::EMPTY;
    }
    let len = items.len();
    let ptr = Box::into_raw(items).cast::<T>();
    Made { ptr, len, cap: len }.register(kind)
}

fn make_bytes_p(n: usize) -> Made<u8> {
    boxed(Kind::BytesP, bytes(n).collect())
}

fn make_bytes_pl(n: usize) -> Made<u8> {
    boxed(Kind::BytesPl, bytes(n).collect())
}

fn make_u32s_pl(n: usize) -> Made<u32> {
    boxed(
        Kind::U32sPl,
        (0..n).map(|i| (i as u32).wrapping_mul(3)).collect(),
    )
}

/// A `Vec<u8>` with room for `EXTRA_CAP` more bytes, taken apart into `(ptr, len, cap)`.
fn make_bytes_plc(n: usize) -> Made<u8> {
    if n == 0 {
        return Made::EMPTY;
    }
    let mut v = Vec::with_capacity(n + EXTRA_CAP);
    v.extend(bytes(n));
    let mut v = ManuallyDrop::new(v);
    Made {
        ptr: v.as_mut_ptr(),
        len: v.len(),
        cap: v.capacity(),
    }
    .register(Kind::BytesPlc)
}

/// Takes a live buffer out of the registry if `ptr` is one and the caller's claim about it (its
/// free function, and its length and capacity where the free function takes them) is right.
/// `(null, 0, 0)` is the empty buffer: freeing it is a no-op. Anything else is a bad free.
fn release(ptr: usize, kind: Kind, len: Option<usize>, cap: Option<usize>) -> Option<Entry> {
    if ptr == 0 && len.unwrap_or(0) == 0 && cap.unwrap_or(0) == 0 {
        return None;
    }
    let mut live = live();
    match live.get(&ptr) {
        Some(e)
            if e.kind == kind
                && len.is_none_or(|l| l == e.len)
                && cap.is_none_or(|c| c == e.cap) =>
        {
            live.remove(&ptr)
        }
        _ => {
            drop(live);
            BAD_FREES.fetch_add(1, Ordering::Relaxed);
            None
        }
    }
}

/// Frees a boxed slice the registry vouched for.
///
/// # Safety
/// `ptr` and `len` must be those of a live boxed slice of `T` made by [`boxed`] and just taken
/// out of the registry (which makes the caller its only owner).
unsafe fn free_boxed<T>(ptr: *mut T, len: usize) {
    // SAFETY: per this function's contract, exactly the parts `Box::into_raw` produced.
    drop(unsafe { Box::from_raw(slice_from_raw_parts_mut(ptr, len)) });
}

/// The status shape every `*_out_*` producer shares. A null out pointer refuses the call before
/// anything is allocated. `n > MAX_N` writes the empty buffer and fails with "n too large";
/// `HOSTILE_N` fails too but writes a live `HOSTILE_LEN`-element buffer the caller must free.
///
/// # Safety
/// Each out pointer must be null or valid for a write (`out_cap` is only used when `with_cap`).
unsafe fn deliver<T>(
    n: u32,
    out_ptr: *mut *mut T,
    out_len: *mut usize,
    out_cap: *mut usize,
    with_cap: bool,
    make: fn(usize) -> Made<T>,
) -> i32 {
    if out_ptr.is_null() || out_len.is_null() || (with_cap && out_cap.is_null()) {
        return null_out();
    }
    let (made, status) = match n {
        HOSTILE_N => (
            make(HOSTILE_LEN),
            fail(Error::new(2, "n too large (a buffer was written anyway)")),
        ),
        n if n > MAX_N => (Made::EMPTY, fail(Error::new(2, "n too large"))),
        n => (make(n as usize), 0),
    };
    // SAFETY: non-null (checked above) and writable per this function's contract.
    unsafe {
        out_ptr.write(made.ptr);
        out_len.write(made.len);
        if with_cap {
            out_cap.write(made.cap);
        }
    }
    status
}

/// The by-value producers: `n > MAX_N` (both sentinels included) is the empty buffer, and there
/// is no error channel, so the thread's last error is left alone.
fn by_value<T>(n: u32, make: fn(usize) -> Made<T>) -> Made<T> {
    if n > MAX_N {
        Made::EMPTY
    } else {
        make(n as usize)
    }
}

/// `{ uint8_t* ptr; size_t len; }`, returned by value.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapeBytes {
    pub ptr: *mut u8,
    pub len: usize,
}

/// `{ uint8_t* ptr; size_t len; size_t cap; }`, returned by value.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapeBytesCap {
    pub ptr: *mut u8,
    pub len: usize,
    pub cap: usize,
}

impl From<Made<u8>> for ShapeBytes {
    fn from(m: Made<u8>) -> Self {
        ShapeBytes {
            ptr: m.ptr,
            len: m.len,
        }
    }
}

impl From<Made<u8>> for ShapeBytesCap {
    fn from(m: Made<u8>) -> Self {
        ShapeBytesCap {
            ptr: m.ptr,
            len: m.len,
            cap: m.cap,
        }
    }
}

/// # Safety
/// `out_ptr` and `out_len` must each be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rtest_bytes_out_p(
    n: u32,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded from this function's contract; out_cap is unused.
    unsafe { deliver(n, out_ptr, out_len, null_mut(), false, make_bytes_p) }
}

/// # Safety
/// `out_ptr` and `out_len` must each be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rtest_bytes_out_pl(
    n: u32,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded from this function's contract; out_cap is unused.
    unsafe { deliver(n, out_ptr, out_len, null_mut(), false, make_bytes_pl) }
}

/// # Safety
/// `out_ptr`, `out_len` and `out_cap` must each be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rtest_bytes_out_plc(
    n: u32,
    out_ptr: *mut *mut u8,
    out_len: *mut usize,
    out_cap: *mut usize,
) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { deliver(n, out_ptr, out_len, out_cap, true, make_bytes_plc) }
}

/// # Safety
/// `out_ptr` and `out_len` must each be null or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rtest_u32s_out_pl(
    n: u32,
    out_ptr: *mut *mut u32,
    out_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded from this function's contract; out_cap is unused.
    unsafe { deliver(n, out_ptr, out_len, null_mut(), false, make_u32s_pl) }
}

#[no_mangle]
pub extern "C" fn rtest_bytes_ret_p(n: u32) -> ShapeBytes {
    by_value(n, make_bytes_p).into()
}

#[no_mangle]
pub extern "C" fn rtest_bytes_ret_pl(n: u32) -> ShapeBytes {
    by_value(n, make_bytes_pl).into()
}

#[no_mangle]
pub extern "C" fn rtest_bytes_ret_plc(n: u32) -> ShapeBytesCap {
    by_value(n, make_bytes_plc).into()
}

/// Pointer only: the registry remembers the length.
#[no_mangle]
pub extern "C" fn rtest_bytes_free_p(ptr: *mut u8) {
    if let Some(e) = release(ptr as usize, Kind::BytesP, None, None) {
        // SAFETY: a live `*_p` buffer, just taken out of the registry, with its recorded length.
        unsafe { free_boxed(ptr, e.len) };
    }
}

/// `Box<[u8]>` rebuilt from the caller's `(ptr, len)`, once the registry agreed with both.
#[no_mangle]
pub extern "C" fn rtest_bytes_free_pl(ptr: *mut u8, len: usize) {
    if release(ptr as usize, Kind::BytesPl, Some(len), None).is_some() {
        // SAFETY: a live `*_pl` byte buffer of exactly `len` bytes, just taken out of the registry.
        unsafe { free_boxed(ptr, len) };
    }
}

/// `Vec<u8>` rebuilt from the caller's `(ptr, len, cap)`, once the registry agreed with all three.
#[no_mangle]
pub extern "C" fn rtest_bytes_free_plc(ptr: *mut u8, len: usize, cap: usize) {
    if release(ptr as usize, Kind::BytesPlc, Some(len), Some(cap)).is_some() {
        // SAFETY: the parts of a live `Vec<u8>` taken apart by `make_bytes_plc`, checked against
        // the registry and just taken out of it, so this is their only owner.
        drop(unsafe { Vec::from_raw_parts(ptr, len, cap) });
    }
}

/// `len` in elements (u32s), not bytes.
#[no_mangle]
pub extern "C" fn rtest_u32s_free_pl(ptr: *mut u32, len: usize) {
    if release(ptr as usize, Kind::U32sPl, Some(len), None).is_some() {
        // SAFETY: a live `*_pl` u32 buffer of exactly `len` elements, just taken out of the registry.
        unsafe { free_boxed(ptr, len) };
    }
}

#[no_mangle]
pub extern "C" fn rtest_live_shape_buffers() -> i64 {
    // A map of addresses never outgrows memory, so it always fits in an i64.
    live().len() as i64
}

#[no_mangle]
pub extern "C" fn rtest_bad_frees() -> i64 {
    BAD_FREES.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors_status::rtest_last_error;
    use crate::returned_strings::tests::take;
    use crate::test_support::serial;
    use std::ptr::null_mut;

    fn last_error() -> Option<String> {
        let p = rtest_last_error();
        (!p.is_null()).then(|| String::from_utf8(take(p)).unwrap())
    }

    /// (live, bad) moved since `before`.
    fn moved(before: (i64, i64)) -> (i64, i64) {
        (
            rtest_live_shape_buffers() - before.0,
            rtest_bad_frees() - before.1,
        )
    }

    fn stats() -> (i64, i64) {
        (rtest_live_shape_buffers(), rtest_bad_frees())
    }

    /// Reads `len` elements of a live buffer.
    fn read<T: Copy>(ptr: *const T, len: usize) -> Vec<T> {
        // SAFETY: a live buffer of `len` elements from this library.
        unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec()
    }

    #[test]
    fn out_producers_fill_and_each_free_function_frees_its_own() {
        let _turn = serial();
        let before = stats();
        let (mut p, mut len, mut cap) = (null_mut(), 0, 0);
        let mut q: *mut u32 = null_mut();
        // SAFETY: live locals.
        unsafe {
            assert_eq!(rtest_bytes_out_p(300, &mut p, &mut len), 0);
            assert_eq!(len, 300);
            assert_eq!(read(p, len)[255..258], [255, 0, 1]);
            rtest_bytes_free_p(p);

            assert_eq!(rtest_bytes_out_pl(5, &mut p, &mut len), 0);
            assert_eq!(read(p, len), [0, 1, 2, 3, 4]);
            rtest_bytes_free_pl(p, len);

            assert_eq!(rtest_bytes_out_plc(5, &mut p, &mut len, &mut cap), 0);
            assert_eq!((read(p, len), cap), (vec![0, 1, 2, 3, 4], 5 + EXTRA_CAP));
            assert_eq!(moved(before), (1, 0));
            rtest_bytes_free_plc(p, len, cap);

            assert_eq!(rtest_u32s_out_pl(4, &mut q, &mut len), 0);
            assert_eq!(read(q, len), [0, 3, 6, 9]);
            rtest_u32s_free_pl(q, len);
        }
        assert_eq!(moved(before), (0, 0));
    }

    #[test]
    fn by_value_producers() {
        let _turn = serial();
        let before = stats();
        let b = rtest_bytes_ret_p(3);
        assert_eq!(read(b.ptr, b.len), [0, 1, 2]);
        rtest_bytes_free_p(b.ptr);
        let b = rtest_bytes_ret_pl(2);
        assert_eq!(read(b.ptr, b.len), [0, 1]);
        rtest_bytes_free_pl(b.ptr, b.len);
        let b = rtest_bytes_ret_plc(1);
        assert_eq!((read(b.ptr, b.len), b.cap), (vec![0], 1 + EXTRA_CAP));
        rtest_bytes_free_plc(b.ptr, b.len, b.cap);
        for n in [0, MAX_N + 1, HOSTILE_N, u32::MAX] {
            assert_eq!(
                rtest_bytes_ret_p(n),
                ShapeBytes {
                    ptr: null_mut(),
                    len: 0
                }
            );
            assert_eq!(
                rtest_bytes_ret_pl(n),
                ShapeBytes {
                    ptr: null_mut(),
                    len: 0
                }
            );
            assert_eq!(
                rtest_bytes_ret_plc(n),
                ShapeBytesCap {
                    ptr: null_mut(),
                    len: 0,
                    cap: 0
                }
            );
        }
        assert_eq!(moved(before), (0, 0));
    }

    #[test]
    fn every_mismatched_free_is_counted_and_leaves_the_buffer_live() {
        let _turn = serial();
        let before = stats();
        let pl = rtest_bytes_ret_pl(8);
        let plc = rtest_bytes_ret_plc(8);
        let p = rtest_bytes_ret_p(8);
        let mut q: *mut u32 = null_mut();
        let mut qlen = 0;
        // SAFETY: live locals.
        assert_eq!(unsafe { rtest_u32s_out_pl(8, &mut q, &mut qlen) }, 0);
        assert_eq!(moved(before), (4, 0));

        rtest_bytes_free_pl(pl.ptr, 7); // wrong length
        rtest_bytes_free_plc(plc.ptr, plc.len, plc.len); // len for cap
        rtest_bytes_free_plc(plc.ptr, plc.cap, plc.cap); // cap for len
        rtest_bytes_free_p(pl.ptr); // wrong function
        rtest_bytes_free_pl(p.ptr, p.len); // wrong function, right length
        rtest_u32s_free_pl(q, qlen * 4); // bytes, not elements
        rtest_bytes_free_pl(q.cast(), qlen); // a u32 buffer through the byte free
        rtest_bytes_free_pl(pl.ptr.wrapping_add(1), 7); // inside an allocation
        rtest_bytes_free_p(0x10 as *mut u8); // foreign
        rtest_bytes_free_pl(null_mut(), 3); // null with a length
        assert_eq!(moved(before), (4, 10));

        rtest_bytes_free_p(null_mut()); // the empty buffer: no-ops
        rtest_bytes_free_pl(null_mut(), 0);
        rtest_bytes_free_plc(null_mut(), 0, 0);
        rtest_u32s_free_pl(null_mut(), 0);
        assert_eq!(moved(before), (4, 10));

        rtest_bytes_free_pl(pl.ptr, pl.len);
        rtest_bytes_free_plc(plc.ptr, plc.len, plc.cap);
        rtest_bytes_free_p(p.ptr);
        rtest_u32s_free_pl(q, qlen);
        assert_eq!(moved(before), (0, 10));
        rtest_bytes_free_pl(pl.ptr, pl.len); // twice
        rtest_bytes_free_p(p.ptr);
        assert_eq!(moved(before), (0, 12));
    }

    #[test]
    fn empty_too_large_hostile_and_null_outs() {
        let _turn = serial();
        let before = stats();
        let (mut p, mut len, mut cap) = (0x10 as *mut u8, 9, 9);
        // SAFETY: live locals; null out pointers are never written.
        unsafe {
            assert_eq!(rtest_bytes_out_plc(0, &mut p, &mut len, &mut cap), 0);
            assert_eq!((p, len, cap), (null_mut(), 0, 0), "the empty buffer");

            for n in [u32::MAX, MAX_N + 1] {
                let (mut p, mut len) = (0x10 as *mut u8, 9);
                assert_eq!(rtest_bytes_out_pl(n, &mut p, &mut len), 2);
                assert_eq!((p, len), (null_mut(), 0));
                assert_eq!(last_error().as_deref(), Some("n too large"));
            }

            assert_eq!(
                rtest_bytes_out_plc(HOSTILE_N, &mut p, &mut len, &mut cap),
                2
            );
            assert_eq!(
                last_error().as_deref(),
                Some("n too large (a buffer was written anyway)")
            );
            assert_eq!((read(p, len), cap), (vec![0, 1, 2, 3], 4 + EXTRA_CAP));
            assert_eq!(moved(before), (1, 0), "the caller owns it");
            rtest_bytes_free_plc(p, len, cap);

            let mut q: *mut u32 = null_mut();
            assert_eq!(rtest_u32s_out_pl(HOSTILE_N, &mut q, &mut len), 2);
            assert_eq!(read(q, len), [0, 3, 6, 9]);
            rtest_u32s_free_pl(q, len);

            assert_eq!(rtest_bytes_out_p(3, null_mut(), &mut len), 2);
            assert_eq!(last_error().as_deref(), Some("null out pointer"));
            assert_eq!(rtest_bytes_out_pl(3, &mut p, null_mut()), 2);
            assert_eq!(rtest_bytes_out_plc(3, &mut p, &mut len, null_mut()), 2);
            assert_eq!(rtest_u32s_out_pl(HOSTILE_N, null_mut(), &mut len), 2);
        }
        assert_eq!(moved(before), (0, 0), "a refused call allocates nothing");
    }

    #[test]
    fn concurrent_frees_of_one_buffer_free_it_once() {
        let _turn = serial();
        let before = stats();
        for _ in 0..50 {
            let b = rtest_bytes_ret_plc(16);
            let (ptr, len, cap) = (b.ptr as usize, b.len, b.cap);
            let threads: Vec<_> = (0..4)
                .map(|_| std::thread::spawn(move || rtest_bytes_free_plc(ptr as *mut u8, len, cap)))
                .collect();
            threads.into_iter().for_each(|t| t.join().unwrap());
        }
        assert_eq!(moved(before), (0, 150));
    }
}
