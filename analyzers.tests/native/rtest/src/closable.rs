//! "Release functions that return a status" (`sqlite3_finalize`): a `Closable` handle whose
//! release always frees it and returns the status it was created with, so a failed close is
//! still a release.
//!
//! As for Counters, a handle is checked against the live set before anything is dereferenced,
//! so closing twice, or closing something that is not a live Closable, is counted instead of
//! corrupting memory.

use boundary_ffi::handle;
use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

pub struct Closable {
    close_status: i32,
}

/// What `rtest_closable_close` returns for a handle that is not a live Closable.
pub const BAD_CLOSE: i32 = -1;

// Addresses, not pointers, because raw pointers are not `Send`.
static LIVE: LazyLock<Mutex<HashSet<usize>>> = LazyLock::new(Default::default);
// A statistic read by tests; Relaxed suffices because nothing is published through it.
static BAD_CLOSES: AtomicI64 = AtomicI64::new(0);

fn live() -> MutexGuard<'static, HashSet<usize>> {
    // Nothing panics while holding the lock; if something ever did, the set is still consistent.
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

#[no_mangle]
pub extern "C" fn rtest_closable_new(close_status: i32) -> *mut Closable {
    let ptr = handle::into_raw(Closable { close_status });
    live().insert(ptr as usize);
    ptr
}

/// Always releases a live Closable and returns its `close_status`, whatever that is. Null is a
/// no-op returning 0 (like `sqlite3_finalize(NULL)`); anything else counts a bad close and
/// returns `BAD_CLOSE` without touching the pointer.
#[no_mangle]
pub extern "C" fn rtest_closable_close(c: *mut Closable) -> i32 {
    if c.is_null() {
        return 0;
    }
    if live().remove(&(c as usize)) {
        // SAFETY: it was live, so it came from `handle::into_raw` and has not been released;
        // removing it from the set made this thread its only owner.
        unsafe { handle::take(c) }.map_or(BAD_CLOSE, |c| c.close_status)
    } else {
        BAD_CLOSES.fetch_add(1, Ordering::Relaxed);
        BAD_CLOSE
    }
}

#[no_mangle]
pub extern "C" fn rtest_live_closables() -> i64 {
    // A set of addresses never outgrows memory, so it always fits in an i64.
    live().len() as i64
}

#[no_mangle]
pub extern "C" fn rtest_bad_closes() -> i64 {
    BAD_CLOSES.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{rtest_counter_free, rtest_counter_new};
    use crate::test_support::serial;

    #[test]
    fn close_always_frees_and_returns_the_stored_status() {
        let _turn = serial();
        let (live, bad) = (rtest_live_closables(), rtest_bad_closes());
        let ok = rtest_closable_new(0);
        let failing = rtest_closable_new(3);
        assert_eq!(rtest_live_closables(), live + 2);
        assert_eq!(rtest_closable_close(failing), 3);
        assert_eq!(rtest_closable_close(ok), 0);
        assert_eq!(
            rtest_live_closables(),
            live,
            "a failed close is a release too"
        );
        assert_eq!(rtest_closable_close(ok), BAD_CLOSE, "twice");
        assert_eq!(rtest_closable_close(std::ptr::null_mut()), 0);
        let counter = rtest_counter_new(1);
        assert_eq!(
            rtest_closable_close(counter.cast()),
            BAD_CLOSE,
            "not a Closable"
        );
        rtest_counter_free(counter);
        assert_eq!(
            (rtest_live_closables(), rtest_bad_closes()),
            (live, bad + 2)
        );
    }
}
