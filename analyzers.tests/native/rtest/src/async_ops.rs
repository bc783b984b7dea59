//! "Callbacks and async", async operations: `void rtest_x_async(<args>, done, user_data)`
//! returns at once (or completes synchronously where the contract says so) and calls
//! `done(user_data, <completion values>)` exactly once — except the deliberately buggy
//! `*_twice` exports. Failures are reported in the completion values of the export's error
//! shape; a last error is set on the completing thread right before `done` is called.
//!
//! Every operation is registered under its `user_data` from its start to its first completion
//! (the registry below), so `rtest_cancel(user_data)` finds it, and `rtest_async_pending`
//! proves that every started operation completed. The completion values are what the
//! synchronous export of the same shape returns, computed on the completing thread.

use crate::errors_go::{rtest_go_div, rtest_go_div_code};
use crate::errors_record::rtest_oe_div;
use crate::errors_status::rtest_checked_div;
use crate::owned;
use crate::registry::{self, Counter};
use crate::returned_buffers::range_i32;
use crate::returned_strings::greeting;
use crate::support::{catch, guarded, spawn_or_run, UserData};
use crate::PANIC;
use boundary_ffi::status::set_last_error;
use boundary_ffi::{ErrorRecord, RawBuffer};
use std::collections::HashMap;
use std::ffi::{c_char, c_void, CString};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub type DoneI32 = unsafe extern "C" fn(user_data: *mut c_void, result: i32);
pub type DoneVoid = unsafe extern "C" fn(user_data: *mut c_void);
pub type DoneStatus = unsafe extern "C" fn(user_data: *mut c_void, status: i32, result: i32);
pub type DoneGo = unsafe extern "C" fn(user_data: *mut c_void, r0: i32, r1: *mut c_char);
pub type DoneGoCode =
    unsafe extern "C" fn(user_data: *mut c_void, r0: i32, r1: i32, r2: *mut c_char);
pub type DoneRecord =
    unsafe extern "C" fn(user_data: *mut c_void, result: i32, err: *mut ErrorRecord);
pub type DoneString = unsafe extern "C" fn(user_data: *mut c_void, greeting: *mut c_char);
pub type DoneCounter = unsafe extern "C" fn(user_data: *mut c_void, counter: *mut Counter);
pub type DoneBuffer = unsafe extern "C" fn(user_data: *mut c_void, buf: RawBuffer<i32>);

/// The status of a cancelled operation, with the last error `"cancelled"`.
pub const CANCELLED: i32 = 6;
/// `rtest_wait_async`'s result when it times out (status 0).
pub const TIMED_OUT: i32 = 42;

// ---------------------------------------------------------------------------------------------
// The registry of pending operations

/// How `rtest_cancel` treats an operation.
enum OnCancel {
    /// Not cancellable: a cancel finds it (not counted as unknown) and does nothing.
    Ignore,
    /// `rtest_wait_async`: the cancel claims it and wakes its thread, which completes it.
    Wake(Arc<Wake>),
    /// `rtest_cancel_sync_async`: the cancel claims it and completes it, inside `rtest_cancel`.
    CompleteNow(DoneStatus, UserData),
}

struct Entry {
    id: u64,
    on_cancel: OnCancel,
}

/// Pending operations by `user_data` (several may share one). Whoever removes an entry —
/// its own completion or a cancel — decides how it completes, so it completes exactly once.
static OPS: LazyLock<Mutex<HashMap<usize, Vec<Entry>>>> = LazyLock::new(Default::default);
static NEXT_OP: AtomicU64 = AtomicU64::new(1);
// Statistics read by tests. SeqCst for the pending count, which a test reads right after its
// last completion arrived on another thread; Relaxed for the others, nothing is published.
static PENDING: AtomicI64 = AtomicI64::new(0);
static CANCELS_UNKNOWN: AtomicI64 = AtomicI64::new(0);
static STRAY_THREADS: AtomicI64 = AtomicI64::new(0);

fn ops() -> MutexGuard<'static, HashMap<usize, Vec<Entry>>> {
    OPS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A started operation, registered under its `user_data` until [`Op::claim`].
struct Op {
    key: usize,
    id: u64,
}

