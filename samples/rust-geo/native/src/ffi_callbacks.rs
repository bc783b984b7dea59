//! The `geo_*` exports that call C# back: a borrowed visitor (`boundary_ffi::Callback`) and an
//! async operation that completes through `done` on a worker thread (`Completion::status` +
//! `spawn_async`) and can be cancelled with `geo_cancel` (`export_cancel!`).

use crate::ffi_results::{CANCELLED, NOT_FOUND, PANIC};
use crate::index::{farthest_pair, GeoIndex, PointPair, Stopped};
use crate::latlon::LatLon;
use boundary_ffi::{handle, pending_operations, spawn_async, to_bool, Bool8};
use boundary_ffi::{Callback, Completion, Error, Zero};
use std::ffi::c_void;

/// `uint8_t (*visit)(void* user_data, uint64_t id, LatLon point)`: nonzero to go on.
pub type VisitFn = extern "C" fn(*mut c_void, u64, LatLon) -> Bool8;

/// `void (*done)(void* user_data, int32_t status, PointPair result)`.
pub type FarthestDoneFn = extern "C" fn(*mut c_void, i32, PointPair);

// The result of a failed operation (status != 0): all zeros, never read by the caller.
impl Zero for PointPair {
    fn zero() -> Self {
        PointPair::default()
    }
}

boundary_ffi::export_cancel!(geo_cancel);

/// Calls `visit(user_data, id, point)` for each point in insertion order until it returns 0,
/// and returns how many calls were made (the one that returned 0 included). A null `visit` or
/// index visits nothing.
///
/// The walk is over a copy of the points taken before the first call, and no borrow of the
/// index is held while C# runs: the visitor may call the library again, even insert into
/// this same index (what it inserts is not visited).
///
/// # Safety
/// `index` must be null or a live index not being mutated by another thread; `(visit,
/// user_data)` must be a callback as the ABI passes it, callable during this call.
#[no_mangle]
pub unsafe extern "C" fn geo_index_for_each(
    index: *const GeoIndex,
    visit: Option<VisitFn>,
    user_data: *mut c_void,
) -> u64 {
    // SAFETY: forwarded from this function's contract.
    let Ok(visit) = (unsafe { Callback::new(visit, user_data) }) else {
        return 0;
    };
    // SAFETY: forwarded from this function's contract; the borrow ends with this statement.
    let points = unsafe { handle::borrow(index) }.map_or_else(Vec::new, |i| i.points().to_vec());
    let mut calls = 0;
    for (id, point) in points {
        calls += 1;
        if !to_bool(visit.call(id, point)) {
            break;
        }
    }
    calls
}

/// Starts finding the two points farthest apart (O(n²)) on a worker thread and returns at
/// once. Completes exactly once, status-code shape: `done(user_data, 0, pair)`, or
/// `done(user_data, code, {0})` with the message in `geo_last_error` on the calling thread of
/// `done`: `NOT_FOUND` for fewer than two points, `CANCELLED` once `geo_cancel(user_data)` was
/// called (checked between rows), `PANIC` for a panic. A null `done` starts nothing.
///
/// The index is only borrowed for this call, so the points are copied before it returns: the
/// caller may change or free the index while the worker runs, which then sees the points as
/// they were at the start.
///
/// # Safety
/// `index` as for `geo_index_for_each`; `(done, user_data)` must be a completion callback as
/// the ABI passes it, callable once from any thread.
#[no_mangle]
pub unsafe extern "C" fn geo_index_farthest_pair_async(
    index: *const GeoIndex,
    done: Option<FarthestDoneFn>,
    user_data: *mut c_void,
) {
    // SAFETY: forwarded from this function's contract.
    let Ok(completion) = (unsafe { Completion::status(done, user_data, PANIC) }) else {
        return; // null done: no one to tell
    };
    // SAFETY: forwarded from this function's contract; the borrow ends with this statement.
    let points = unsafe { handle::borrow(index) }.map_or_else(Vec::new, |i| i.points().to_vec());
    spawn_async(completion, move |cancel| {
        match farthest_pair(&points, || cancel.is_cancelled()) {
            Ok(Some(pair)) => Ok(pair),
            Ok(None) => Err(Error::new(
                NOT_FOUND,
                format!("no pair of points among {}", points.len()),
            )),
            Err(Stopped) => Err(Error::new(CANCELLED, "cancelled")),
        }
    });
}

