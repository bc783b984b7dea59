//! Handles: objects handed to the caller as `Box::into_raw` pointers.
//!
//! The caller owns a handle until it passes it back to a release or consuming function.
//! A process-wide count of live handles lets tests and diagnostics prove that every handle
//! was released exactly once. Each `cdylib` links its own copy of this crate, so the count
//! is per native library, not per process.

use std::sync::atomic::{AtomicI64, Ordering};

// Relaxed is enough: the count is a diagnostic with no data published through it, and a
// single atomic is still read coherently by a thread that synchronised with the writers.
static LIVE: AtomicI64 = AtomicI64::new(0);

/// Moves `value` to the heap and returns the pointer to hand to the caller as a handle.
pub fn into_raw<T>(value: T) -> *mut T {
    LIVE.fetch_add(1, Ordering::Relaxed);
    Box::into_raw(Box::new(value))
}

/// Borrows the object behind a handle; `None` for a null handle.
///
/// # Safety
/// `ptr` must be null or a pointer returned by [`into_raw::<T>`](into_raw) that has not been
/// released or taken, and no `&mut` to the same object may be alive during `'a`.
pub unsafe fn borrow<'a, T>(ptr: *const T) -> Option<&'a T> {
    // SAFETY: the caller guarantees a live, properly aligned box allocation or null.
    unsafe { ptr.as_ref() }
}

/// Mutably borrows the object behind a handle; `None` for a null handle.
///
/// # Safety
/// As for [`borrow`], and additionally no other reference to the object may be alive during `'a`.
pub unsafe fn borrow_mut<'a, T>(ptr: *mut T) -> Option<&'a mut T> {
    // SAFETY: the caller guarantees a live, unaliased box allocation or null.
    unsafe { ptr.as_mut() }
}

/// Consumes a handle: takes the object back out of its box; `None` for a null handle.
///
/// # Safety
/// `ptr` must be null or a pointer returned by [`into_raw::<T>`](into_raw) that has not been
/// released or taken. The handle is dangling afterwards.
pub unsafe fn take<T>(ptr: *mut T) -> Option<T> {
    if ptr.is_null() {
        return None;
    }
    LIVE.fetch_sub(1, Ordering::Relaxed);
    // SAFETY: the caller guarantees `ptr` came from `Box::into_raw` and is still owned.
    Some(*unsafe { Box::from_raw(ptr) })
}

/// Releases a handle, dropping its object. Null is a no-op, like C's `free(NULL)`, so release
/// functions can be called unconditionally from finalizers.
///
/// # Safety
/// As for [`take`].
pub unsafe fn release<T>(ptr: *mut T) {
    // SAFETY: forwarded verbatim from this function's contract.
    drop(unsafe { take(ptr) });
}

/// Handles created by [`into_raw`] and not yet released or taken.
pub fn live_handles() -> i64 {
    LIVE.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Mutex, MutexGuard, PoisonError};

    // The live count is process-wide and the test harness runs tests in parallel, so tests
    // that measure it take turns.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn serial() -> MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[test]
    fn into_raw_and_release_move_the_count() {
        let _turn = serial();
        let before = live_handles();
        let a = into_raw(1_u32);
        let b = into_raw(String::from("two"));
        assert_eq!(live_handles(), before + 2);
        unsafe {
            release(a);
            release(b);
        }
        assert_eq!(live_handles(), before);
    }

    #[test]
    fn take_returns_the_value_and_decrements() {
        let _turn = serial();
        let before = live_handles();
        let h = into_raw(vec![1, 2, 3]);
        assert_eq!(live_handles(), before + 1);
        assert_eq!(unsafe { take(h) }, Some(vec![1, 2, 3]));
        assert_eq!(live_handles(), before);
    }

    #[test]
    fn borrows_see_and_change_the_object() {
        let _turn = serial();
        let h = into_raw(10_i64);
        unsafe {
            *borrow_mut(h).unwrap() += 5;
            assert_eq!(borrow(h), Some(&15));
            release(h);
        }
    }

    #[test]
    fn null_is_none_and_release_of_null_is_a_no_op() {
        let _turn = serial();
        let before = live_handles();
        unsafe {
            assert!(borrow::<u8>(std::ptr::null()).is_none());
            assert!(borrow_mut::<u8>(std::ptr::null_mut()).is_none());
            assert!(take::<u8>(std::ptr::null_mut()).is_none());
            release::<u8>(std::ptr::null_mut());
        }
        assert_eq!(live_handles(), before);
    }

    #[test]
    fn release_runs_drop() {
        use std::rc::Rc;
        let _turn = serial();
        let shared = Rc::new(());
        let h = into_raw(Rc::clone(&shared));
        assert_eq!(Rc::strong_count(&shared), 2);
        unsafe { release(h) };
        assert_eq!(Rc::strong_count(&shared), 1);
    }
}
