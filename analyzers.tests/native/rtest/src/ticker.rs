//! "Callbacks and async", retained callbacks: native code keeps the callback after the call
//! that hands it over and says when it is done with it by calling `release(user_data)` exactly
//! once (and `rtest_release_twice`, deliberately, twice).

use crate::support::{guarded, spawn_or_run, UserData};
use std::ffi::c_void;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

pub type TickFn = unsafe extern "C" fn(user_data: *mut c_void, n: i32);
pub type ReleaseFn = unsafe extern "C" fn(user_data: *mut c_void);

/// Tickers started and not yet released. Relaxed: a statistic, nothing is published through it.
static TICKERS_RUNNING: AtomicI64 = AtomicI64::new(0);

/// Returns at once; a new native thread calls `tick(user_data, n)` for `n = 1..ticks`,
/// sleeping `interval_ms` between calls (a negative interval is 0), then calls
/// `release(user_data)` exactly once. `rtest_tickers_running` drops right before `release`.
///
/// # Safety
/// `tick` and `release` must be callable with `user_data`, from any thread, until `release`
/// has been called.
#[no_mangle]
pub unsafe extern "C" fn rtest_ticker_start(
    ticks: i32,
    interval_ms: i32,
    tick: Option<TickFn>,
    user_data: *mut c_void,
    release: Option<ReleaseFn>,
) {
    guarded((), || {
        let user = UserData::new(user_data);
        let interval = Duration::from_millis(u64::try_from(interval_ms).unwrap_or(0));
        TICKERS_RUNNING.fetch_add(1, Ordering::Relaxed);
        spawn_or_run(move || {
            for n in 1..=ticks.max(0) {
                if n > 1 {
                    std::thread::sleep(interval);
                }
                if let Some(tick) = tick {
                    // SAFETY: the caller's promise: valid until released.
                    unsafe { tick(user.get(), n) };
                }
            }
            TICKERS_RUNNING.fetch_sub(1, Ordering::Relaxed);
            if let Some(release) = release {
                // SAFETY: as above; the last use of the callback and its user data.
                unsafe { release(user.get()) };
            }
        });
    })
}

#[no_mangle]
pub extern "C" fn rtest_tickers_running() -> i64 {
    TICKERS_RUNNING.load(Ordering::Relaxed)
}

/// DELIBERATELY BUGGY, synchronously on the calling thread: `cb(1)`, `release`, `release`
/// again, then `cb(2)` after the release (a stale call). Null callbacks are skipped.
///
/// # Safety
/// None that the caller can meet: this export breaks the retained-callback contract on purpose.
#[no_mangle]
pub unsafe extern "C" fn rtest_release_twice(
    cb: Option<TickFn>,
    user_data: *mut c_void,
    release: Option<ReleaseFn>,
) {
    guarded((), || {
        // SAFETY: none; the bug is the point (see above).
        unsafe {
            if let Some(cb) = cb {
                cb(user_data, 1);
            }
            if let Some(release) = release {
                release(user_data);
                release(user_data);
            }
            if let Some(cb) = cb {
                cb(user_data, 2);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::serial;
    use std::sync::Mutex;

    /// What a test's callbacks saw: ticks, then "release" as 0.
    type Seen = Mutex<Vec<i32>>;

    unsafe extern "C" fn tick(user: *mut c_void, n: i32) {
        // SAFETY: the tests pass a Seen that outlives the release.
        unsafe { &*user.cast::<Seen>() }.lock().unwrap().push(n);
    }

    unsafe extern "C" fn release(user: *mut c_void) {
        // SAFETY: as above.
        unsafe { &*user.cast::<Seen>() }.lock().unwrap().push(0);
    }

    #[test]
    fn a_ticker_ticks_then_releases_once() {
        let _turn = serial();
        static SEEN: Seen = Mutex::new(Vec::new());
        let before = rtest_tickers_running();
        let user = std::ptr::from_ref(&SEEN).cast_mut().cast();
        // SAFETY: a static Seen.
        unsafe { rtest_ticker_start(3, 2, Some(tick), user, Some(release)) };
        for _ in 0..500 {
            if SEEN.lock().unwrap().last() == Some(&0) {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(*SEEN.lock().unwrap(), [1, 2, 3, 0]);
        assert_eq!(rtest_tickers_running(), before);
    }

    #[test]
    fn release_twice_is_buggy_on_purpose() {
        let seen = Seen::default();
        let user = std::ptr::from_ref(&seen).cast_mut().cast();
        // SAFETY: a live Seen (the callbacks tolerate the misuse).
        unsafe { rtest_release_twice(Some(tick), user, Some(release)) };
        assert_eq!(*seen.lock().unwrap(), [1, 0, 0, 2]);
    }
}
