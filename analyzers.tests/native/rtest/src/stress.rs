//! "Stress": threads Rust creates that call back into .NET, for the Go signal stress suite
//! (`analyzers.tests/GoStress`, shape `rustthreads`).

use std::ffi::c_void;
use std::thread;

/// A completion callback: `done(user_data, value)`.
pub type WorkDone = unsafe extern "C" fn(user_data: *mut c_void, value: i64);

/// Wraps the caller's user data so it can move to another thread; the caller keeps it valid
/// until every completion has arrived (the ABI contract).
struct UserData(*mut c_void);

// SAFETY: the pointer is only handed back to the caller's callback, which the caller made
// thread-safe; Rust never dereferences it.
unsafe impl Send for UserData {}

/// Starts `count` threads and returns at once; each calls `done(user_data, i * i)` from its
/// own thread, which .NET has never seen.
#[no_mangle]
pub extern "C" fn rtest_spawn_work(done: Option<WorkDone>, user_data: *mut c_void, count: i64) {
    let Some(done) = done else { return };
    for i in 0..count.max(0) {
        let user = UserData(user_data);
        thread::spawn(move || {
            let user = user;
            let mut sum = 0i64;
            for k in 0..1000i64 {
                sum = sum.wrapping_add(k ^ i);
            }
            std::hint::black_box(sum);
            // SAFETY: the caller guarantees `done` and `user_data` stay valid until all `count`
            // completions arrived.
            unsafe { done(user.0, i.wrapping_mul(i)) };
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};

    unsafe extern "C" fn add(user: *mut c_void, value: i64) {
        // SAFETY: the test passes a pointer to a live AtomicI64.
        let total = unsafe { &*(user as *const AtomicI64) };
        total.fetch_add(value + 1_000_000, Ordering::SeqCst);
    }

    #[test]
    fn every_thread_completes_once() {
        static TOTAL: AtomicI64 = AtomicI64::new(0);
        rtest_spawn_work(Some(add), &TOTAL as *const AtomicI64 as *mut c_void, 4);
        let expected = 4 * 1_000_000 + (0 + 1 + 4 + 9);
        for _ in 0..500 {
            if TOTAL.load(Ordering::SeqCst) == expected {
                return;
            }
            thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("completions: {}", TOTAL.load(Ordering::SeqCst));
    }

    #[test]
    fn no_callback_is_a_no_op() {
        rtest_spawn_work(None, std::ptr::null_mut(), 3);
    }
}
