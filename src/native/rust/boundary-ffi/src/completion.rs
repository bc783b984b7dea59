//! Async operations: an export that returns at once and reports its outcome later, exactly
//! once, through a `done` callback.
//!
//! ```c
//! void f(<args>, void (*done)(void* user_data, <completion values>), void* user_data);
//! ```
//!
//! The completion values follow the function's error shape; a `void` result drops `T`:
//!
//! | shape | `done` receives | constructor |
//! |---|---|---|
//! | none | `T result` (a failure can only give the zero value) | [`Completion::plain`], [`plain_void`](Completion::plain_void) |
//! | status code | `int32_t status, T result`; message in this thread's last error | [`status`](Completion::status), [`status_void`](Completion::status_void) |
//! | Go multi-return | `T r0, char* r1` (owned message or null) | [`go`](Completion::go), [`go_void`](Completion::go_void) |
//! | Go with code | `T r0, int32_t r1, char* r2` | [`go_code`](Completion::go_code), [`go_code_void`](Completion::go_code_void) |
//! | error record | `T result, boundary_error* err` (owned or null) | [`record`](Completion::record), [`record_void`](Completion::record_void) |
//! | null/sentinel | `T result`, the zero value on failure + this thread's last error | [`sentinel`](Completion::sentinel) |
//! | anything else | what you write | [`new`](Completion::new) |
//!
//! On failure the result is [`Zero::zero`] (0, null, `{null, 0}`), so nothing owned is handed
//! out with an error. In the status and sentinel shapes the message is stored as the last error
//! of the completing thread right before `done` is called on that same thread, where the C#
//! side reads it (with the library's last-error export) from inside `done`.
//!
//! A [`Completion`] calls `done` exactly once:
//!
//! - [`complete`](Completion::complete) (or [`ok`](Completion::ok) / [`err`](Completion::err))
//!   calls it the first time and returns `false`, doing nothing, every later time (from any
//!   thread: it takes `&self`, and the type is `Send + Sync`);
//! - dropping it without completing (the worker forgot, or panicked and unwound) completes it
//!   with the panic code and `"panic: operation dropped without completing"`;
//! - [`spawn_async`] runs the work on a new thread inside a panic [`guard`], so a panic
//!   completes it with `"panic: <payload>"`; [`run`](Completion::run) does the same on the
//!   current thread, for a library with its own thread pool or event loop.
//!
//! Each completion registers a [`CancelToken`] under its `user_data` for the library's cancel
//! export (see [`mod@crate::cancel`]) and removes it just before calling `done`.
//!
//! ```
//! use boundary_ffi::{spawn_async, Completion, Error};
//! use std::ffi::c_void;
//! use std::time::Duration;
//!
//! boundary_ffi::export_cancel!(geo_cancel);
//!
//! /// Status-code shape: `done(user_data, 0, distance)` or `done(user_data, code, 0)` with the
//! /// message in the last error; 125 when cancelled, 99 for a panic.
//! #[no_mangle]
//! pub extern "C" fn geo_distance_async(
//!     x: f64,
//!     y: f64,
//!     done: Option<extern "C" fn(*mut c_void, i32, f64)>,
//!     user_data: *mut c_void,
//! ) {
//!     // SAFETY: `(done, user_data)` is a completion callback as the ABI passes it.
//!     let Ok(completion) = (unsafe { Completion::status(done, user_data, 99) }) else {
//!         return; // null done: no one to tell
//!     };
//!     spawn_async(completion, move |cancel| {
//!         for _ in 0..10 {
//!             if cancel.wait_timeout(Duration::from_millis(1)) {
//!                 return Err(Error::new(125, "cancelled"));
//!             }
//!         }
//!         Ok(x.hypot(y))
//!     });
//! }
//! # static RESULT: std::sync::Mutex<Option<(i32, f64)>> = std::sync::Mutex::new(None);
//! # extern "C" fn done(_: *mut c_void, status: i32, d: f64) {
//! #     *RESULT.lock().unwrap() = Some((status, d));
//! # }
//! # geo_distance_async(3.0, 4.0, Some(done), std::ptr::null_mut());
//! # loop {
//! #     if let Some(r) = *RESULT.lock().unwrap() { assert_eq!(r, (0, 5.0)); break; }
//! #     std::thread::yield_now();
//! # }
//! ```
//!
//! Another shape is a closure that makes the `done` call from the `Result`, e.g. a sentinel of
//! -1 rather than 0:
//!
//! ```
//! # use boundary_ffi::{status, Completion};
//! # use std::ffi::c_void;
//! # fn f(done: Option<extern "C" fn(*mut c_void, i32)>, user_data: *mut c_void) {
//! // SAFETY: `(done, user_data)` is a completion callback as the ABI passes it.
//! let completion = unsafe {
//!     Completion::new(done, user_data, 99, |done, result: Result<i32, _>| match result {
//!         Ok(v) => done.call(v),
//!         Err(e) => {
//!             status::set_last_error(e.message);
//!             done.call(-1)
//!         }
//!     })
//! };
//! # }
//! ```