impl Op {
    fn start(user: UserData, on_cancel: OnCancel) -> Op {
        let op = Op {
            key: user.key(),
            id: NEXT_OP.fetch_add(1, Ordering::Relaxed),
        };
        PENDING.fetch_add(1, Ordering::SeqCst);
        ops().entry(op.key).or_default().push(Entry {
            id: op.id,
            on_cancel,
        });
        op
    }

    /// Unregisters the operation; false if a cancel claimed it first.
    fn claim(&self) -> bool {
        let mut ops = ops();
        let Some(entries) = ops.get_mut(&self.key) else {
            return false;
        };
        let before = entries.len();
        entries.retain(|e| e.id != self.id);
        let claimed = entries.len() != before;
        if entries.is_empty() {
            ops.remove(&self.key);
        }
        claimed
    }
}

/// The first completion of an operation is about to be delivered: it is no longer pending.
/// Called right before `done`, so a caller that awaits the completion then sees 0 pending.
fn completing() {
    PENDING.fetch_sub(1, Ordering::SeqCst);
}

/// Cancels every cancellable pending operation started with `user_data`: a `rtest_wait_async`
/// is woken (its thread completes it with status 6), a `rtest_cancel_sync_async` completes
/// right here with status 6 and the last error "cancelled". An operation that cannot be
/// cancelled is left alone. A `user_data` with no pending operation (unknown, or finished
/// already) counts an unknown cancel. Never waits for an operation.
///
/// # Safety
/// The `done` of a pending `rtest_cancel_sync_async` with this `user_data` must be callable.
#[no_mangle]
pub unsafe extern "C" fn rtest_cancel(user_data: *mut c_void) {
    guarded((), || {
        let claimed: Vec<OnCancel> = {
            let mut ops = ops();
            let Some(entries) = ops.get_mut(&(user_data as usize)) else {
                drop(ops);
                CANCELS_UNKNOWN.fetch_add(1, Ordering::Relaxed);
                return;
            };
            let (cancel, keep) = std::mem::take(entries)
                .into_iter()
                .partition::<Vec<_>, _>(|e| !matches!(e.on_cancel, OnCancel::Ignore));
            *entries = keep;
            if entries.is_empty() {
                ops.remove(&(user_data as usize));
            }
            cancel.into_iter().map(|e| e.on_cancel).collect()
        };
        // Outside the registry lock: `done` may call back into the library.
        for on_cancel in claimed {
            match on_cancel {
                OnCancel::Ignore => {}
                OnCancel::Wake(wake) => wake.set(),
                OnCancel::CompleteNow(done, user) => {
                    set_last_error(Some("cancelled".to_owned()));
                    completing();
                    // SAFETY: the caller's promise on this operation's `done`.
                    unsafe { done(user.get(), CANCELLED, 0) };
                }
            }
        }
    })
}

/// Cancels of a `user_data` with no pending operation (unknown or finished), since load.
#[no_mangle]
pub extern "C" fn rtest_cancels_unknown() -> i64 {
    CANCELS_UNKNOWN.load(Ordering::Relaxed)
}

/// Operations started and not yet completed (their first completion counts).
#[no_mangle]
pub extern "C" fn rtest_async_pending() -> i64 {
    PENDING.load(Ordering::SeqCst)
}

/// Threads of `rtest_add_async_twice` that have not yet returned from their stray `done`.
#[no_mangle]
pub extern "C" fn rtest_stray_threads_running() -> i64 {
    STRAY_THREADS.load(Ordering::SeqCst)
}

// ---------------------------------------------------------------------------------------------
// Running the operations

/// Runs `work` (which completes the operation) synchronously when `delay_ms < 0`, else on a new
/// native thread after sleeping `delay_ms` (no sleep for 0).
fn run(delay_ms: i32, work: impl FnOnce() + Send + 'static) {
    match u64::try_from(delay_ms) {
        Err(_) => work(),
        Ok(ms) => {
            spawn_or_run(move || {
                if ms > 0 {
                    std::thread::sleep(Duration::from_millis(ms));
                }
                work();
            });
        }
    }
}

