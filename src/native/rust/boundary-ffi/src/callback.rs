//! Callbacks: a C function pointer whose first parameter is `void* user_data`, received with
//! that `user_data`.
//!
//! The generated C# stubs pass a callback as two C parameters, `(fn, user_data)`; a callback
//! the library keeps after the call returns (a *retained* callback: a subscription, a log sink)
//! comes with a third, `void (*release)(void* user_data)`, which the library calls exactly once
//! when it will never call the callback again. An export declares the function pointer as
//! `Option<extern "C" fn(*mut c_void, ...)>`, so that a null pointer arrives as `None` (a bare
//! `extern "C" fn` must never be null), and wraps the pair:
//!
//! - [`Callback<F>`]: `(fn, user_data)`, refusing a null `fn` with [`ParamError::Null`];
//!   `call(args...)` calls `fn(user_data, args...)`.
//! - [`RetainedCallback<F>`]: the same plus `release`, which its `Drop` calls exactly once. Its
//!   `call` takes `&self`, so once it is dropped (after every borrow, in every thread, has
//!   ended) the callback can no longer be called: the type system gives the ABI's "release
//!   after the last call has returned".
//!
//! `F` is the function pointer type itself, `extern "C" fn(*mut c_void, A, B, ...) -> R` with up
//! to 8 parameters after `user_data` (the [`CallbackFn`] trait), so any signature works without
//! declaring anything:
//!
//! ```
//! use boundary_ffi::{Callback, OrCode, status_void};
//! use std::ffi::c_void;
//!
//! /// Calls `each(user_data, i, i * i)` for `i` in `0..n`; a null `each` is status 2.
//! ///
//! /// # Safety
//! /// `(each, user_data)` must be a callback pair as the ABI passes it.
//! #[no_mangle]
//! pub unsafe extern "C" fn squares_each(
//!     n: u32,
//!     each: Option<extern "C" fn(*mut c_void, u32, u64)>,
//!     user_data: *mut c_void,
//! ) -> i32 {
//!     status_void(99, || {
//!         // SAFETY: forwarded from this function's contract.
//!         let each = unsafe { Callback::new(each, user_data) }.or_code(2)?;
//!         for i in 0..n {
//!             each.call(i, u64::from(i) * u64::from(i));
//!         }
//!         Ok(())
//!     })
//! }
//!
//! extern "C" fn sum(user_data: *mut c_void, _i: u32, sq: u64) {
//!     // SAFETY: the test passes a live `u64` as user_data.
//!     unsafe { *user_data.cast::<u64>() += sq };
//! }
//! let mut total = 0_u64;
//! // SAFETY: `sum` and a live local.
//! assert_eq!(unsafe { squares_each(4, Some(sum), (&raw mut total).cast()) }, 0);
//! assert_eq!(total, 0 + 1 + 4 + 9);
//! // SAFETY: null is refused before anything is called.
//! assert_eq!(unsafe { squares_each(4, None, std::ptr::null_mut()) }, 2);
//! ```
//!
//! A retained callback, kept in the library and called from its own threads:
//!
//! ```
//! use boundary_ffi::RetainedCallback;
//! use std::ffi::c_void;
//! use std::sync::{Arc, Mutex};
//!
//! type OnTick = extern "C" fn(*mut c_void, i64);
//! static SUBSCRIBER: Mutex<Option<Arc<RetainedCallback<OnTick>>>> = Mutex::new(None);
//!
//! /// Replaces the tick subscriber; the previous one is released once its calls are over.
//! ///
//! /// # Safety
//! /// `(on_tick, user_data, release)` must be a retained callback as the ABI passes it.
//! #[no_mangle]
//! pub unsafe extern "C" fn clock_subscribe(
//!     on_tick: Option<OnTick>,
//!     user_data: *mut c_void,
//!     release: Option<extern "C" fn(*mut c_void)>,
//! ) {
//!     // SAFETY: forwarded from this function's contract. A null `on_tick` is released at once.
//!     let Ok(cb) = (unsafe { RetainedCallback::new(on_tick, user_data, release) }) else { return };
//!     let previous = SUBSCRIBER.lock().unwrap().replace(Arc::new(cb));
//!     drop(previous); // released now, or by the thread still calling it, when it is done
//! }
//!
//! fn tick(now: i64) {
//!     // Clone out of the lock: the call must not hold it (the callback may subscribe again).
//!     let cb = SUBSCRIBER.lock().unwrap().clone();
//!     if let Some(cb) = cb {
//!         cb.call(now);
//!     }
//! }
//! # tick(1);
//! ```
//!
//! Why `Send + Sync`: the callbacks the C# side passes are `[UnmanagedCallersOnly]` static
//! functions and `user_data` is a `GCHandle`, both valid on every thread, so a callback may be
//! called from any thread, from several at once (what the managed target then does is its own
//! business). The crate cannot check that a pair really came from there, which is why the
//! constructors are `unsafe`: their caller promises it.
//!
//! The lifetime of the pair is set by the ABI, not by these types: a plain callback may only be
//! called during the export that received it, a completion (`done`) exactly once (see
//! [`Completion`](crate::Completion)), a retained one until it is released.