use crate::buffers::RawBuffer;
use crate::callback::{Callback, CallbackFn};
use crate::cancel::{CancelToken, Registration};
use crate::error::Error;
use crate::multi::error_message;
use crate::panic::guard;
use crate::record::ErrorRecord;
use crate::slices::ParamError;
use crate::status::set_last_error;
use std::ffi::{c_char, c_void};
use std::fmt;
use std::ptr::null_mut;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

/// The value a result carries on failure: 0, null, an empty buffer. Implement it for a
/// library's own `#[repr(C)]` result structs to use them as `T`.
pub trait Zero {
    /// The failure value.
    fn zero() -> Self;
}

macro_rules! zero_numbers {
    ($($t:ty),*) => {$(
        impl Zero for $t {
            fn zero() -> Self {
                0 as $t
            }
        }
    )*};
}

zero_numbers!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64);

impl Zero for () {
    fn zero() -> Self {}
}

impl<T> Zero for *mut T {
    fn zero() -> Self {
        null_mut()
    }
}

impl<T> Zero for *const T {
    fn zero() -> Self {
        std::ptr::null()
    }
}

impl<T> Zero for RawBuffer<T> {
    fn zero() -> Self {
        RawBuffer::empty()
    }
}

/// Turns the outcome into the `done` call for one shape.
type Finish<F, T> = Box<dyn FnOnce(Callback<F>, Result<T, Error>) + Send>;

/// The `done` call of one async operation, made exactly once: see the [module docs](self).
pub struct Completion<F: CallbackFn, T> {
    /// `Some` until completed; taken under the lock, called outside it.
    pending: Mutex<Option<Pending<F, T>>>,
    done: Callback<F>,
    token: CancelToken,
    panic_code: i32,
}

struct Pending<F: CallbackFn, T> {
    finish: Finish<F, T>,
    registration: Registration,
}

impl<F: CallbackFn, T> fmt::Debug for Completion<F, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Completion")
            .field("user_data", &self.done.user_data())
            .field("completed", &self.is_completed())
            .finish_non_exhaustive()
    }
}

impl<F: CallbackFn, T> Completion<F, T> {
    /// A completion of any shape: `finish(done, result)` makes the `done` call. A null `done`
    /// is [`ParamError::Null`] (nothing is registered: there is no one to tell). `panic_code`
    /// is the code of a panic and of an operation dropped without completing.
    ///
    /// `finish` runs in a panic guard; if it panics anyway, the panic is swallowed and `done`
    /// is not called again (it may or may not have been called).
    ///
    /// # Safety
    /// `(done, user_data)` must be a completion callback as the ABI passes it: callable once,
    /// from any thread, with `user_data` and valid arguments for its C signature.
    pub unsafe fn new(
        done: Option<F>,
        user_data: *mut c_void,
        panic_code: i32,
        finish: impl FnOnce(Callback<F>, Result<T, Error>) + Send + 'static,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        let done = unsafe { Callback::new(done, user_data) }?;
        let registration = Registration::new(user_data);
        Ok(Completion {
            token: registration.token().clone(),
            pending: Mutex::new(Some(Pending {
                finish: Box::new(finish),
                registration,
            })),
            done,
            panic_code,
        })
    }

    /// Calls `done` with the outcome, unless it was already called: returns whether this call
    /// completed the operation. A refused `result` is dropped (an owned raw pointer in it is
    /// not freed).
    pub fn complete(&self, result: Result<T, Error>) -> bool {
        let pending = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some(Pending {
            finish,
            mut registration,
        }) = pending
        else {
            return false;
        };
        // Unregistered first: a cancel from now on is a no-op, and the caller may reuse
        // `user_data` as soon as `done` returns.
        registration.finish();
        let done = self.done;
        let _ = guard(self.panic_code, move || {
            finish(done, result);
            Ok(())
        });
        true
    }

    /// `complete(Ok(value))`.
    pub fn ok(&self, value: T) -> bool {
        self.complete(Ok(value))
    }

    /// `complete(Err(error))`.
    pub fn err(&self, error: Error) -> bool {
        self.complete(Err(error))
    }

    /// Whether `done` was called (or is being called).
    pub fn is_completed(&self) -> bool {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }

