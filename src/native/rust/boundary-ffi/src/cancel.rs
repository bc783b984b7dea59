//! Cancellation: a flag per pending async operation, found by the operation's `user_data`.
//!
//! The C# side cancels an async operation by calling the library's cancel export,
//! `void <name>(void* user_data)`, with the `user_data` the operation was started with. It may
//! come from any thread at any time until the operation's `done` has returned, even while
//! `done` runs, and for an operation that is unknown or already finished it must do nothing.
//! [`export_cancel!`](crate::export_cancel) writes that export, which calls [`cancel`].
//!
//! Each [`Completion`](crate::Completion) registers a [`CancelToken`] under its `user_data`
//! (as a `usize`) in a process-wide registry when it is made, and removes it just before it
//! calls `done`. [`cancel`] sets the token's flag if one is registered (and wakes the work if
//! it is waiting in [`CancelToken::wait_timeout`]); it takes the registry lock only to find the
//! token, never waits for the operation, and is a no-op returning `false` otherwise. The work
//! polls the flag ([`CancelToken::is_cancelled`], [`CancelToken::check`]) and then completes as
//! usual, typically with a "cancelled" error.
//!
//! Several operations may be pending under one `user_data` (a C caller's shared context, say):
//! a cancel then reaches them all. A null `user_data` is never registered: such an operation
//! cannot be cancelled. Once `done` has returned the caller may reuse the same `user_data` for
//! a new operation, which a late cancel would then reach; the C# side keeps its `GCHandle` (the
//! `user_data`) alive until `done` has returned, which rules that out for it.

use crate::error::Error;
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A cancellation flag shared by an operation and whoever may cancel it. Cloning shares the
/// flag.
#[derive(Clone, Debug, Default)]
pub struct CancelToken {
    state: Arc<State>,
}

#[derive(Debug, Default)]
struct State {
    cancelled: AtomicBool,
    /// Guards nothing but the sleep of [`CancelToken::wait_timeout`], so that a cancel cannot
    /// slip in between a waiter's check and its wait. Held only for instants, never during work.
    lock: Mutex<()>,
    wake: Condvar,
}

impl CancelToken {
    /// A new flag, not cancelled and not registered anywhere.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the flag and wakes every [`wait_timeout`](Self::wait_timeout). Never blocks on the
    /// work; cancelling twice is the same as once.
    pub fn cancel(&self) {
        self.state.cancelled.store(true, Ordering::SeqCst);
        // Taking the lock orders this with a waiter between its check and its wait.
        drop(lock(&self.state.lock));
        self.state.wake.notify_all();
    }

    /// Whether the operation was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.state.cancelled.load(Ordering::SeqCst)
    }

    /// `Err(Error::new(code, "cancelled"))` once cancelled, so the work can say
    /// `token.check(ECANCELED)?;` between steps.
    pub fn check(&self, code: i32) -> Result<(), Error> {
        if self.is_cancelled() {
            Err(Error::new(code, "cancelled"))
        } else {
            Ok(())
        }
    }

    /// Sleeps for `timeout` unless cancelled first, waking as soon as it is; returns whether it
    /// was cancelled. Use it instead of `thread::sleep` in work that waits.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let deadline = Instant::now().checked_add(timeout);
        let mut guard = lock(&self.state.lock);
        while !self.is_cancelled() {
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::MAX,
            };
            if left.is_zero() {
                break;
            }
            guard = self
                .state
                .wake
                .wait_timeout(guard, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        self.is_cancelled()
    }

    fn same(&self, other: &CancelToken) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }
}

/// Locks ignoring poison: nothing in this module can leave the guarded data half-updated.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Pending cancellable operations by `user_data` (almost always one per key).
static REGISTRY: Mutex<BTreeMap<usize, Vec<CancelToken>>> = Mutex::new(BTreeMap::new());

/// Operations started and not yet completed (registered or not).
static PENDING: AtomicUsize = AtomicUsize::new(0);

/// Asks the pending operation started with `user_data` (every one, if several share it) to
/// stop: sets its [`CancelToken`] and returns `true`, or returns `false` for a null, unknown
/// or finished `user_data`. Never blocks on the operation. This is the whole body of the
/// library's cancel export (see [`export_cancel!`](crate::export_cancel)).
pub fn cancel(user_data: *mut c_void) -> bool {
    if user_data.is_null() {
        return false;
    }
    // Clone under the lock, cancel outside it.
    let tokens = lock(&REGISTRY)
        .get(&(user_data as usize))
        .cloned()
        .unwrap_or_default();
    for t in &tokens {
        t.cancel();
    }
    !tokens.is_empty()
}

/// Async operations started (a [`Completion`](crate::Completion) made) and not yet completed,
/// in this library: tests use it to prove that every operation completed.
pub fn pending_operations() -> usize {
    PENDING.load(Ordering::SeqCst)
}