use crate::slices::ParamError;
use std::ffi::c_void;
use std::fmt;

mod sealed {
    pub trait Sealed {}
}

/// A C function pointer type whose first parameter is the `void* user_data`:
/// `extern "C" fn(*mut c_void, A1, ..., An) -> R` for `n` up to 8. Sealed: it is implemented
/// for exactly those types, which is what makes [`Callback`]'s `Send` and `Sync` sound.
pub trait CallbackFn: sealed::Sealed + Copy + Send + Sync + 'static {}

/// The `release` of a retained callback: `void (*release)(void* user_data)`.
pub type ReleaseFn = extern "C" fn(*mut c_void);

/// A callback `(fn, user_data)` as received: see the [module docs](self).
pub struct Callback<F> {
    f: F,
    user_data: *mut c_void,
}

// SAFETY: `F` is a function pointer (sealed `CallbackFn`), and whoever built the callback
// promised (`Callback::new`'s contract) that `f(user_data, ...)` may be called from any thread,
// concurrently: the ABI's callbacks are thread-agnostic static functions with a GCHandle.
unsafe impl<F: CallbackFn> Send for Callback<F> {}
// SAFETY: as for `Send`; `call` only reads the two fields.
unsafe impl<F: CallbackFn> Sync for Callback<F> {}

impl<F: CallbackFn> Clone for Callback<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: CallbackFn> Copy for Callback<F> {}

impl<F: CallbackFn> fmt::Debug for Callback<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callback")
            .field("user_data", &self.user_data)
            .finish_non_exhaustive()
    }
}

impl<F: CallbackFn> Callback<F> {
    /// Wraps a received `(fn, user_data)` pair; a null `fn` (`None`) is [`ParamError::Null`].
    ///
    /// # Safety
    /// `f` must be callable with `user_data` (and arguments valid for its C signature) from any
    /// thread, concurrently, for as long as the caller keeps this value and its copies, and no
    /// longer: that is the ABI's promise for a callback the C# stubs pass.
    pub unsafe fn new(f: Option<F>, user_data: *mut c_void) -> Result<Self, ParamError> {
        match f {
            Some(f) => Ok(Callback { f, user_data }),
            None => Err(ParamError::Null),
        }
    }

    /// The function pointer.
    pub fn fn_ptr(&self) -> F {
        self.f
    }

    /// The `user_data` it is called with.
    pub fn user_data(&self) -> *mut c_void {
        self.user_data
    }
}

/// A retained callback `(fn, user_data, release)`: see the [module docs](self). Dropping it
/// calls `release(user_data)`, once; a null `release` means there is nothing to release.
pub struct RetainedCallback<F: CallbackFn> {
    callback: Callback<F>,
    release: Option<ReleaseFn>,
}

impl<F: CallbackFn> fmt::Debug for RetainedCallback<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetainedCallback")
            .field("user_data", &self.callback.user_data)
            .finish_non_exhaustive()
    }
}

impl<F: CallbackFn> RetainedCallback<F> {
    /// Wraps a received retained callback. A null `fn` is [`ParamError::Null`], and then
    /// `release` (if not null) is called right away: the caller still expects exactly one
    /// release, and no call will ever come.
    ///
    /// # Safety
    /// As for [`Callback::new`], for as long as this value lives; `release`, if not null, must
    /// be callable once with `user_data` from any thread.
    pub unsafe fn new(
        f: Option<F>,
        user_data: *mut c_void,
        release: Option<ReleaseFn>,
    ) -> Result<Self, ParamError> {
        match f {
            Some(f) => Ok(RetainedCallback {
                callback: Callback { f, user_data },
                release,
            }),
            None => {
                if let Some(release) = release {
                    release(user_data);
                }
                Err(ParamError::Null)
            }
        }
    }

