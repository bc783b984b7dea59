//! The `geo_*` exports: argument checking and ownership only; the work is in `index`.
//!
//! A null index is treated as an empty one and a null out-pointer is skipped, so a caller
//! mistake yields 0 rather than a crash. Indexes are not synchronised: like any `&mut`, an
//! index must not be mutated while another thread uses it.

use crate::index::GeoIndex;
use crate::latlon::LatLon;
use boundary_ffi::{from_bool, handle, Bool8};

// Enough for every sample and test; bigger hints are clamped so a bogus hint cannot make
// the allocator abort the host process. The Vec still grows past it on demand.
const MAX_CAPACITY_HINT: usize = 1 << 20;

#[no_mangle]
pub extern "C" fn geo_distance_km(a: LatLon, b: LatLon) -> f64 {
    a.distance_km(b)
}

/// An owned handle: the caller releases it with `geo_index_free` or gives it to `geo_index_absorb`.
#[no_mangle]
pub extern "C" fn geo_index_new(capacity_hint: u32) -> *mut GeoIndex {
    let capacity =
        usize::try_from(capacity_hint).map_or(MAX_CAPACITY_HINT, |c| c.min(MAX_CAPACITY_HINT));
    handle::into_raw(GeoIndex::with_capacity(capacity))
}

/// # Safety
/// `index` must be null or an index from `geo_index_new` not yet freed or absorbed; it is
/// dangling afterwards.
#[no_mangle]
pub unsafe extern "C" fn geo_index_free(index: *mut GeoIndex) {
    // SAFETY: forwarded from this function's contract.
    unsafe { handle::release(index) }
}

/// # Safety
/// `index` must be null or a live index that no other thread is using.
#[no_mangle]
pub unsafe extern "C" fn geo_index_insert(index: *mut GeoIndex, id: u64, point: LatLon) {
    // SAFETY: forwarded from this function's contract.
    if let Some(index) = unsafe { handle::borrow_mut(index) } {
        index.insert(id, point);
    }
}

/// # Safety
/// `index` must be null or a live index not being mutated by another thread.
#[no_mangle]
pub unsafe extern "C" fn geo_index_len(index: *const GeoIndex) -> u64 {
    // SAFETY: forwarded from this function's contract.
    unsafe { handle::borrow(index) }.map_or(0, |index| len_u64(index.len()))
}

/// Returns 0 and writes nothing for an empty index; otherwise writes both outs and returns 1.
///
/// # Safety
/// `index` as for `geo_index_len`; `out_id` and `out_distance_km` must each be null or valid
/// for a write.
#[no_mangle]
pub unsafe extern "C" fn geo_index_nearest(
    index: *const GeoIndex,
    query: LatLon,
    out_id: *mut u64,
    out_distance_km: *mut f64,
) -> Bool8 {
    // SAFETY: forwarded from this function's contract.
    let Some((id, distance)) =
        unsafe { handle::borrow(index) }.and_then(|index| index.nearest(query))
    else {
        return from_bool(false);
    };
    // SAFETY: the caller guarantees each non-null out-pointer is writable.
    unsafe {
        write_out(out_id, id);
        write_out(out_distance_km, distance);
    }
    from_bool(true)
}

/// Saturates at `u32::MAX`, far beyond what a linear index is meant for.
///
/// # Safety
/// As for `geo_index_len`.
#[no_mangle]
pub unsafe extern "C" fn geo_index_within(
    index: *const GeoIndex,
    center: LatLon,
    radius_km: f64,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { handle::borrow(index) }.map_or(0, |index| {
        u32::try_from(index.within(center, radius_km)).unwrap_or(u32::MAX)
    })
}

/// Consumes `from`, moving its points into `into`, and returns `into`'s new length.
/// `from` is released even when `into` is null (the caller gave it away; keeping it would leak
/// it). `into == from` changes nothing and releases nothing: releasing it would leave the
/// caller's `into` dangling.
///
/// # Safety
/// Each of `into` and `from` must be null or a live index no other thread is using; `from` is
/// dangling afterwards unless it equals `into`.
#[no_mangle]
pub unsafe extern "C" fn geo_index_absorb(into: *mut GeoIndex, from: *mut GeoIndex) -> u64 {
    if std::ptr::eq(into, from) {
        // SAFETY: forwarded from this function's contract.
        return unsafe { geo_index_len(into) };
    }
    // SAFETY: forwarded from this function's contract; distinct pointers, so no aliasing.
    let (into, from) = unsafe { (handle::borrow_mut(into), handle::take(from)) };
    match (into, from) {
        (Some(into), Some(from)) => {
            into.absorb(from);
            len_u64(into.len())
        }
        (Some(into), None) => len_u64(into.len()),
        (None, _) => 0,
    }
}