/// Starts an operation that cannot be cancelled and completes it through `complete` after the
/// delay. `complete` computes the completion values (setting the last error where they say
/// failure) and delivers them with the `done` it was given; a null `done` starts nothing.
fn start<D: Copy + Send + 'static>(
    done: Option<D>,
    user_data: *mut c_void,
    delay_ms: i32,
    complete: impl FnOnce(D, *mut c_void, &dyn Fn()) + Send + 'static,
) {
    let Some(done) = done else { return };
    let user = UserData::new(user_data);
    let op = Op::start(user, OnCancel::Ignore);
    run(delay_ms, move || {
        // `finish` is called by `complete` after computing the values, right before `done`.
        let finish = || {
            op.claim();
            completing();
        };
        complete(done, user.get(), &finish);
    });
}

/// `done(user_data, a + b)` (wrapping). `delay_ms < 0`: before returning, on the calling
/// thread; else on a new native thread after `delay_ms`.
///
/// # Safety
/// `done` must be callable with `user_data`, from any thread, until it has been called.
#[no_mangle]
pub unsafe extern "C" fn rtest_add_async(
    a: i32,
    b: i32,
    delay_ms: i32,
    done: Option<DoneI32>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, move |done, user, finish| {
            let sum = a.wrapping_add(b);
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, sum) };
        })
    })
}

/// `done(user_data)`, with `rtest_add_async`'s delay semantics.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_ping_async(
    delay_ms: i32,
    done: Option<DoneVoid>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, |done, user, finish| {
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user) };
        })
    })
}

/// `done(user_data, status, result)` of `rtest_checked_div` (shape 1), the message of a failure
/// in the completing thread's last error.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_div_async_status(
    a: i32,
    b: i32,
    delay_ms: i32,
    done: Option<DoneStatus>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, move |done, user, finish| {
            let mut result = 0;
            // SAFETY: a live local; sets this thread's last error on failure.
            let status = unsafe { rtest_checked_div(a, b, &mut result) };
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, status, if status == 0 { result } else { 0 }) };
        })
    })
}

/// `done(user_data, r0, r1)` of `rtest_go_div` (shape 2): `r1` an owned message or null.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_div_async_go(
    a: i32,
    b: i32,
    delay_ms: i32,
    done: Option<DoneGo>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, move |done, user, finish| {
            let r = rtest_go_div(a, b);
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, r.r0, r.r1) };
        })
    })
}

/// `done(user_data, r0, r1, r2)` of `rtest_go_div_code` (shape 2 with a code).
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_div_async_code(
    a: i32,
    b: i32,
    delay_ms: i32,
    done: Option<DoneGoCode>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, move |done, user, finish| {
            let r = rtest_go_div_code(a, b);
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, r.r0, r.r1, r.r2) };
        })
    })
}

/// `done(user_data, result, err)` of `rtest_oe_div` (shape 3): `err` a new record owned by the
/// callee of `done` (`rtest_error_free`), or null on success.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_div_async_record(
    a: i32,
    b: i32,
    delay_ms: i32,
    done: Option<DoneRecord>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, move |done, user, finish| {
            let mut err = std::ptr::null_mut();
            // SAFETY: a live local.
            let result = unsafe { rtest_oe_div(a, b, &mut err) };
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, result, err) };
        })
    })
}

/// A copy of the name parameter, or the message of its refusal: `"empty name"` for length 0,
/// `"null pointer with length <len>"` for a null pointer with a length (the messages of the
/// Go library too).
///
/// # Safety
/// `name` must be null or point to `len` readable bytes.
unsafe fn copy_name(name: *const u8, len: usize) -> Result<Vec<u8>, String> {
    if len == 0 {
        return Err("empty name".to_owned());
    }
    if name.is_null() {
        return Err(format!("null pointer with length {len}"));
    }
    if len > isize::MAX as usize {
        return Err(format!("length {len} is too large"));
    }
    // SAFETY: non-null, and `len` readable bytes per the caller.
    Ok(unsafe { std::slice::from_raw_parts(name, len) }.to_vec())
}

