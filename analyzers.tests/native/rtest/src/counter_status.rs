//! Status codes whose message is read from the handle, not the thread (`sqlite3_errmsg(db)`),
//! and success codes other than 0 (`SQLITE_ROW` / `SQLITE_DONE`).
//!
//! Each Counter owns the message of its most recent checked call; `rtest_counter_errmsg` lends
//! it out. None of these touches the thread's last error.

use crate::registry::{self, Counter};
use boundary_ffi::static_c_str;
use std::ffi::c_char;

/// A handle that is neither live nor global (counted as a bad use).
pub const BAD_HANDLE: i32 = 2;
pub const OVERFLOW: i32 = 4;
pub const BAD_LIMIT: i32 = 5;
pub const ROW: i32 = 100;
pub const DONE: i32 = 101;

/// 0, or `OVERFLOW` with the Counter's message "overflow adding <delta> to <value>" and the
/// value unchanged. Success clears the Counter's message.
#[no_mangle]
pub extern "C" fn rtest_counter_checked_add(c: *const Counter, delta: i64) -> i32 {
    registry::with_counter(c, |c| match c.checked_add(delta) {
        Ok(_) => {
            c.set_message(None);
            0
        }
        Err(value) => {
            c.set_message(Some(format!("overflow adding {delta} to {value}")));
            OVERFLOW
        }
    })
    .unwrap_or(BAD_HANDLE)
}

/// Borrowed from the Counter: its last checked call's message, "not an error" when that call
/// succeeded or there was none. Valid until the next call on the Counter (or its release). A
/// bad handle gets the static "bad handle".
#[no_mangle]
pub extern "C" fn rtest_counter_errmsg(c: *const Counter) -> *const c_char {
    registry::with_counter(c, |c| c.message_ptr(static_c_str!("not an error")))
        .unwrap_or(static_c_str!("bad handle"))
}

/// Adds 1, then `ROW` while the value is below `limit`, `DONE` once it reaches it. `limit <= 0`
/// adds nothing and is `BAD_LIMIT` with the Counter's message "limit must be positive".
#[no_mangle]
pub extern "C" fn rtest_counter_step(c: *const Counter, limit: i64) -> i32 {
    registry::with_counter(c, |c| {
        if limit <= 0 {
            c.set_message(Some("limit must be positive".into()));
            return BAD_LIMIT;
        }
        c.set_message(None);
        if c.add(1) < limit {
            ROW
        } else {
            DONE
        }
    })
    .unwrap_or(BAD_HANDLE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{
        rtest_bad_uses, rtest_counter_free, rtest_counter_get, rtest_counter_global,
        rtest_counter_new,
    };
    use crate::errors_status::rtest_last_error;
    use crate::returned_strings::tests::take;
    use crate::test_support::serial;
    use boundary_ffi::status::set_last_error;
    use std::ffi::CStr;

    fn errmsg(c: *const Counter) -> String {
        // SAFETY: a NUL-terminated string, valid until the next call on `c`.
        unsafe { CStr::from_ptr(rtest_counter_errmsg(c)) }
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn per_counter_messages_leave_the_thread_alone() {
        let _turn = serial();
        set_last_error(Some("the thread's".into()));
        let c = rtest_counter_new(i64::MAX - 1);
        let d = rtest_counter_new(0);
        assert_eq!(errmsg(c), "not an error");
        assert_eq!(rtest_counter_checked_add(c, 1), 0);
        assert_eq!(rtest_counter_checked_add(c, 2), OVERFLOW);
        assert_eq!(rtest_counter_get(c), i64::MAX, "unchanged");
        assert_eq!(errmsg(c), "overflow adding 2 to 9223372036854775807");
        assert_eq!(errmsg(d), "not an error", "per counter");
        assert_eq!(rtest_counter_checked_add(d, i64::MIN), 0);
        assert_eq!(rtest_counter_checked_add(d, -1), OVERFLOW);
        assert_eq!(errmsg(d), "overflow adding -1 to -9223372036854775808");
        assert_eq!(errmsg(c), "overflow adding 2 to 9223372036854775807");
        assert_eq!(rtest_counter_checked_add(c, -1), 0);
        assert_eq!(errmsg(c), "not an error", "success clears it");
        let p = rtest_last_error();
        assert_eq!(take(p), b"the thread's");
        rtest_counter_free(c);
        rtest_counter_free(d);
    }

    #[test]
    fn step_returns_row_then_done() {
        let _turn = serial();
        let c = rtest_counter_new(0);
        assert_eq!(
            (0..4).map(|_| rtest_counter_step(c, 3)).collect::<Vec<_>>(),
            [ROW, ROW, DONE, DONE]
        );
        assert_eq!(rtest_counter_step(c, 0), BAD_LIMIT);
        assert_eq!(rtest_counter_get(c), 4, "a refused step adds nothing");
        assert_eq!(errmsg(c), "limit must be positive");
        assert_eq!(rtest_counter_step(c, 10), ROW);
        assert_eq!(errmsg(c), "not an error");
        rtest_counter_free(c);
    }

    #[test]
    fn bad_handles_are_counted_and_never_touched() {
        let _turn = serial();
        let uses = rtest_bad_uses();
        let c = rtest_counter_new(0);
        rtest_counter_free(c);
        assert_eq!(rtest_counter_checked_add(c, 1), BAD_HANDLE);
        assert_eq!(rtest_counter_step(std::ptr::null(), 1), BAD_HANDLE);
        assert_eq!(errmsg(c), "bad handle");
        assert_eq!(rtest_bad_uses(), uses + 3);
        let g = rtest_counter_global();
        assert_eq!(rtest_counter_step(g, -1), BAD_LIMIT);
        assert_eq!(errmsg(g), "limit must be positive");
        assert_eq!(rtest_counter_checked_add(g, 0), 0);
        assert_eq!(rtest_bad_uses(), uses + 3);
    }
}
