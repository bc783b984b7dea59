//! "Handle concurrency": the `rtest_gate_*` and `rtest_counter_{hold,touch,call_back}` exports.
//!
//! A test holds a borrowing call open inside native code (`rtest_counter_hold` blocks until the
//! test opens its gate) to prove that a Dispose or a move waits for it, and detects concurrent
//! use of one Counter (`rtest_counter_touch` is a slow mutating call that counts every time it
//! finds another touch of the same Counter in flight) to prove that a handle declared not
//! thread-safe is used by one call at a time. Both go through the registry, so a Counter freed
//! while one of these calls still uses it shows up as a bad use.

use crate::registry::{self, Counter};
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// What every operation on a handle that is neither live nor global returns.
const BAD_HANDLE: i64 = i64::MIN;

/// How long one touch keeps its Counter busy: long enough that unserialized touches from a few
/// threads collide almost every time, short enough for thousands of touches per test.
const TOUCH_BUSY: Duration = Duration::from_micros(20);

/// A callback as the contract declares it: `void (*)(void* user_data, int64_t value)`.
type Callback = unsafe extern "C" fn(*mut c_void, i64);

#[derive(Default)]
struct Gate {
    entered: bool,
    open: bool,
}

/// Gates by the test's id: whether a held call has entered, and whether the test let it go.
static GATES: LazyLock<(Mutex<HashMap<i64, Gate>>, Condvar)> = LazyLock::new(Default::default);

/// Touches in flight per Counter address. Kept beside the registry, not in the Counter, so the
/// Counter stays what every other export sees; an address reused by a new Counter starts from
/// the 0 its last touch left.
static IN_FLIGHT: LazyLock<Mutex<HashMap<usize, Arc<AtomicI64>>>> = LazyLock::new(Default::default);

static CONCURRENT_USES: AtomicI64 = AtomicI64::new(0);

fn gates() -> MutexGuard<'static, HashMap<i64, Gate>> {
    GATES.0.lock().unwrap_or_else(PoisonError::into_inner)
}

fn in_flight(c: *const Counter) -> Arc<AtomicI64> {
    let mut map = IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(map.entry(c as usize).or_default())
}

/// Whether `c` is live (or the global Counter); a bad use is counted when it is not.
fn usable(c: *const Counter) -> bool {
    registry::with_counter(c, |_| ()).is_some()
}

/// Borrows `c`, tells the test it has entered (`rtest_gate_waiting(id)`), blocks until the test
/// calls `rtest_gate_open(id)`, then uses `c` again and returns its value. If `c` was released
/// while the call was held — a Dispose or move that did not wait — that use is a bad use and the
/// result `INT64_MIN`.
#[no_mangle]
pub extern "C" fn rtest_counter_hold(c: *const Counter, id: i64) -> i64 {
    if !usable(c) {
        return BAD_HANDLE;
    }
    let mut gates = gates();
    gates.entry(id).or_default().entered = true;
    GATES.1.notify_all();
    while !gates.get(&id).is_some_and(|g| g.open) {
        gates = GATES.1.wait(gates).unwrap_or_else(PoisonError::into_inner);
    }
    drop(gates);
    registry::with_counter(c, Counter::get).unwrap_or(BAD_HANDLE)
}

/// 1 once a `rtest_counter_hold` call with this id has entered native code, else 0.
#[no_mangle]
pub extern "C" fn rtest_gate_waiting(id: i64) -> u8 {
    u8::from(gates().get(&id).is_some_and(|g| g.entered))
}

/// Lets the held call with this id return (now, or as soon as it arrives).
#[no_mangle]
pub extern "C" fn rtest_gate_open(id: i64) {
    gates().entry(id).or_default().open = true;
    GATES.1.notify_all();
}

/// A mutating call that is not safe for concurrent use on one Counter: it keeps the Counter
/// busy for a while, then adds `delta` and returns the new value. Finding another touch of the
/// same Counter in flight counts one concurrent use.
#[no_mangle]
pub extern "C" fn rtest_counter_touch(c: *const Counter, delta: i64) -> i64 {
    if !usable(c) {
        return BAD_HANDLE;
    }
    let busy = in_flight(c);
    if busy.fetch_add(1, Ordering::SeqCst) != 0 {
        CONCURRENT_USES.fetch_add(1, Ordering::Relaxed);
    }
    let start = Instant::now();
    while start.elapsed() < TOUCH_BUSY {
        std::hint::spin_loop();
    }
    let result = registry::with_counter(c, |c| c.add(delta)).unwrap_or(BAD_HANDLE);
    busy.fetch_sub(1, Ordering::SeqCst);
    result
}