    /// The operation's cancellation flag, set by the library's cancel export.
    pub fn token(&self) -> &CancelToken {
        &self.token
    }

    /// The `user_data` the operation was started with.
    pub fn user_data(&self) -> *mut c_void {
        self.done.user_data()
    }

    /// The code of a panic in the work.
    pub fn panic_code(&self) -> i32 {
        self.panic_code
    }

    /// Runs `work` on this thread in a panic [`guard`] and completes with its result (a panic
    /// gives the panic code and `"panic: <payload>"`). Does nothing and returns `false` if
    /// already completed, without running `work`.
    pub fn run(&self, work: impl FnOnce(&CancelToken) -> Result<T, Error>) -> bool {
        if self.is_completed() {
            return false;
        }
        let result = guard(self.panic_code, || work(&self.token));
        self.complete(result)
    }
}

impl<F: CallbackFn, T> Drop for Completion<F, T> {
    fn drop(&mut self) {
        // The panic payload is not available here; `spawn_async` and `run` report it.
        self.err(Error::new(
            self.panic_code,
            "panic: operation dropped without completing",
        ));
    }
}

/// Runs `work` on a new thread (named `boundary-async`) and completes `completion` with its
/// result, as [`Completion::run`] does; returns at once. If the thread cannot be started, the
/// operation completes at once with the panic code and `"cannot start a thread: <reason>"`.
/// An already completed `completion` starts nothing.
///
/// One thread per operation is simple and fine for operations that take a while; a library
/// with many short operations runs [`Completion::run`] on a pool of its own.
pub fn spawn_async<F, T>(
    completion: Completion<F, T>,
    work: impl FnOnce(&CancelToken) -> Result<T, Error> + Send + 'static,
) where
    F: CallbackFn,
    T: 'static,
{
    if completion.is_completed() {
        return;
    }
    // Shared, so that it can still be completed here if the closure never runs.
    let completion = Arc::new(completion);
    let worker = Arc::clone(&completion);
    let spawned = thread::Builder::new()
        .name("boundary-async".into())
        .spawn(move || {
            worker.run(work);
        });
    if let Err(e) = spawned {
        completion.err(Error::new(
            completion.panic_code,
            format!("cannot start a thread: {e}"),
        ));
    }
}

impl<T: Zero + 'static> Completion<extern "C" fn(*mut c_void, T), T> {
    /// Shape none: `done(user_data, result)`; a failure (a panic) gives `done(user_data, 0)`,
    /// as there is nowhere to put a message.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn plain(
        done: Option<extern "C" fn(*mut c_void, T)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| {
                done.call(result.unwrap_or_else(|_| T::zero()));
            })
        }
    }

    /// Shape null/sentinel: `done(user_data, result)`, or on failure the message stored as this
    /// thread's last error and `done(user_data, 0)` (null for a pointer). For another sentinel
    /// value, see [`Completion::new`] in the module docs.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn sentinel(
        done: Option<extern "C" fn(*mut c_void, T)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| match result {
                Ok(v) => done.call(v),
                Err(e) => {
                    set_last_error(e.message);
                    done.call(T::zero());
                }
            })
        }
    }
}

impl Completion<extern "C" fn(*mut c_void), ()> {
    /// Shape none with no result: `done(user_data)`, whatever the outcome.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn plain_void(
        done: Option<extern "C" fn(*mut c_void)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe { Self::new(done, user_data, panic_code, |done, _| done.call()) }
    }
}

impl<T: Zero + 'static> Completion<extern "C" fn(*mut c_void, i32, T), T> {
    /// Status-code shape: `done(user_data, 0, result)`, or on failure the message stored as
    /// this thread's last error (cleared for an error without one) and
    /// `done(user_data, code, 0)`. As for [`status`](crate::status::status), error codes must
    /// not be 0.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn status(
        done: Option<extern "C" fn(*mut c_void, i32, T)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| match result {
                Ok(v) => done.call(0, v),
                Err(e) => {
                    let code = e.code;
                    set_last_error(e.message);
                    done.call(code, T::zero());
                }
            })
        }
    }
}

impl Completion<extern "C" fn(*mut c_void, i32), ()> {
    /// Status-code shape with no result: `done(user_data, status)`, message as for
    /// [`status`](Completion::status).
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn status_void(
        done: Option<extern "C" fn(*mut c_void, i32)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| match result {
                Ok(()) => done.call(0),
                Err(e) => {
                    let code = e.code;
                    set_last_error(e.message);
                    done.call(code);
                }
            })
        }
    }
}