/// Async operations started and not yet completed: lets the sample show that a cancelled one
/// completed too.
#[no_mangle]
pub extern "C" fn geo_pending_operations() -> i64 {
    i64::try_from(pending_operations()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::tests::serial;
    use crate::ffi::{geo_index_free, geo_index_insert, geo_index_new};
    use crate::ffi_results::{geo_last_error, geo_string_free};
    use boundary_ffi::from_bool;
    use std::ffi::CStr;
    use std::ptr::{null, null_mut};
    use std::sync::mpsc::{channel, Receiver, Sender};
    use std::sync::Mutex;
    use std::time::Duration;

    const PARIS: LatLon = LatLon {
        lat: 48.8566,
        lon: 2.3522,
    };
    const LONDON: LatLon = LatLon {
        lat: 51.5074,
        lon: -0.1278,
    };
    const ROME: LatLon = LatLon {
        lat: 41.9028,
        lon: 12.4964,
    };

    /// What a visitor saw, and after how many calls it says stop (`user_data` points to it).
    struct Visits {
        seen: Vec<(u64, LatLon)>,
        stop_after: usize,
    }

    extern "C" fn record_visit(user_data: *mut c_void, id: u64, point: LatLon) -> Bool8 {
        // SAFETY: the tests pass a live `Visits`, used by no one else during the call.
        let visits = unsafe { &mut *user_data.cast::<Visits>() };
        visits.seen.push((id, point));
        from_bool(visits.seen.len() < visits.stop_after)
    }

    fn walk(index: *const GeoIndex, stop_after: usize) -> (u64, Vec<(u64, LatLon)>) {
        let mut visits = Visits {
            seen: Vec::new(),
            stop_after,
        };
        let user_data = (&mut visits as *mut Visits).cast();
        // SAFETY: a live index (or null) and a visitor valid during the call.
        let calls = unsafe { geo_index_for_each(index, Some(record_visit), user_data) };
        (calls, visits.seen)
    }

    #[test]
    fn for_each_visits_in_order_until_the_visitor_says_stop() {
        let _turn = serial();
        let index = geo_index_new(0);
        // SAFETY: a live index, freed at the end.
        unsafe {
            geo_index_insert(index, 7, PARIS);
            geo_index_insert(index, 3, LONDON);
            geo_index_insert(index, 9, ROME);
        }
        assert_eq!(
            walk(index, usize::MAX),
            (3, vec![(7, PARIS), (3, LONDON), (9, ROME)])
        );
        assert_eq!(walk(index, 2), (2, vec![(7, PARIS), (3, LONDON)]));
        assert_eq!(walk(index, 1), (1, vec![(7, PARIS)]));
        assert_eq!(walk(null(), usize::MAX), (0, vec![]));
        // SAFETY: a null visitor is refused before anything is read.
        unsafe {
            assert_eq!(geo_index_for_each(index, None, null_mut()), 0);
            geo_index_free(index);
        }
    }

    /// Inserts into the index it walks (`user_data`), from inside the walk.
    extern "C" fn insert_while_walking(user_data: *mut c_void, id: u64, point: LatLon) -> Bool8 {
        // SAFETY: the test passes the live index it walks; the walk holds no borrow of it.
        unsafe { geo_index_insert(user_data.cast(), id + 100, point) };
        from_bool(true)
    }

    #[test]
    fn for_each_lets_the_visitor_change_the_index() {
        let _turn = serial();
        let index = geo_index_new(0);
        // SAFETY: a live index, freed at the end.
        unsafe {
            geo_index_insert(index, 1, PARIS);
            geo_index_insert(index, 2, LONDON);
            let calls = geo_index_for_each(index, Some(insert_while_walking), index.cast());
            assert_eq!(calls, 2, "what the visitor inserts is not visited");
            assert_eq!((*index).ids().collect::<Vec<_>>(), [1, 2, 101, 102]);
            geo_index_free(index);
        }
    }

    // Completions arrive on worker threads: each test's `done` sends (user_data, status,
    // pair, last error) to the channel registered under its user_data.
    type Outcome = (i32, PointPair, Option<String>);
    static WAITERS: Mutex<Vec<(usize, Sender<Outcome>)>> = Mutex::new(Vec::new());

    extern "C" fn done(user_data: *mut c_void, status: i32, pair: PointPair) {
        // The message is the completing thread's last error, read on that thread.
        let m = if status == 0 {
            null_mut()
        } else {
            geo_last_error()
        };
        let message = (!m.is_null()).then(|| {
            // SAFETY: an owned string from geo_last_error, read once and freed right away.
            let text = unsafe { CStr::from_ptr(m) }.to_string_lossy().into_owned();
            // SAFETY: as above.
            unsafe { geo_string_free(m) };
            text
        });
        let waiters = WAITERS.lock().unwrap();
        let (_, tx) = waiters
            .iter()
            .find(|(k, _)| *k == user_data as usize)
            .unwrap();
        tx.send((status, pair, message)).unwrap();
    }

    /// A distinct user_data for each operation of the tests, and the channel its outcome arrives on.
    fn operation(key: usize) -> (*mut c_void, Receiver<Outcome>) {
        let (tx, rx) = channel();
        WAITERS.lock().unwrap().push((key, tx));
        (key as *mut c_void, rx)
    }

    fn outcome(rx: &Receiver<Outcome>) -> Outcome {
        rx.recv_timeout(Duration::from_secs(30))
            .expect("done was never called")
    }

    #[test]
    fn farthest_pair_completes_on_a_worker_with_the_points_as_they_were() {
        let _turn = serial();
        let index = geo_index_new(0);
        let (user_data, rx) = operation(0x1000);
        // SAFETY: a live index, freed while the worker may still run (it has its own copy).
        unsafe {
            geo_index_insert(index, 1, PARIS);
            geo_index_insert(index, 2, LONDON);
            geo_index_insert(index, 3, ROME);
            geo_index_farthest_pair_async(index, Some(done), user_data);
            geo_index_insert(
                index,
                4,
                LatLon {
                    lat: -33.9,
                    lon: 18.4,
                },
            );
            geo_index_free(index);
        }
        let (status, pair, message) = outcome(&rx);
        assert_eq!((status, pair.a, pair.b, message), (0, 2, 3, None));
        assert!((pair.distance_km - 1434.0).abs() < 5.0, "{pair:?}");
        assert_eq!(
            geo_pending_operations(),
            0,
            "unregistered before done was called"
        );
    }

    #[test]
    fn farthest_pair_of_one_point_is_not_found() {
        let _turn = serial();
        let index = geo_index_new(0);
        let (user_data, rx) = operation(0x2000);
        // SAFETY: a live index; a null index is an empty one.
        unsafe {
            geo_index_insert(index, 1, PARIS);
            geo_index_farthest_pair_async(index, Some(done), user_data);
            geo_index_free(index);
        }
        let failed = (NOT_FOUND, PointPair::default());
        let (status, pair, message) = outcome(&rx);
        assert_eq!((status, pair), failed);
        assert_eq!(message.as_deref(), Some("no pair of points among 1"));
        let (user_data, rx) = operation(0x2001);
        // SAFETY: as above.
        unsafe { geo_index_farthest_pair_async(null(), Some(done), user_data) };
        assert_eq!(outcome(&rx).2.as_deref(), Some("no pair of points among 0"));
        // SAFETY: a null done starts nothing (and calls nothing).
        unsafe { geo_index_farthest_pair_async(null(), None, user_data) };
    }

    #[test]
    fn farthest_pair_stops_when_cancelled() {
        let _turn = serial();
        // 4,000 points: 8 million distances, far longer than the cancel takes to arrive.
        let index = geo_index_new(0);
        for i in 0..4_000_u32 {
            let point = LatLon {
                lat: f64::from(i % 80) - 40.0,
                lon: f64::from(i / 80) * 3.0 - 150.0,
            };
            // SAFETY: a live index.
            unsafe { geo_index_insert(index, u64::from(i), point) };
        }
        let (user_data, rx) = operation(0x3000);
        // SAFETY: a live index; cancelling an unknown user_data is a no-op.
        unsafe {
            geo_index_farthest_pair_async(index, Some(done), user_data);
            geo_index_free(index);
        }
        geo_cancel(user_data);
        let (status, pair, message) = outcome(&rx);
        assert_eq!((status, pair), (CANCELLED, PointPair::default()));
        assert_eq!(message.as_deref(), Some("cancelled"));
        assert_eq!(geo_pending_operations(), 0);
        geo_cancel(user_data); // finished: nothing happens
        geo_cancel(null_mut());
    }
}
