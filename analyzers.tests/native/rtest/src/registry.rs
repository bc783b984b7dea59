//! The Counter registry: which Counter handles are live, and what went wrong so far.
//!
//! Handles are checked against the live set *before* anything is dereferenced, so a double
//! free, a use after free or a foreign pointer is counted instead of corrupting memory, and a
//! test can assert that the counts never moved. (An address reused by the allocator for a new
//! Counter is indistinguishable from the old handle; no registry of bare pointers can see that.)

use boundary_ffi::handle;
use std::collections::HashSet;
use std::ffi::{c_char, CString};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

/// The object behind a Counter handle. Atomic because the C# tests add to one Counter, and
/// to the global one, from many threads at once.
pub struct Counter {
    value: AtomicI64,
    // The message of this Counter's most recent checked call (`None`: it succeeded, or there
    // was none), which `rtest_counter_errmsg` lends out. Owned here so it lives exactly as long
    // as the Counter, like `sqlite3_errmsg(db)`; never the thread's last error.
    message: Mutex<Option<CString>>,
}

impl Counter {
    const fn new(start: i64) -> Self {
        Counter {
            value: AtomicI64::new(start),
            message: Mutex::new(None),
        }
    }

    pub fn get(&self) -> i64 {
        self.value.load(Ordering::SeqCst)
    }

    /// Wrapping add that returns the value this add produced, even under concurrent adds.
    pub fn add(&self, delta: i64) -> i64 {
        self.value
            .fetch_add(delta, Ordering::SeqCst)
            .wrapping_add(delta)
    }

    /// Adds unless the sum overflows: `Ok(new value)`, or `Err(value)` left unchanged.
    pub fn checked_add(&self, delta: i64) -> Result<i64, i64> {
        self.value
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| v.checked_add(delta))
            .map(|old| old.wrapping_add(delta))
    }

    fn message_slot(&self) -> MutexGuard<'_, Option<CString>> {
        // Nothing panics while holding the lock; if something ever did, the slot is still
        // a valid message or none.
        self.message.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the Counter's message (`None`: the call succeeded). The old message is freed,
    /// which is why a pointer from [`Counter::message_ptr`] is only valid until the next call.
    pub fn set_message(&self, message: Option<String>) {
        // A message built by this crate has no interior NUL; if one ever did, the call still
        // reports its failure with an empty message rather than none.
        *self.message_slot() = message.map(|m| CString::new(m).unwrap_or_default());
    }

    /// The Counter's message, borrowed from it; `none` when its last checked call succeeded.
    pub fn message_ptr(&self, none: *const c_char) -> *const c_char {
        self.message_slot().as_ref().map_or(none, |m| m.as_ptr())
    }
}

// Addresses, not pointers, because raw pointers are not `Send`. The lock is held for the whole
// of every operation on a live Counter, so no thread can free one another thread is using.
static LIVE: LazyLock<Mutex<HashSet<usize>>> = LazyLock::new(Default::default);
// A static, not a leaked Box: a lazily allocated global could land on the address of a Counter
// just freed, and the stale handle would then pass for the global. A static never shares an
// address with the heap, and it is never in the live set, so it can never be released.
static GLOBAL: Counter = Counter::new(0);
// Plain statistics read by tests; Relaxed suffices because nothing is published through them.
static RELEASED_TOTAL: AtomicI64 = AtomicI64::new(0);
static BAD_RELEASES: AtomicI64 = AtomicI64::new(0);
static BAD_USES: AtomicI64 = AtomicI64::new(0);

fn live() -> MutexGuard<'static, HashSet<usize>> {
    // Nothing panics while holding the lock, but if something ever did, the set is still
    // consistent, and a panic here would abort the whole test host.
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The process-wide Counter, owned by the library.
pub fn global() -> &'static Counter {
    &GLOBAL
}

/// Creates a Counter owned by the caller.
pub fn create(start: i64) -> *mut Counter {
    let ptr = handle::into_raw(Counter::new(start));
    live().insert(ptr as usize);
    ptr
}

/// Runs `f` on the Counter behind `ptr` if it is live or the global one; otherwise counts a
/// bad use and returns `None` without touching `ptr`.
pub fn with_counter<R>(ptr: *const Counter, f: impl FnOnce(&Counter) -> R) -> Option<R> {
    let global = global();
    if std::ptr::eq(ptr, global) {
        return Some(f(global));
    }
    let live = live();
    if live.contains(&(ptr as usize)) {
        // SAFETY: in the live set means it came from `handle::into_raw` and has not been
        // released, and it cannot be while we hold the lock.
        unsafe { handle::borrow(ptr) }.map(f)
    } else {
        drop(live);
        BAD_USES.fetch_add(1, Ordering::Relaxed);
        None
    }
}

/// Takes ownership of the Counter behind `ptr` if it is live; otherwise (null, already
/// released, global, foreign) counts a bad release and returns `None` without touching `ptr`.
pub fn consume(ptr: *mut Counter) -> Option<Counter> {
    if live().remove(&(ptr as usize)) {
        RELEASED_TOTAL.fetch_add(1, Ordering::Relaxed);
        // SAFETY: it was live, and removing it from the set made this thread its only owner.
        unsafe { handle::take(ptr) }
    } else {
        BAD_RELEASES.fetch_add(1, Ordering::Relaxed);
        None
    }
}

pub fn live_count() -> i64 {
    // A set of addresses never outgrows memory, so it always fits in an i64.
    live().len() as i64
}

pub fn released_total() -> i64 {
    RELEASED_TOTAL.load(Ordering::Relaxed)
}

pub fn bad_releases() -> i64 {
    BAD_RELEASES.load(Ordering::Relaxed)
}

pub fn bad_uses() -> i64 {
    BAD_USES.load(Ordering::Relaxed)
}