    /// The `user_data` it is called (and released) with.
    pub fn user_data(&self) -> *mut c_void {
        self.callback.user_data
    }
}

impl<F: CallbackFn> Drop for RetainedCallback<F> {
    fn drop(&mut self) {
        // `drop` runs once, and only after every `&self` borrow (every `call`) has ended.
        // `release` is `extern "C"`: it cannot unwind into this frame.
        if let Some(release) = self.release.take() {
            release(self.callback.user_data);
        }
    }
}

/// Implements `CallbackFn` and `call` for one arity. `call` takes the arguments after
/// `user_data`, named after their types (hence `non_snake_case`).
macro_rules! callback_arity {
    ($($arg:ident),*) => {
        impl<R: 'static, $($arg: 'static),*> sealed::Sealed
            for extern "C" fn(*mut c_void $(, $arg)*) -> R {}
        impl<R: 'static, $($arg: 'static),*> CallbackFn
            for extern "C" fn(*mut c_void $(, $arg)*) -> R {}

        impl<R: 'static, $($arg: 'static),*> Callback<extern "C" fn(*mut c_void $(, $arg)*) -> R> {
            /// Calls `fn(user_data, args...)`.
            #[allow(non_snake_case, clippy::too_many_arguments)]
            pub fn call(&self $(, $arg: $arg)*) -> R {
                (self.f)(self.user_data $(, $arg)*)
            }
        }

        impl<R: 'static, $($arg: 'static),*>
            RetainedCallback<extern "C" fn(*mut c_void $(, $arg)*) -> R>
        {
            /// Calls `fn(user_data, args...)`.
            #[allow(non_snake_case, clippy::too_many_arguments)]
            pub fn call(&self $(, $arg: $arg)*) -> R {
                self.callback.call($($arg),*)
            }
        }
    };
}