impl<T: Zero + 'static> Completion<extern "C" fn(*mut c_void, T, *mut c_char), T> {
    /// Go multi-return shape: `done(user_data, result, null)` or `done(user_data, 0, message)`
    /// with an owned message (see [`multi`](crate::multi): never null on failure).
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn go(
        done: Option<extern "C" fn(*mut c_void, T, *mut c_char)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| match result {
                Ok(v) => done.call(v, null_mut()),
                Err(e) => done.call(T::zero(), error_message(&e)),
            })
        }
    }
}

impl Completion<extern "C" fn(*mut c_void, *mut c_char), ()> {
    /// Go multi-return shape with no result: `done(user_data, message)`, null on success.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn go_void(
        done: Option<extern "C" fn(*mut c_void, *mut c_char)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| {
                done.call(result.err().map_or(null_mut(), |e| error_message(&e)));
            })
        }
    }
}

impl<T: Zero + 'static> Completion<extern "C" fn(*mut c_void, T, i32, *mut c_char), T> {
    /// Go shape with a code: `done(user_data, result, 0, null)` or
    /// `done(user_data, 0, code, message)`.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn go_code(
        done: Option<extern "C" fn(*mut c_void, T, i32, *mut c_char)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| match result {
                Ok(v) => done.call(v, 0, null_mut()),
                Err(e) => done.call(T::zero(), e.code, error_message(&e)),
            })
        }
    }
}

impl Completion<extern "C" fn(*mut c_void, i32, *mut c_char), ()> {
    /// Go shape with a code and no result: `done(user_data, code, message)`, `(0, null)` on
    /// success.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn go_code_void(
        done: Option<extern "C" fn(*mut c_void, i32, *mut c_char)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| match result {
                Ok(()) => done.call(0, null_mut()),
                Err(e) => done.call(e.code, error_message(&e)),
            })
        }
    }
}

impl<T: Zero + 'static> Completion<extern "C" fn(*mut c_void, T, *mut ErrorRecord), T> {
    /// Error-record shape: `done(user_data, result, null)` or `done(user_data, 0, record)` with
    /// an owned [`ErrorRecord`].
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn record(
        done: Option<extern "C" fn(*mut c_void, T, *mut ErrorRecord)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| match result {
                Ok(v) => done.call(v, null_mut()),
                Err(e) => done.call(T::zero(), ErrorRecord::into_raw(e)),
            })
        }
    }
}

impl Completion<extern "C" fn(*mut c_void, *mut ErrorRecord), ()> {
    /// Error-record shape with no result: `done(user_data, record)`, null on success.
    ///
    /// # Safety
    /// As for [`Completion::new`].
    pub unsafe fn record_void(
        done: Option<extern "C" fn(*mut c_void, *mut ErrorRecord)>,
        user_data: *mut c_void,
        panic_code: i32,
    ) -> Result<Self, ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Self::new(done, user_data, panic_code, |done, result| {
                done.call(result.err().map_or(null_mut(), ErrorRecord::into_raw));
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cancel::{cancel, pending_operations};
    use crate::record::free_error_record;
    use crate::status::take_last_error_message;
    use crate::strings::{free_c_string, into_c_string};
    use std::ffi::CStr;
    use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicUsize, Ordering};
    use std::sync::{Barrier, MutexGuard};
    use std::time::{Duration, Instant};

    /// The pending count is process-wide and tests run in parallel: tests that start
    /// operations take turns.
    fn serial() -> MutexGuard<'static, ()> {
        crate::cancel::tests::serial()
    }

    /// What a `done` saw. A test passes a pointer to one as `user_data` and keeps it alive
    /// until the end of the test (a `done` may still be returning after it counted).
    #[derive(Default)]
    struct Rec {
        calls: AtomicUsize,
        status: AtomicI32,
        value: AtomicI64,
        /// The owned message, the record's, or this thread's last error, read inside `done`.
        message: Mutex<Option<String>>,
        /// Whether cancelling from inside `done` found the operation (it must not).
        cancel_in_done: AtomicBool,
    }

    impl Rec {
        fn user(&self) -> *mut c_void {
            std::ptr::from_ref(self).cast_mut().cast()
        }

        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }

        fn message(&self) -> Option<String> {
            self.message.lock().unwrap().clone()
        }