/// Touches that found another touch of the same Counter in flight, since load.
#[no_mangle]
pub extern "C" fn rtest_concurrent_uses() -> i64 {
    CONCURRENT_USES.load(Ordering::Relaxed)
}

/// Borrows `c` and, inside the call, calls `callback(user_data, value of c)`; then returns c's
/// value as it is after the callback (`INT64_MIN` and a bad use if c was released meanwhile).
///
/// # Safety
/// `callback` must be callable with `user_data`.
#[no_mangle]
pub unsafe extern "C" fn rtest_counter_call_back(
    c: *const Counter,
    callback: Option<Callback>,
    user_data: *mut c_void,
) -> i64 {
    let Some(value) = registry::with_counter(c, Counter::get) else {
        return BAD_HANDLE;
    };
    if let Some(callback) = callback {
        // SAFETY: the caller's promise; the registry lock is not held, so the callback may call back.
        unsafe { callback(user_data, value) };
    }
    registry::with_counter(c, Counter::get).unwrap_or(BAD_HANDLE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{rtest_bad_uses, rtest_counter_free, rtest_counter_new};
    use crate::test_support::serial;

    #[test]
    fn a_held_call_returns_only_once_its_gate_opens() {
        let _turn = serial();
        let c = rtest_counter_new(5) as usize;
        let held = std::thread::spawn(move || rtest_counter_hold(c as *const Counter, 9001));
        while rtest_gate_waiting(9001) == 0 {
            std::thread::yield_now();
        }
        std::thread::sleep(Duration::from_millis(20));
        assert!(!held.is_finished());
        rtest_gate_open(9001);
        assert_eq!(held.join().unwrap(), 5);
        rtest_counter_free(c as *mut Counter);
    }

    #[test]
    fn a_gate_opened_first_lets_the_call_through() {
        let _turn = serial();
        let c = rtest_counter_new(1);
        rtest_gate_open(9002);
        assert_eq!(rtest_counter_hold(c, 9002), 1);
        assert_eq!(rtest_gate_waiting(9002), 1);
        rtest_counter_free(c);
    }

    #[test]
    fn releasing_a_held_counter_is_a_bad_use_when_the_call_resumes() {
        let _turn = serial();
        let bad_before = rtest_bad_uses();
        let c = rtest_counter_new(1) as usize;
        let held = std::thread::spawn(move || rtest_counter_hold(c as *const Counter, 9003));
        while rtest_gate_waiting(9003) == 0 {
            std::thread::yield_now();
        }
        rtest_counter_free(c as *mut Counter);
        rtest_gate_open(9003);
        assert_eq!(held.join().unwrap(), i64::MIN);
        assert_eq!(rtest_bad_uses(), bad_before + 1);
    }

    #[test]
    fn concurrent_touches_of_one_counter_are_counted_and_serial_ones_are_not() {
        let _turn = serial();
        let c = rtest_counter_new(0) as usize;
        let before = rtest_concurrent_uses();
        for _ in 0..50 {
            assert_ne!(rtest_counter_touch(c as *const Counter, 1), i64::MIN);
        }
        assert_eq!(rtest_concurrent_uses(), before);
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    (0..200).for_each(|_| _ = rtest_counter_touch(c as *const Counter, 1))
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert!(
            rtest_concurrent_uses() > before,
            "four threads touching one Counter collide"
        );
        assert_eq!(crate::counter::rtest_counter_get(c as *const Counter), 850);
        rtest_counter_free(c as *mut Counter);
    }

    #[test]
    fn the_callback_runs_inside_the_call() {
        unsafe extern "C" fn record(user_data: *mut c_void, value: i64) {
            // SAFETY: the test passes a pointer to its AtomicI64.
            unsafe { &*user_data.cast::<AtomicI64>() }.store(value, Ordering::SeqCst);
        }
        let _turn = serial();
        let seen = AtomicI64::new(0);
        let c = rtest_counter_new(42);
        // SAFETY: `record` reads `seen`, which outlives the call.
        let after = unsafe {
            rtest_counter_call_back(c, Some(record), std::ptr::from_ref(&seen).cast_mut().cast())
        };
        assert_eq!((seen.load(Ordering::SeqCst), after), (42, 42));
        rtest_counter_free(c);
    }
}