/// One pending operation's entry: counted in [`pending_operations`] and, for a non-null
/// `user_data`, registered for [`cancel`] until [`finish`](Self::finish).
#[derive(Debug)]
pub(crate) struct Registration {
    key: usize,
    token: CancelToken,
    registered: bool,
}

impl Registration {
    /// Counts a new operation and registers it under `user_data` (unless null).
    pub(crate) fn new(user_data: *mut c_void) -> Self {
        PENDING.fetch_add(1, Ordering::SeqCst);
        let reg = Registration {
            key: user_data as usize,
            token: CancelToken::new(),
            registered: !user_data.is_null(),
        };
        if reg.registered {
            lock(&REGISTRY)
                .entry(reg.key)
                .or_default()
                .push(reg.token.clone());
        }
        reg
    }

    pub(crate) fn token(&self) -> &CancelToken {
        &self.token
    }

    /// Unregisters this operation's own token (not the others under the same key) and
    /// uncounts. Called once.
    pub(crate) fn finish(&mut self) {
        if self.registered {
            let mut map = lock(&REGISTRY);
            if let Some(tokens) = map.get_mut(&self.key) {
                tokens.retain(|t| !t.same(&self.token));
                if tokens.is_empty() {
                    map.remove(&self.key);
                }
            }
            self.registered = false;
        }
        PENDING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Exports the library's cancel function, `void name(void* user_data)`, which calls
/// [`cancel`] (inside a panic guard, though it cannot panic):
///
/// ```
/// boundary_ffi::export_cancel!(geo_cancel);
/// # geo_cancel(std::ptr::null_mut());
/// ```
#[macro_export]
macro_rules! export_cancel {
    ($name:ident) => {
        /// Asks the pending async operation started with `user_data` to stop; a no-op for an
        /// unknown or finished one. Never blocks.
        // `unsafe(no_mangle)` is accepted by every edition, `no_mangle` alone not by 2024.
        #[unsafe(no_mangle)]
        pub extern "C" fn $name(user_data: *mut ::std::ffi::c_void) {
            let _ = ::std::panic::catch_unwind(|| $crate::cancel::cancel(user_data));
        }
    };
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::thread;

    // The pending count and the registry are process-wide and tests run in parallel: tests
    // that start operations (here and in `completion`) take turns.
    static SERIAL: Mutex<()> = Mutex::new(());

    pub(crate) fn serial() -> MutexGuard<'static, ()> {
        lock(&SERIAL)
    }

    #[test]
    fn a_token_is_a_shared_flag() {
        let t = CancelToken::new();
        let u = t.clone();
        assert!(!u.is_cancelled());
        assert_eq!(u.check(125), Ok(()));
        t.cancel();
        t.cancel();
        assert!(u.is_cancelled());
        assert_eq!(u.check(125), Err(Error::new(125, "cancelled")));
    }

    #[test]
    fn wait_timeout_times_out_or_wakes_promptly() {
        let t = CancelToken::new();
        let start = Instant::now();
        assert!(!t.wait_timeout(Duration::from_millis(30)));
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert!(!t.wait_timeout(Duration::ZERO));

        let u = t.clone();
        let canceller = thread::spawn(move || {
            thread::sleep(Duration::from_millis(20));
            u.cancel();
        });
        let start = Instant::now();
        assert!(t.wait_timeout(Duration::from_secs(60)));
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "woken by the cancel"
        );
        canceller.join().unwrap();
        assert!(t.wait_timeout(Duration::MAX), "already cancelled: no wait");
    }

    #[test]
    fn cancel_of_null_or_unknown_is_a_no_op() {
        assert!(!cancel(std::ptr::null_mut()));
        // A key no test registers: an odd address.
        assert!(!cancel(std::ptr::without_provenance_mut(0xdead_0001)));
    }

    #[test]
    fn registration_finds_cancels_and_unregisters() {
        let _turn = serial();
        let before = pending_operations();
        let key = std::ptr::without_provenance_mut::<c_void>(0xdead_1001);
        let mut first = Registration::new(key);
        let mut second = Registration::new(key);
        assert_eq!(pending_operations(), before + 2);
        assert!(cancel(key), "both operations under one key");
        assert!(first.token().is_cancelled() && second.token().is_cancelled());
        let mut third = Registration::new(key);
        first.finish();
        assert!(cancel(key), "finishing one leaves the others registered");
        assert!(third.token().is_cancelled());
        second.finish();
        third.finish();
        assert!(!cancel(key));

        let mut null = Registration::new(std::ptr::null_mut());
        assert!(!cancel(std::ptr::null_mut()));
        null.finish();
        assert_eq!(pending_operations(), before);
    }

    crate::export_cancel!(test_cancel_export);

    #[test]
    fn the_exported_cancel_calls_cancel() {
        let _turn = serial();
        let key = std::ptr::without_provenance_mut::<c_void>(0xdead_2001);
        let mut reg = Registration::new(key);
        test_cancel_export(key);
        assert!(reg.token().is_cancelled());
        reg.finish();
        test_cancel_export(key);
        test_cancel_export(std::ptr::null_mut());
    }
}