        /// Waits (up to 30 s) for `done`.
        fn wait(&self) {
            let start = Instant::now();
            while self.calls() == 0 {
                assert!(
                    start.elapsed() < Duration::from_secs(30),
                    "done never called"
                );
                thread::sleep(Duration::from_millis(1));
            }
        }
    }

    fn rec<'a>(u: *mut c_void) -> &'a Rec {
        // SAFETY: every test passes a `Rec` that outlives its operations.
        unsafe { &*u.cast::<Rec>() }
    }

    /// Reads and frees an owned message.
    fn take(p: *mut c_char) -> Option<String> {
        (!p.is_null()).then(|| {
            // SAFETY: an owned string from this crate, freed right after being read.
            unsafe {
                let s = CStr::from_ptr(p).to_str().unwrap().to_owned();
                free_c_string(p);
                s
            }
        })
    }

    // The `done` callbacks: each records, then counts the call last.

    extern "C" fn done_status(u: *mut c_void, status: i32, v: i64) {
        let r = rec(u);
        r.status.store(status, Ordering::SeqCst);
        r.value.store(v, Ordering::SeqCst);
        // What the C# side does inside `done`: read the last error on this thread.
        *r.message.lock().unwrap() = take_last_error_message();
        r.cancel_in_done.store(cancel(u), Ordering::SeqCst);
        r.calls.fetch_add(1, Ordering::SeqCst);
    }

    extern "C" fn done_status_void(u: *mut c_void, status: i32) {
        done_status(u, status, -1);
    }

    extern "C" fn done_plain(u: *mut c_void, v: i64) {
        done_status(u, -1, v);
    }

    extern "C" fn done_plain_void(u: *mut c_void) {
        done_status(u, -1, -1);
    }

    extern "C" fn done_go(u: *mut c_void, r0: *mut c_char, r1: *mut c_char) {
        let r = rec(u);
        r.value
            .store(take(r0).map_or(-1, |s| s.len() as i64), Ordering::SeqCst);
        *r.message.lock().unwrap() = take(r1);
        r.calls.fetch_add(1, Ordering::SeqCst);
    }

    extern "C" fn done_go_void(u: *mut c_void, r1: *mut c_char) {
        done_go(u, null_mut(), r1);
    }

    extern "C" fn done_go_code(u: *mut c_void, r0: i64, r1: i32, r2: *mut c_char) {
        let r = rec(u);
        r.value.store(r0, Ordering::SeqCst);
        r.status.store(r1, Ordering::SeqCst);
        *r.message.lock().unwrap() = take(r2);
        r.calls.fetch_add(1, Ordering::SeqCst);
    }

    extern "C" fn done_go_code_void(u: *mut c_void, r1: i32, r2: *mut c_char) {
        done_go_code(u, -1, r1, r2);
    }

    extern "C" fn done_record(u: *mut c_void, v: i64, err: *mut ErrorRecord) {
        let r = rec(u);
        r.value.store(v, Ordering::SeqCst);
        if !err.is_null() {
            // SAFETY: an owned record from this crate, freed right after being read.
            unsafe {
                r.status.store((*err).code, Ordering::SeqCst);
                let m = (*err).message;
                *r.message.lock().unwrap() =
                    (!m.is_null()).then(|| CStr::from_ptr(m).to_str().unwrap().to_owned());
                free_error_record(err);
            }
        }
        r.calls.fetch_add(1, Ordering::SeqCst);
    }

    extern "C" fn done_record_void(u: *mut c_void, err: *mut ErrorRecord) {
        done_record(u, -1, err);
    }

    extern "C" fn done_sentinel(u: *mut c_void, p: *mut c_char) {
        let r = rec(u);
        *r.message.lock().unwrap() = take_last_error_message();
        r.value
            .store(take(p).map_or(-1, |s| s.len() as i64), Ordering::SeqCst);
        r.calls.fetch_add(1, Ordering::SeqCst);
    }

    /// A status completion on `r` with panic code 99.
    fn status(r: &Rec) -> Completion<extern "C" fn(*mut c_void, i32, i64), i64> {
        // SAFETY: the test callback and a live `Rec`.
        unsafe { Completion::status(Some(done_status), r.user(), 99) }.unwrap()
    }

    #[test]
    fn spawn_async_completes_with_the_result_once() {
        let _turn = serial();
        let before = pending_operations();
        let r = Rec::default();
        spawn_async(status(&r), |_| Ok(42));
        r.wait();
        assert_eq!(r.status.load(Ordering::SeqCst), 0);
        assert_eq!(r.value.load(Ordering::SeqCst), 42);
        assert!(
            !r.cancel_in_done.load(Ordering::SeqCst),
            "unregistered before done"
        );
        assert_eq!(pending_operations(), before);
        thread::sleep(Duration::from_millis(10));
        assert_eq!(r.calls(), 1);
    }

    #[test]
    fn the_status_message_is_the_last_error_of_the_thread_calling_done() {
        let _turn = serial();
        let r = Rec::default();
        spawn_async(status(&r), |_| Err(Error::new(3, "disk on fire")));
        r.wait();
        assert_eq!(r.status.load(Ordering::SeqCst), 3);
        assert_eq!(r.value.load(Ordering::SeqCst), 0, "zero on failure");
        assert_eq!(r.message().as_deref(), Some("disk on fire"));
        assert_eq!(take_last_error_message(), None, "not this thread's");
    }

    #[test]
    fn a_panic_in_the_work_completes_once_with_its_payload() {
        let _turn = serial();
        let before = pending_operations();
        let r = Rec::default();
        spawn_async(status(&r), |_| -> Result<i64, Error> {
            panic!("boom {}", 7)
        });
        r.wait();
        assert_eq!(r.status.load(Ordering::SeqCst), 99);
        assert_eq!(r.message().as_deref(), Some("panic: boom 7"));
        thread::sleep(Duration::from_millis(10));
        assert_eq!(r.calls(), 1);
        assert_eq!(pending_operations(), before);
    }

    #[test]
    fn a_completion_dropped_by_an_unwinding_thread_completes_once() {
        let _turn = serial();
        let r = Rec::default();
        let c = status(&r);
        let worker = thread::spawn(move || {
            // A worker that does not use `run`: its panic unwinds through the completion.
            // (Inside a guard only to keep the test output quiet.)
            guard(1, move || -> Result<(), Error> {
                let _owned = c;
                panic!("worker died")
            })
        });
        assert_eq!(
            worker.join().unwrap(),
            Err(Error::new(1, "panic: worker died"))
        );
        assert_eq!(r.calls(), 1);
        assert_eq!(r.status.load(Ordering::SeqCst), 99);
        assert_eq!(
            r.message().as_deref(),
            Some("panic: operation dropped without completing")
        );

        let r = Rec::default();
        drop(status(&r));
        assert_eq!((r.calls(), r.status.load(Ordering::SeqCst)), (1, 99));
    }

    #[test]
    fn a_second_completion_is_refused() {
        let _turn = serial();
        let before = pending_operations();
        let r = Rec::default();
        let c = status(&r);
        assert_eq!(pending_operations(), before + 1);
        assert!(!c.is_completed());
        assert!(c.ok(1));
        assert!(c.is_completed());
        assert!(!c.ok(2));
        assert!(!c.err(Error::new(5, "late")));
        assert!(!c.run(|_| panic!("not run")));
        drop(c);
        assert_eq!(r.calls(), 1);
        assert_eq!(r.value.load(Ordering::SeqCst), 1);
        assert_eq!(pending_operations(), before);
    }

    #[test]
    fn concurrent_completions_call_done_once() {
        let _turn = serial();
        for _ in 0..200 {
            let r = Rec::default();
            let c = status(&r);
            let start = Barrier::new(4);
            let wins = AtomicUsize::new(0);
            thread::scope(|s| {
                for i in 0..4 {
                    let (c, start, wins) = (&c, &start, &wins);
                    s.spawn(move || {
                        start.wait();
                        if c.ok(i) {
                            wins.fetch_add(1, Ordering::SeqCst);
                        }
                    });
                }
            });
            assert_eq!((wins.into_inner(), r.calls()), (1, 1));
        }
    }

    #[test]
    fn operations_sharing_a_user_data_are_cancelled_together() {
        let _turn = serial();
        let before = pending_operations();
        let r = Rec::default();
        let first = status(&r);
        let second = status(&r);
        assert!(cancel(r.user()));
        assert!(first.token().is_cancelled() && second.token().is_cancelled());
        assert!(first.run(|t| t.check(125).map(|()| 0)));
        let third = status(&r);
        assert!(
            cancel(r.user()),
            "the second and third are still registered"
        );
        assert!(third.token().is_cancelled());
        assert!(second.ok(1) && third.ok(2));
        assert!(!cancel(r.user()));
        assert_eq!(r.calls(), 3);
        assert_eq!(pending_operations(), before);
        spawn_async(first, |_| panic!("never run: already completed"));
    }

    #[test]
    fn cancel_before_the_work_starts() {
        let _turn = serial();
        let r = Rec::default();
        let c = status(&r);
        assert!(cancel(r.user()));
        assert!(cancel(r.user()), "twice is fine");
        spawn_async(c, |t| {
            t.check(125)?;
            Ok(1)
        });
        r.wait();
        assert_eq!(r.status.load(Ordering::SeqCst), 125);
        assert_eq!(r.message().as_deref(), Some("cancelled"));
    }

    #[test]
    fn cancel_during_the_work_wakes_it_promptly() {
        let _turn = serial();
        let r = Rec::default();
        let started = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&started);
        let begin = Instant::now();
        spawn_async(status(&r), move |t| {
            flag.store(true, Ordering::SeqCst);
            if t.wait_timeout(Duration::from_secs(60)) {
                return Err(Error::new(125, "cancelled"));
            }
            Ok(1)
        });
        while !started.load(Ordering::SeqCst) {
            thread::yield_now();
        }
        assert!(cancel(r.user()));
        r.wait();
        assert!(begin.elapsed() < Duration::from_secs(30));
        assert_eq!(r.status.load(Ordering::SeqCst), 125);
    }

    #[test]
    fn cancel_after_completion_and_of_unknown_is_a_no_op() {
        let _turn = serial();
        let r = Rec::default();
        spawn_async(status(&r), |_| Ok(3));
        r.wait();
        assert!(!cancel(r.user()));
        assert_eq!((r.calls(), r.value.load(Ordering::SeqCst)), (1, 3));
        let unknown = Rec::default();
        assert!(!cancel(unknown.user()));
        assert!(!cancel(null_mut()));
    }

    #[test]
    fn concurrent_cancel_and_completion() {
        let _turn = serial();
        let before = pending_operations();
        const OPS: usize = 8;
        for round in 0..150 {
            let recs: Vec<Rec> = (0..OPS).map(|_| Rec::default()).collect();
            let users: Vec<usize> = recs.iter().map(|r| r.user() as usize).collect();
            let stop = AtomicBool::new(false);
            thread::scope(|s| {
                // Cancellers hammer every user_data, known or not yet or no longer.
                for _ in 0..2 {
                    let (users, stop) = (&users, &stop);
                    s.spawn(move || {
                        while !stop.load(Ordering::SeqCst) {
                            for &u in users {
                                cancel(u as *mut c_void);
                            }
                        }
                    });
                }
                for (i, r) in recs.iter().enumerate() {
                    let spins = (round * 7 + i * 13) % 50;
                    spawn_async(status(r), move |t| {
                        for _ in 0..spins {
                            t.check(125)?;
                            thread::yield_now();
                        }
                        Ok(i as i64)
                    });
                }
                for r in &recs {
                    r.wait();
                }
                stop.store(true, Ordering::SeqCst);
            });
            for (i, r) in recs.iter().enumerate() {
                assert_eq!(r.calls(), 1);
                let status = r.status.load(Ordering::SeqCst);
                assert!(
                    (status == 0 && r.value.load(Ordering::SeqCst) == i as i64) || status == 125,
                    "status {status}"
                );
            }
        }
        let start = Instant::now();
        while pending_operations() != before {
            assert!(start.elapsed() < Duration::from_secs(30));
            thread::yield_now();
        }
    }

    #[test]
    fn every_shape_reports_success_and_failure() {
        let _turn = serial();
        let ok = || Ok::<_, Error>(());
        let fail = || Err::<(), _>(Error::new(4, "bad"));
        // SAFETY (every block below): the test callbacks and live `Rec`s.
        unsafe {
            let r = Rec::default();
            Completion::plain(Some(done_plain), r.user(), 99)
                .unwrap()
                .ok(6);
            assert_eq!((r.calls(), r.value.load(Ordering::SeqCst)), (1, 6));
            let r = Rec::default();
            Completion::plain(Some(done_plain), r.user(), 99)
                .unwrap()
                .err(Error::code_only(1));
            assert_eq!(r.value.load(Ordering::SeqCst), 0);
            let r = Rec::default();
            Completion::plain_void(Some(done_plain_void), r.user(), 99)
                .unwrap()
                .complete(fail());
            assert_eq!(r.calls(), 1);

            let r = Rec::default();
            Completion::status_void(Some(done_status_void), r.user(), 99)
                .unwrap()
                .complete(ok());
            assert_eq!(r.status.load(Ordering::SeqCst), 0);
            let r = Rec::default();
            Completion::status_void(Some(done_status_void), r.user(), 99)
                .unwrap()
                .complete(fail());
            assert_eq!(r.status.load(Ordering::SeqCst), 4);
            assert_eq!(r.message().as_deref(), Some("bad"));
            let r = Rec::default();
            crate::status::set_last_error(Some("stale".into()));
            Completion::status_void(Some(done_status_void), r.user(), 99)
                .unwrap()
                .err(Error::code_only(2));
            assert_eq!(
                r.message(),
                None,
                "an error without a message clears the last error"
            );

            let r = Rec::default();
            Completion::go(Some(done_go), r.user(), 99)
                .unwrap()
                .ok(into_c_string("abc"));
            assert_eq!((r.value.load(Ordering::SeqCst), r.message()), (3, None));
            let r = Rec::default();
            Completion::go(Some(done_go), r.user(), 99)
                .unwrap()
                .err(Error::code_only(7));
            assert_eq!(r.value.load(Ordering::SeqCst), -1, "null result");
            assert_eq!(r.message().as_deref(), Some("error 7"));
            let r = Rec::default();
            Completion::go_void(Some(done_go_void), r.user(), 99)
                .unwrap()
                .complete(ok());
            assert_eq!((r.calls(), r.message()), (1, None));
            let r = Rec::default();
            Completion::go_void(Some(done_go_void), r.user(), 99)
                .unwrap()
                .complete(fail());
            assert_eq!(r.message().as_deref(), Some("bad"));

            let r = Rec::default();
            Completion::go_code(Some(done_go_code), r.user(), 99)
                .unwrap()
                .ok(8);
            assert_eq!(
                (
                    r.value.load(Ordering::SeqCst),
                    r.status.load(Ordering::SeqCst)
                ),
                (8, 0)
            );
            assert_eq!(r.message(), None);
            let r = Rec::default();
            Completion::go_code(Some(done_go_code), r.user(), 99)
                .unwrap()
                .complete(Err(Error::new(4, "bad")));
            assert_eq!(
                (
                    r.value.load(Ordering::SeqCst),
                    r.status.load(Ordering::SeqCst)
                ),
                (0, 4)
            );
            assert_eq!(r.message().as_deref(), Some("bad"));
            let r = Rec::default();
            Completion::go_code_void(Some(done_go_code_void), r.user(), 99)
                .unwrap()
                .complete(fail());
            assert_eq!(
                (r.status.load(Ordering::SeqCst), r.message().as_deref()),
                (4, Some("bad"))
            );
            let r = Rec::default();
            Completion::go_code_void(Some(done_go_code_void), r.user(), 99)
                .unwrap()
                .complete(ok());
            assert_eq!((r.status.load(Ordering::SeqCst), r.message()), (0, None));

            let r = Rec::default();
            Completion::record(Some(done_record), r.user(), 99)
                .unwrap()
                .ok(9);
            assert_eq!(
                (
                    r.value.load(Ordering::SeqCst),
                    r.status.load(Ordering::SeqCst)
                ),
                (9, 0)
            );
            let r = Rec::default();
            Completion::record(Some(done_record), r.user(), 99)
                .unwrap()
                .complete(Err(Error::new(4, "bad")));
            assert_eq!(
                (
                    r.value.load(Ordering::SeqCst),
                    r.status.load(Ordering::SeqCst)
                ),
                (0, 4)
            );
            assert_eq!(r.message().as_deref(), Some("bad"));
            let r = Rec::default();
            Completion::record_void(Some(done_record_void), r.user(), 99)
                .unwrap()
                .complete(fail());
            assert_eq!(
                (r.status.load(Ordering::SeqCst), r.message().as_deref()),
                (4, Some("bad"))
            );

            let r = Rec::default();
            Completion::sentinel(Some(done_sentinel), r.user(), 99)
                .unwrap()
                .ok(into_c_string("hello"));
            assert_eq!(r.value.load(Ordering::SeqCst), 5);
            let r = Rec::default();
            Completion::sentinel(Some(done_sentinel), r.user(), 99)
                .unwrap()
                .complete(Err(Error::new(4, "bad")));
            assert_eq!(
                (r.value.load(Ordering::SeqCst), r.message().as_deref()),
                (-1, Some("bad"))
            );
        }
    }

    #[test]
    fn a_null_done_is_refused_and_registers_nothing() {
        let _turn = serial();
        let before = pending_operations();
        let r = Rec::default();
        // SAFETY: null is never called.
        let c = unsafe {
            Completion::<extern "C" fn(*mut c_void, i32, i64), i64>::status(None, r.user(), 99)
        };
        assert_eq!(c.unwrap_err(), ParamError::Null);
        assert_eq!(pending_operations(), before);
        assert!(!cancel(r.user()));
    }

    #[test]
    fn a_panicking_custom_finish_is_contained() {
        let _turn = serial();
        let before = pending_operations();
        let r = Rec::default();
        // SAFETY: the test callback and a live `Rec`.
        let c = unsafe {
            Completion::new(
                Some(done_plain as extern "C" fn(_, _)),
                r.user(),
                99,
                |done, result: Result<i64, Error>| {
                    done.call(result.unwrap_or(-1));
                    panic!("after done");
                },
            )
        }
        .unwrap();
        assert!(c.ok(5));
        assert!(!c.ok(6));
        drop(c);
        assert_eq!((r.calls(), r.value.load(Ordering::SeqCst)), (1, 5));
        assert_eq!(pending_operations(), before);
    }

    #[test]
    fn completions_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Completion<extern "C" fn(*mut c_void, i32, *mut c_char), *mut c_char>>();
    }
}