/// `done(user_data, greeting)`: an owned `"Hello, <name>!"`, or null with the completing
/// thread's last error `"empty name"` (shape 4). The name is copied before returning.
///
/// # Safety
/// `name` must be null or point to `len` readable bytes during the call; `done` as
/// `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_greet_async(
    name: *const u8,
    len: usize,
    delay_ms: i32,
    done: Option<DoneString>,
    user_data: *mut c_void,
) {
    guarded((), || {
        // SAFETY: forwarded from this function's contract.
        let name = unsafe { copy_name(name, len) };
        start(done, user_data, delay_ms, move |done, user, finish| {
            let greeting = match name {
                Ok(name) => owned::string_bytes(greeting(&name)),
                Err(message) => {
                    set_last_error(Some(message));
                    std::ptr::null_mut()
                }
            };
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, greeting) };
        })
    })
}

/// `done(user_data, counter)`: a new live Counter owned by the callee of `done`, or null with
/// the completing thread's last error `"negative start"` (shape 4).
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_counter_new_async(
    start_value: i64,
    delay_ms: i32,
    done: Option<DoneCounter>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, move |done, user, finish| {
            let counter = if start_value < 0 {
                set_last_error(Some("negative start".to_owned()));
                std::ptr::null_mut()
            } else {
                registry::create(start_value)
            };
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, counter) };
        })
    })
}

/// `done(user_data, buf)`: the owned buffer of `rtest_range_i32(start, count)`, by value.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_range_async(
    start_value: i32,
    count: i32,
    delay_ms: i32,
    done: Option<DoneBuffer>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, delay_ms, move |done, user, finish| {
            let buffer = range_i32(start_value, count);
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, buffer) };
        })
    })
}

/// A flag a cancel sets and a waiting thread sleeps on.
#[derive(Default)]
struct Wake {
    set: Mutex<bool>,
    changed: Condvar,
}

impl Wake {
    fn set(&self) {
        *self.set.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.changed.notify_all();
    }

    /// Waits until set (true) or until `timeout` passed (false); `None` waits forever.
    fn wait(&self, timeout: Option<Duration>) -> bool {
        let set = self.set.lock().unwrap_or_else(PoisonError::into_inner);
        match timeout {
            None => *self
                .changed
                .wait_while(set, |set| !*set)
                .unwrap_or_else(PoisonError::into_inner),
            Some(timeout) => {
                *self
                    .changed
                    .wait_timeout_while(set, timeout, |set| !*set)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
        }
    }
}

/// Registers the operation, then on a new native thread waits until `rtest_cancel(user_data)`
/// or `timeout_ms` (negative: no timeout). Cancelled: `done(6, 0)` with the last error
/// `"cancelled"`; timed out: `done(0, 42)`. Unregistered before `done` is called.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_wait_async(
    timeout_ms: i32,
    done: Option<DoneStatus>,
    user_data: *mut c_void,
) {
    guarded((), || {
        let Some(done) = done else { return };
        let user = UserData::new(user_data);
        let wake = Arc::new(Wake::default());
        let op = Op::start(user, OnCancel::Wake(Arc::clone(&wake)));
        let timeout = u64::try_from(timeout_ms).ok().map(Duration::from_millis);
        spawn_or_run(move || {
            // Timed out and still registered: this thread claims it. Otherwise a cancel
            // claimed it (and sets the flag, if it has not yet).
            let timed_out = !wake.wait(timeout) && op.claim();
            let (status, result) = if timed_out {
                (0, TIMED_OUT)
            } else {
                set_last_error(Some("cancelled".to_owned()));
                (CANCELLED, 0)
            };
            completing();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user.get(), status, result) };
        });
    })
}

/// Registers the operation and returns; it completes only when cancelled, and then inside
/// `rtest_cancel`, on the cancelling thread: `done(6, 0)` with the last error `"cancelled"`.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_cancel_sync_async(done: Option<DoneStatus>, user_data: *mut c_void) {
    guarded((), || {
        let Some(done) = done else { return };
        let user = UserData::new(user_data);
        Op::start(user, OnCancel::CompleteNow(done, user));
    })
}