callback_arity!();
callback_arity!(A);
callback_arity!(A, B);
callback_arity!(A, B, C);
callback_arity!(A, B, C, D);
callback_arity!(A, B, C, D, E);
callback_arity!(A, B, C, D, E, G);
callback_arity!(A, B, C, D, E, G, H);
callback_arity!(A, B, C, D, E, G, H, I);

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{c_char, CStr};
    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};

    /// What the test callbacks record; a test passes a pointer to one as `user_data`.
    #[derive(Default)]
    struct Rec {
        calls: AtomicUsize,
        sum: AtomicI64,
        releases: AtomicUsize,
        /// Calls seen after the release: must stay 0.
        late: AtomicUsize,
    }

    fn user(rec: &Rec) -> *mut c_void {
        std::ptr::from_ref(rec).cast_mut().cast()
    }

    fn rec<'a>(user_data: *mut c_void) -> &'a Rec {
        // SAFETY: every test passes a `Rec` that outlives its callbacks.
        unsafe { &*user_data.cast::<Rec>() }
    }

    // A function item must be cast to its pointer type; an export receives the pointer type.
    type OnI64 = extern "C" fn(*mut c_void, i64);
    type OnStr = extern "C" fn(*mut c_void, *const c_char, u8) -> usize;
    type OnEight = extern "C" fn(*mut c_void, i8, i16, i32, i64, u8, u16, u32, f64) -> f64;

    extern "C" fn on_void(u: *mut c_void) {
        rec(u).calls.fetch_add(1, Ordering::SeqCst);
    }

    extern "C" fn on_i64(u: *mut c_void, v: i64) {
        let r = rec(u);
        if r.releases.load(Ordering::SeqCst) > 0 {
            r.late.fetch_add(1, Ordering::SeqCst);
        }
        r.calls.fetch_add(1, Ordering::SeqCst);
        r.sum.fetch_add(v, Ordering::SeqCst);
    }

    extern "C" fn on_str_len(u: *mut c_void, s: *const c_char, extra: u8) -> usize {
        rec(u).calls.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the test passes a NUL-terminated literal.
        unsafe { CStr::from_ptr(s) }.to_bytes().len() + usize::from(extra)
    }

    #[allow(clippy::too_many_arguments)]
    extern "C" fn on_eight(
        u: *mut c_void,
        a: i8,
        b: i16,
        c: i32,
        d: i64,
        e: u8,
        f: u16,
        g: u32,
        h: f64,
    ) -> f64 {
        rec(u).calls.fetch_add(1, Ordering::SeqCst);
        f64::from(a)
            + f64::from(b)
            + f64::from(c)
            + d as f64
            + f64::from(e)
            + f64::from(f)
            + f64::from(g)
            + h
    }

    extern "C" fn release(u: *mut c_void) {
        rec(u).releases.fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn calls_pass_user_data_and_arguments_and_return_the_result() {
        let r = Rec::default();
        // SAFETY: the test callbacks and a live `Rec`, for the whole test.
        unsafe {
            Callback::new(Some(on_void as extern "C" fn(_)), user(&r))
                .unwrap()
                .call();
            let cb = Callback::new(Some(on_i64 as OnI64), user(&r)).unwrap();
            cb.call(5);
            cb.call(-2);
            assert_eq!(cb.user_data(), user(&r));
            let len = Callback::new(Some(on_str_len as OnStr), user(&r)).unwrap();
            assert_eq!(len.call(c"four".as_ptr(), 1), 5);
            let eight = Callback::new(Some(on_eight as OnEight), user(&r));
            assert_eq!(eight.unwrap().call(1, 2, 3, 4, 5, 6, 7, 0.5), 28.5);
        }
        assert_eq!(r.calls.load(Ordering::SeqCst), 5);
        assert_eq!(r.sum.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn null_is_refused() {
        // SAFETY: null is never called.
        let cb = unsafe { Callback::<extern "C" fn(*mut c_void)>::new(None, std::ptr::null_mut()) };
        assert_eq!(cb.unwrap_err(), ParamError::Null);
    }

    #[test]
    fn a_retained_callback_is_released_once_when_dropped() {
        let r = Rec::default();
        // SAFETY: the test callbacks and a live `Rec`.
        let cb = unsafe { RetainedCallback::new(Some(on_i64 as OnI64), user(&r), Some(release)) }
            .unwrap();
        cb.call(1);
        assert_eq!(r.releases.load(Ordering::SeqCst), 0);
        drop(cb);
        assert_eq!(r.releases.load(Ordering::SeqCst), 1);
        assert_eq!(r.calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_null_retained_callback_is_released_at_once() {
        let r = Rec::default();
        // SAFETY: `release` and a live `Rec`; the null callback is never called.
        let cb = unsafe {
            RetainedCallback::<extern "C" fn(*mut c_void)>::new(None, user(&r), Some(release))
        };
        assert_eq!(cb.unwrap_err(), ParamError::Null);
        assert_eq!(r.releases.load(Ordering::SeqCst), 1);
        // A null release is allowed: nothing to release.
        // SAFETY: the test callback and a live `Rec`.
        drop(
            unsafe { RetainedCallback::new(Some(on_void as extern "C" fn(_)), user(&r), None) }
                .unwrap(),
        );
        assert_eq!(r.releases.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn called_from_many_threads_then_released_after_the_last_call() {
        const THREADS: usize = 8;
        const CALLS: usize = 2000;
        let r = Rec::default();
        // SAFETY: the test callbacks and a `Rec` that outlives every thread (scoped).
        let cb = Arc::new(
            unsafe { RetainedCallback::new(Some(on_i64 as OnI64), user(&r), Some(release)) }
                .unwrap(),
        );
        let start = Barrier::new(THREADS);
        std::thread::scope(|s| {
            for t in 0..THREADS {
                let cb = Arc::clone(&cb);
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    for _ in 0..CALLS {
                        cb.call(1);
                    }
                    // The last thread to drop its clone releases, after its own last call.
                    if t % 2 == 0 {
                        drop(cb);
                    }
                });
            }
            drop(cb);
        });
        assert_eq!(r.calls.load(Ordering::SeqCst), THREADS * CALLS);
        assert_eq!(r.sum.load(Ordering::SeqCst), (THREADS * CALLS) as i64);
        assert_eq!(r.releases.load(Ordering::SeqCst), 1);
        assert_eq!(
            r.late.load(Ordering::SeqCst),
            0,
            "no call after the release"
        );
    }

    #[test]
    fn callbacks_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Callback<extern "C" fn(*mut c_void, i32) -> u8>>();
        assert_send_sync::<RetainedCallback<extern "C" fn(*mut c_void)>>();
    }
}