/// Indexes created and not yet freed or absorbed: lets the sample show that nothing leaked.
#[no_mangle]
pub extern "C" fn geo_live_indexes() -> i64 {
    handle::live_handles()
}

fn len_u64(len: usize) -> u64 {
    // usize is at most 64 bits on every target Rust supports.
    u64::try_from(len).unwrap_or(u64::MAX)
}

/// # Safety
/// `ptr` must be null or valid for a write of a `T`.
unsafe fn write_out<T>(ptr: *mut T, value: T) {
    if !ptr.is_null() {
        // SAFETY: non-null and writable per the caller; `write` never reads the old contents,
        // which for an `out` parameter may be uninitialised.
        unsafe { ptr.write(value) }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::ptr::{null, null_mut};
    use std::sync::{Mutex, MutexGuard, PoisonError};

    // `geo_live_indexes` is process-wide and tests run in parallel, so every test that creates
    // indexes (here and in `ffi_results`) takes its turn.
    static SERIAL: Mutex<()> = Mutex::new(());

    pub(crate) fn serial() -> MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
    }

    const PARIS: LatLon = LatLon {
        lat: 48.8566,
        lon: 2.3522,
    };
    const LONDON: LatLon = LatLon {
        lat: 51.5074,
        lon: -0.1278,
    };

    #[test]
    fn lifecycle_through_the_exports() {
        let _turn = serial();
        let live = geo_live_indexes();
        let a = geo_index_new(2);
        let b = geo_index_new(u32::MAX);
        assert_eq!(geo_live_indexes(), live + 2);
        unsafe {
            geo_index_insert(a, 10, PARIS);
            geo_index_insert(b, 20, LONDON);
            assert_eq!(geo_index_absorb(a, b), 2);
            assert_eq!(geo_live_indexes(), live + 1, "absorb consumed b");
            assert_eq!(geo_index_len(a), 2);
            assert_eq!(geo_index_within(a, PARIS, 400.0), 2);
            assert_eq!(geo_index_within(a, PARIS, 100.0), 1);

            let (mut id, mut d) = (0_u64, 0.0_f64);
            assert_eq!(
                geo_index_nearest(
                    a,
                    LatLon {
                        lat: 51.0,
                        lon: 0.0
                    },
                    &mut id,
                    &mut d
                ),
                1
            );
            assert_eq!(id, 20);
            assert!(d > 0.0 && d < 100.0, "{d}");

            assert_eq!(geo_index_absorb(a, a), 2, "self-absorb is a no-op");
            geo_index_free(a);
        }
        assert_eq!(geo_live_indexes(), live);
    }

    #[test]
    fn nearest_on_empty_writes_nothing() {
        let _turn = serial();
        let a = geo_index_new(0);
        let (mut id, mut d) = (99_u64, -1.0_f64);
        unsafe {
            assert_eq!(geo_index_nearest(a, PARIS, &mut id, &mut d), 0);
            geo_index_free(a);
        }
        assert_eq!((id, d), (99, -1.0));
    }

    #[test]
    fn null_index_is_empty_and_never_crashes() {
        let _turn = serial();
        let live = geo_live_indexes();
        unsafe {
            geo_index_insert(null_mut(), 1, PARIS);
            assert_eq!(geo_index_len(null()), 0);
            assert_eq!(geo_index_nearest(null(), PARIS, null_mut(), null_mut()), 0);
            assert_eq!(geo_index_within(null(), PARIS, 1e9), 0);
            geo_index_free(null_mut());
            assert_eq!(geo_index_absorb(null_mut(), null_mut()), 0);

            let from = geo_index_new(0);
            assert_eq!(geo_index_absorb(null_mut(), from), 0);
            assert_eq!(
                geo_live_indexes(),
                live,
                "from is released even when into is null"
            );
            let into = geo_index_new(0);
            geo_index_insert(into, 1, PARIS);
            assert_eq!(geo_index_absorb(into, null_mut()), 1);
            geo_index_free(into);
        }
        assert_eq!(geo_live_indexes(), live);
    }
}