/// DELIBERATELY BUGGY: `done(a + b)` before returning, then a new thread calls
/// `done(a + b + 1)` again 5 ms later (counted by `rtest_stray_threads_running` until that
/// second call returned).
///
/// # Safety
/// None that the caller can meet: the second completion breaks the contract on purpose.
#[no_mangle]
pub unsafe extern "C" fn rtest_add_async_twice(
    a: i32,
    b: i32,
    done: Option<DoneI32>,
    user_data: *mut c_void,
) {
    guarded((), || {
        let Some(done) = done else { return };
        let user = UserData::new(user_data);
        let op = Op::start(user, OnCancel::Ignore);
        op.claim();
        completing();
        // SAFETY: none; see above.
        unsafe { done(user.get(), a.wrapping_add(b)) };
        STRAY_THREADS.fetch_add(1, Ordering::SeqCst);
        spawn_or_run(move || {
            std::thread::sleep(Duration::from_millis(5));
            // SAFETY: none; the stray completion is the bug.
            unsafe { done(user.get(), a.wrapping_add(b).wrapping_add(1)) };
            STRAY_THREADS.fetch_sub(1, Ordering::SeqCst);
        });
    })
}

/// DELIBERATELY BUGGY, both before returning: `done` with an owned greeting (as
/// `rtest_greet`, registered), then `done` again with a second new greeting that is NOT
/// registered: it leaks by design, and freeing it with `rtest_string_free` counts a bad
/// string free.
///
/// # Safety
/// `name` must be null or point to `len` readable bytes during the call; otherwise none: the
/// second completion breaks the contract on purpose.
#[no_mangle]
pub unsafe extern "C" fn rtest_greet_async_twice(
    name: *const u8,
    len: usize,
    done: Option<DoneString>,
    user_data: *mut c_void,
) {
    guarded((), || {
        let Some(done) = done else { return };
        // SAFETY: forwarded from this function's contract; a refused name greets "".
        let name = unsafe { copy_name(name, len) }.unwrap_or_default();
        let user = UserData::new(user_data);
        let op = Op::start(user, OnCancel::Ignore);
        let first = owned::string_bytes(greeting(&name));
        op.claim();
        completing();
        // SAFETY: none; see above.
        unsafe { done(user.get(), first) };
        let second = CString::new(greeting(&name)).unwrap_or_default().into_raw();
        // SAFETY: none; the stray completion is the bug.
        unsafe { done(user.get(), second) };
    })
}

