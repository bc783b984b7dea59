//! The panic guard: a panic must never unwind into the caller (from an `extern "C"` function
//! it aborts the whole process), so every export that can panic runs its body in [`guard`],
//! which turns the panic into an [`Error`] with the library's panic code and the message
//! `"panic: <payload>"`.
//!
//! The first guard installs a panic hook (once per library) that prints nothing for panics
//! inside a guard, since they are reported as errors, and delegates every other panic to the
//! hook that was installed before. Guards only work with `panic = "unwind"` (the default);
//! with `panic = "abort"` nothing can be caught.

use crate::error::Error;
use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many guards are active on this thread (guards may nest).
    static GUARD_DEPTH: Cell<u32> = const { Cell::new(0) };
}

static HOOK: Once = Once::new();

/// Installs the quiet-inside-guards panic hook, once; [`guard`] calls it, so calling it
/// directly is only needed to install the hook early (before another hook, say).
pub fn install_panic_hook() {
    // `take_hook` panics if called while this thread is panicking (a guard run from a `Drop`
    // during unwinding); the hook is then simply installed by a later guard.
    if std::thread::panicking() {
        return;
    }
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            // `try_with`: a panic in a thread-local destructor cannot see the flag; print it.
            let guarded = GUARD_DEPTH.try_with(Cell::get).unwrap_or(0) > 0;
            if !guarded {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Error { code: panic_code, message: "panic: <payload>" }`.
///
/// `f` is treated as unwind-safe ([`AssertUnwindSafe`]): after a panic the guard only reports
/// it, but state `f` shared with the rest of the library (behind a `Mutex`, say) may have
/// been left half-updated, as after any panic.
pub fn guard<T>(panic_code: i32, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    install_panic_hook();
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            let _ = GUARD_DEPTH.try_with(|d| d.set(d.get().saturating_sub(1)));
        }
    }
    let _ = GUARD_DEPTH.try_with(|d| d.set(d.get().saturating_add(1)));
    let depth = Depth;
    let result = panic::catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::new(panic_code, panic_message(payload))));
    // Still inside the guard while the payload is dropped, in case its destructor panics.
    drop(depth);
    result
}

/// `"panic: <payload>"` for a `&str` or `String` payload, `"panic: <unknown payload>"` for
/// anything else. Consumes the payload; a payload whose destructor panics is leaked instead of
/// dropped, so this never panics.
pub fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<unknown payload>".to_owned()
    };
    if let Err(second) = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(second);
    }
    format!("panic: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_and_err_pass_through() {
        assert_eq!(guard(99, || Ok::<_, Error>(5)), Ok(5));
        assert_eq!(
            guard(99, || Err::<(), _>(Error::new(2, "x"))),
            Err(Error::new(2, "x"))
        );
    }

    #[test]
    fn panics_become_errors_with_the_exact_message() {
        assert_eq!(
            guard(99, || -> Result<(), Error> { panic!("boom") }),
            Err(Error::new(99, "panic: boom"))
        );
        let x = 7;
        assert_eq!(
            guard(42, || -> Result<(), Error> { panic!("boom {x}") }),
            Err(Error::new(42, "panic: boom 7"))
        );
        assert_eq!(
            guard(99, || -> Result<(), Error> { panic::panic_any(12_u8) }),
            Err(Error::new(99, "panic: <unknown payload>"))
        );
    }

    #[test]
    fn guards_nest_and_reset_the_depth() {
        let inner = guard(1, || {
            let nested = guard(2, || -> Result<(), Error> { panic!("inner") });
            assert_eq!(nested, Err(Error::new(2, "panic: inner")));
            Ok(())
        });
        assert_eq!(inner, Ok(()));
        assert_eq!(GUARD_DEPTH.with(Cell::get), 0);
    }

    #[test]
    fn a_payload_with_a_panicking_destructor_is_leaked_not_dropped() {
        struct Nasty;
        impl Drop for Nasty {
            fn drop(&mut self) {
                panic!("in drop");
            }
        }
        assert_eq!(
            guard(99, || -> Result<(), Error> { panic::panic_any(Nasty) }),
            Err(Error::new(99, "panic: <unknown payload>"))
        );
    }
}
