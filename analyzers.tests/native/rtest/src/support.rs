//! What the "Callbacks and async" exports share, written with std only: a panic guard that
//! keeps panics from crossing the boundary (and quiet, since they are reported), the caller's
//! `user_data` made movable to another thread, native threads that are started even when the
//! OS refuses one, and a lenient read of a `(ptr, len)` span.

use std::any::Any;
use std::cell::Cell;
use std::ffi::c_void;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::thread::{self, JoinHandle};

/// The caller's `user_data`, moved to the thread that calls the callback back.
#[derive(Clone, Copy)]
pub struct UserData(*mut c_void);

// SAFETY: the pointer is only ever handed back to the caller's own callback, which the caller
// made callable from any thread (the contract); Rust never dereferences it.
unsafe impl Send for UserData {}
unsafe impl Sync for UserData {}

impl UserData {
    pub fn new(p: *mut c_void) -> Self {
        UserData(p)
    }

    /// The pointer. A method, not the field, so a closure captures the whole `UserData` (which
    /// is `Send`) rather than the raw pointer inside it (which is not).
    pub fn get(self) -> *mut c_void {
        self.0
    }

    /// The key of the async registry.
    pub fn key(self) -> usize {
        self.0 as usize
    }
}

thread_local! {
    /// How many of this module's guards are active on this thread (guards may nest).
    static GUARD_DEPTH: Cell<u32> = const { Cell::new(0) };
}

static QUIET_HOOK: Once = Once::new();

/// Installs, once, a panic hook that prints nothing for a panic inside [`catch`] (it is
/// reported through the ABI) and hands every other panic to the hook installed before.
fn install_quiet_hook() {
    if thread::panicking() {
        return; // `take_hook` would panic; a later guard installs it
    }
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARD_DEPTH.try_with(Cell::get).unwrap_or(0) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic becomes `Err("panic: <payload>")`, the contract's message for code 99.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            let _ = GUARD_DEPTH.try_with(|d| d.set(d.get().saturating_sub(1)));
        }
    }
    let _ = GUARD_DEPTH.try_with(|d| d.set(d.get().saturating_add(1)));
    let depth = Depth;
    let result = panic::catch_unwind(AssertUnwindSafe(f)).map_err(panic_message);
    drop(depth);
    result
}

/// Runs an export's body; a panic (which would abort the host if it reached the `extern "C"`
/// frame) gives `fallback` instead.
pub fn guarded<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch(f).unwrap_or(fallback)
}

/// `"panic: <payload>"` for a `&str` or `String` payload, `"panic: <unknown payload>"` else.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<unknown payload>".to_owned()
    };
    // A payload whose destructor panics is leaked rather than dropped.
    if let Err(second) = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(second);
    }
    format!("panic: {text}")
}

/// Runs `f` on a new native thread (`std::thread`), or on this thread if the OS refuses to
/// start one, so work that must complete exactly once always runs. `None` when it ran here.
pub fn spawn_or_run<F: FnOnce() + Send + 'static>(f: F) -> Option<JoinHandle<()>> {
    let slot = Arc::new(Mutex::new(Some(f)));
    let theirs = Arc::clone(&slot);
    let take = |s: &Mutex<Option<F>>| s.lock().unwrap_or_else(PoisonError::into_inner).take();
    match thread::Builder::new().spawn(move || {
        if let Some(f) = take(&theirs) {
            // A panic here would only end this thread; the work guards what must complete.
            let _ = catch(f);
        }
    }) {
        Ok(handle) => Some(handle),
        Err(_) => {
            if let Some(f) = take(&slot) {
                let _ = catch(f);
            }
            None
        }
    }
}

/// The `len` elements at `ptr`, or none when they cannot be read (null, misaligned, or a
/// length no allocation can have): a lenient span parameter, never dereferenced when bad.
///
/// # Safety
/// A non-null, aligned `ptr` must point to `len` readable `T`s that stay valid and unchanged
/// for `'a`.
pub unsafe fn span<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    let fits = len
        .checked_mul(std::mem::size_of::<T>())
        .is_some_and(|bytes| bytes <= isize::MAX as usize);
    if ptr.is_null() || !ptr.is_aligned() || !fits {
        return &[];
    }
    // SAFETY: non-null, aligned, a valid size; readable for `'a` per the caller.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catch_reports_panics_with_the_contract_message() {
        assert_eq!(catch(|| 5), Ok(5));
        let x = 7;
        assert_eq!(
            catch(|| -> i32 { panic!("boom {x}") }),
            Err("panic: boom 7".to_owned())
        );
        assert_eq!(guarded(-1, || -> i32 { panic!("quiet") }), -1);
    }

    #[test]
    fn spawn_or_run_runs_on_another_thread() {
        let me = thread::current().id();
        let (tx, rx) = std::sync::mpsc::channel();
        spawn_or_run(move || tx.send(thread::current().id()).unwrap())
            .unwrap()
            .join()
            .unwrap();
        assert_ne!(rx.recv().unwrap(), me);
    }

    #[test]
    fn bad_spans_are_empty() {
        let xs = [1u32, 2];
        // SAFETY: a live array, and pointers that are rejected unread.
        unsafe {
            assert_eq!(span(xs.as_ptr(), 2), &[1, 2]);
            assert!(span::<u32>(std::ptr::null(), 3).is_empty());
            assert!(span(xs.as_ptr().cast::<u8>().add(1).cast::<u32>(), 1).is_empty());
            assert!(span(xs.as_ptr(), usize::MAX).is_empty());
        }
    }
}