/// On a new native thread the work panics with `"boom <x>"` inside the guard: `done(99, 0)`
/// with the last error `"panic: boom <x>"`, exactly once.
///
/// # Safety
/// As `rtest_add_async`.
#[no_mangle]
pub unsafe extern "C" fn rtest_panic_async(
    x: i32,
    done: Option<DoneStatus>,
    user_data: *mut c_void,
) {
    guarded((), || {
        start(done, user_data, 0, move |done, user, finish| {
            let (status, result) = match catch(|| -> i32 { panic!("boom {x}") }) {
                Ok(value) => (0, value),
                Err(message) => {
                    set_last_error(Some(message));
                    (PANIC, 0)
                }
            };
            finish();
            // SAFETY: the caller's promise on `done`.
            unsafe { done(user, status, result) };
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{rtest_counter_free, rtest_counter_get, rtest_live_counters};
    use crate::errors_record::rtest_error_free;
    use crate::errors_status::rtest_last_error;
    use crate::returned_buffers::tests::take as take_buffer;
    use crate::returned_strings::tests::take;
    use crate::returned_strings::{rtest_bad_string_frees, rtest_live_strings, rtest_string_free};
    use crate::test_support::serial;
    use std::ffi::CStr;
    use std::sync::mpsc::{channel, Receiver, Sender};
    use std::thread::{self, ThreadId};

    /// One completion as a test sees it: the values, the last error on the completing thread
    /// (taken inside `done`, as a stub does), and that thread.
    #[derive(Debug, PartialEq)]
    struct Completion {
        values: Vec<i64>,
        text: Option<String>,
        last_error: Option<String>,
        thread: ThreadId,
    }

    fn last_error() -> Option<String> {
        let p = rtest_last_error();
        (!p.is_null()).then(|| String::from_utf8(take(p)).unwrap())
    }

    fn send(user: *mut c_void, values: Vec<i64>, text: Option<String>) {
        // SAFETY: every test passes a live Sender<Completion>, kept until its receiver is done.
        let tx = unsafe { &*user.cast::<Mutex<Sender<Completion>>>() };
        let completion = Completion {
            values,
            text,
            last_error: last_error(),
            thread: thread::current().id(),
        };
        let _ = tx.lock().unwrap().send(completion);
    }

    unsafe extern "C" fn done_i32(user: *mut c_void, result: i32) {
        send(user, vec![result.into()], None);
    }
    unsafe extern "C" fn done_void(user: *mut c_void) {
        send(user, vec![], None);
    }
    unsafe extern "C" fn done_status(user: *mut c_void, status: i32, result: i32) {
        send(user, vec![status.into(), result.into()], None);
    }
    unsafe extern "C" fn done_go(user: *mut c_void, r0: i32, r1: *mut c_char) {
        let text = (!r1.is_null()).then(|| String::from_utf8(take(r1)).unwrap());
        send(user, vec![r0.into()], text);
    }
    unsafe extern "C" fn done_go_code(user: *mut c_void, r0: i32, r1: i32, r2: *mut c_char) {
        let text = (!r2.is_null()).then(|| String::from_utf8(take(r2)).unwrap());
        send(user, vec![r0.into(), r1.into()], text);
    }
    unsafe extern "C" fn done_record(user: *mut c_void, result: i32, err: *mut ErrorRecord) {
        let text = (!err.is_null()).then(|| {
            // SAFETY: a live record with a message, read before it is freed.
            let (code, message) = unsafe { ((*err).code, CStr::from_ptr((*err).message)) };
            let text = format!("{code} {}", message.to_str().unwrap());
            rtest_error_free(err);
            text
        });
        send(user, vec![result.into()], text);
    }
    unsafe extern "C" fn done_string(user: *mut c_void, s: *mut c_char) {
        let text = (!s.is_null()).then(|| String::from_utf8(take(s)).unwrap());
        send(user, vec![], text);
    }
    /// Keeps the string (for the buggy second completion, which must not be freed as owned).
    unsafe extern "C" fn done_string_keep(user: *mut c_void, s: *mut c_char) {
        // SAFETY: a NUL-terminated string.
        let text = unsafe { CStr::from_ptr(s) }.to_str().unwrap().to_owned();
        send(user, vec![s as i64], Some(text));
    }
    unsafe extern "C" fn done_counter(user: *mut c_void, c: *mut Counter) {
        let value = if c.is_null() {
            vec![]
        } else {
            let v = rtest_counter_get(c);
            rtest_counter_free(c);
            vec![v]
        };
        send(user, value, None);
    }
    unsafe extern "C" fn done_buffer(user: *mut c_void, b: RawBuffer<i32>) {
        let items = if b.ptr.is_null() {
            vec![]
        } else {
            take_buffer(b)
        };
        send(user, items.into_iter().map(i64::from).collect(), None);
    }

    /// A channel whose sender is the `user_data` of the operations under test.
    struct Probe {
        tx: Box<Mutex<Sender<Completion>>>,
        rx: Receiver<Completion>,
    }

    impl Probe {
        fn new() -> Probe {
            let (tx, rx) = channel();
            Probe {
                tx: Box::new(Mutex::new(tx)),
                rx,
            }
        }

        fn user(&self) -> *mut c_void {
            std::ptr::from_ref(&*self.tx).cast_mut().cast()
        }

        fn next(&self) -> Completion {
            self.rx
                .recv_timeout(Duration::from_secs(5))
                .expect("a completion")
        }

        fn none_within(&self, ms: u64) {
            let extra = self.rx.recv_timeout(Duration::from_millis(ms));
            assert!(extra.is_err(), "unexpected completion {extra:?}");
        }
    }

    impl Drop for Probe {
        /// A completing thread unlocks the sender's mutex after the test has received what it sent: taking the lock
        /// once waits for that unlock, so the mutex is not freed under it (valgrind saw the test free it first; the
        /// heap damage crashed a later test's thread about one run in twelve).
        fn drop(&mut self) {
            drop(self.tx.lock());
        }
    }

    fn values(c: &Completion) -> (&[i64], Option<&str>, Option<&str>) {
        (&c.values, c.text.as_deref(), c.last_error.as_deref())
    }

    #[test]
    fn delays_choose_the_completing_thread() {
        let _turn = serial();
        let p = Probe::new();
        let pending = rtest_async_pending();
        // SAFETY: `p` outlives every completion (each awaited below).
        unsafe {
            rtest_add_async(2, 3, -1, Some(done_i32), p.user());
            let c = p.rx.try_recv().expect("synchronous before returning");
            assert_eq!(
                (c.values.as_slice(), c.thread),
                (&[5][..], thread::current().id())
            );
            rtest_add_async(i32::MAX, 1, 0, Some(done_i32), p.user());
            let c = p.next();
            assert_eq!(
                (c.values.as_slice(), c.thread == thread::current().id()),
                (&[i64::from(i32::MIN)][..], false)
            );
            rtest_ping_async(5, Some(done_void), p.user());
            assert!(p.next().values.is_empty());
        }
        p.none_within(20);
        assert_eq!(rtest_async_pending(), pending);
    }

    #[test]
    fn every_error_shape_completes() {
        let _turn = serial();
        let p = Probe::new();
        let strings = rtest_live_strings();
        // SAFETY: `p` outlives every completion (each awaited below).
        unsafe {
            for delay in [-1, 0, 2] {
                rtest_div_async_status(7, 2, delay, Some(done_status), p.user());
                assert_eq!(values(&p.next()), (&[0, 3][..], None, None));
                rtest_div_async_status(7, 0, delay, Some(done_status), p.user());
                assert_eq!(
                    values(&p.next()),
                    (&[2, 0][..], None, Some("division by zero"))
                );
                rtest_div_async_status(i32::MIN, -1, delay, Some(done_status), p.user());
                assert_eq!(values(&p.next()), (&[42, 0][..], None, Some("overflow")));

                rtest_div_async_go(9, 3, delay, Some(done_go), p.user());
                assert_eq!(values(&p.next()), (&[3][..], None, None));
                rtest_div_async_go(9, 0, delay, Some(done_go), p.user());
                assert_eq!(
                    values(&p.next()),
                    (&[0][..], Some("division by zero"), None)
                );

                rtest_div_async_code(9, 0, delay, Some(done_go_code), p.user());
                assert_eq!(
                    values(&p.next()),
                    (&[0, 2][..], Some("division by zero"), None)
                );
                rtest_div_async_code(i32::MIN, -1, delay, Some(done_go_code), p.user());
                assert_eq!(values(&p.next()), (&[0, 42][..], Some("overflow"), None));

                rtest_div_async_record(8, 2, delay, Some(done_record), p.user());
                assert_eq!(values(&p.next()), (&[4][..], None, None));
                rtest_div_async_record(8, 0, delay, Some(done_record), p.user());
                assert_eq!(
                    values(&p.next()),
                    (&[0][..], Some("2 division by zero"), None)
                );

                let name = b"Ann".to_vec();
                rtest_greet_async(
                    name.as_ptr(),
                    name.len(),
                    delay,
                    Some(done_string),
                    p.user(),
                );
                drop(name); // copied before returning
                assert_eq!(values(&p.next()), (&[][..], Some("Hello, Ann!"), None));
                rtest_greet_async(std::ptr::null(), 0, delay, Some(done_string), p.user());
                assert_eq!(values(&p.next()), (&[][..], None, Some("empty name")));

                let counters = rtest_live_counters();
                rtest_counter_new_async(5, delay, Some(done_counter), p.user());
                assert_eq!(values(&p.next()), (&[5][..], None, None));
                rtest_counter_new_async(-1, delay, Some(done_counter), p.user());
                assert_eq!(values(&p.next()), (&[][..], None, Some("negative start")));
                assert_eq!(rtest_live_counters(), counters);

                rtest_range_async(4, 3, delay, Some(done_buffer), p.user());
                assert_eq!(values(&p.next()), (&[4, 5, 6][..], None, None));
                rtest_range_async(4, 0, delay, Some(done_buffer), p.user());
                assert_eq!(values(&p.next()), (&[][..], None, None));
            }
        }
        assert_eq!(rtest_live_strings(), strings);
    }

    #[test]
    fn wait_async_times_out_or_is_cancelled_once() {
        let _turn = serial();
        let (pending, unknown) = (rtest_async_pending(), rtest_cancels_unknown());
        let p = Probe::new();
        // SAFETY: `p` outlives every completion (each awaited below).
        unsafe {
            rtest_wait_async(5, Some(done_status), p.user());
            assert_eq!(values(&p.next()), (&[0, 42][..], None, None));

            rtest_wait_async(-1, Some(done_status), p.user());
            assert_eq!(rtest_async_pending(), pending + 1);
            p.none_within(20);
            rtest_cancel(p.user());
            rtest_cancel(p.user()); // claimed by the first: unknown
            let c = p.next();
            assert_eq!(values(&c), (&[6, 0][..], None, Some("cancelled")));
            assert_ne!(
                c.thread,
                thread::current().id(),
                "completed by its own thread"
            );
            p.none_within(20);
            rtest_cancel(p.user()); // finished: unknown
        }
        assert_eq!(rtest_async_pending(), pending);
        assert_eq!(rtest_cancels_unknown(), unknown + 2);
    }

    #[test]
    fn cancel_sync_async_completes_inside_cancel() {
        let _turn = serial();
        let (pending, unknown) = (rtest_async_pending(), rtest_cancels_unknown());
        let p = Probe::new();
        // SAFETY: `p` outlives the completion.
        unsafe {
            rtest_cancel_sync_async(Some(done_status), p.user());
            p.none_within(10);
            rtest_cancel(p.user());
            let c = p.rx.try_recv().expect("completed inside the cancel");
            assert_eq!(values(&c), (&[6, 0][..], None, Some("cancelled")));
            assert_eq!(c.thread, thread::current().id());
            rtest_cancel(p.user());
        }
        assert_eq!(rtest_async_pending(), pending);
        assert_eq!(rtest_cancels_unknown(), unknown + 1);
    }

    #[test]
    fn cancelling_an_operation_that_cannot_be_cancelled_does_nothing() {
        let _turn = serial();
        let unknown = rtest_cancels_unknown();
        let p = Probe::new();
        // SAFETY: `p` outlives the completion.
        unsafe {
            rtest_add_async(1, 1, 30, Some(done_i32), p.user());
            rtest_cancel(p.user());
            assert_eq!(p.next().values, [2]);
            rtest_cancel(std::ptr::dangling_mut());
        }
        assert_eq!(rtest_cancels_unknown(), unknown + 1);
    }

    #[test]
    fn the_buggy_exports_complete_twice() {
        let _turn = serial();
        let (pending, strings, bad) = (
            rtest_async_pending(),
            rtest_live_strings(),
            rtest_bad_string_frees(),
        );
        let p = Probe::new();
        // SAFETY: `p` outlives the stray completions (awaited below).
        unsafe {
            rtest_add_async_twice(1, 2, Some(done_i32), p.user());
            assert_eq!(p.rx.try_recv().unwrap().values, [3]);
            assert_eq!(rtest_async_pending(), pending);
            assert_eq!(p.next().values, [4]);
            while rtest_stray_threads_running() != 0 {
                thread::sleep(Duration::from_millis(1));
            }

            rtest_greet_async_twice(b"Bo".as_ptr(), 2, Some(done_string_keep), p.user());
            let (first, second) = (p.rx.try_recv().unwrap(), p.rx.try_recv().unwrap());
            assert_eq!(
                (first.text.as_deref(), second.text.as_deref()),
                (Some("Hello, Bo!"), Some("Hello, Bo!"))
            );
            assert_ne!(first.values, second.values, "two strings");
            assert_eq!(rtest_live_strings(), strings + 1, "only the first is owned");
            rtest_string_free(first.values[0] as *mut c_char);
            rtest_string_free(second.values[0] as *mut c_char);
            drop(CString::from_raw(second.values[0] as *mut c_char)); // the leak, reclaimed
        }
        assert_eq!(
            (rtest_live_strings(), rtest_bad_string_frees()),
            (strings, bad + 1)
        );
        assert_eq!(rtest_async_pending(), pending);
    }

    #[test]
    fn a_panic_completes_once_with_code_99() {
        let _turn = serial();
        let p = Probe::new();
        // SAFETY: `p` outlives the completion.
        unsafe { rtest_panic_async(7, Some(done_status), p.user()) };
        let c = p.next();
        assert_eq!(values(&c), (&[99, 0][..], None, Some("panic: boom 7")));
        assert_ne!(c.thread, thread::current().id());
        p.none_within(20);
    }
}
