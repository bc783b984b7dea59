//! "Errors", shape 2: Go-style multi-return structs returned by value, the message last.
//!
//! Built on `boundary_ffi::multi`; every message handed out is registered as an owned string.

use crate::errors_status::div;
use crate::owned::{self, STRINGS};
use crate::registry::{self, Counter};
use crate::returned_strings::greeting;
use crate::PANIC;
use boundary_ffi::{
    go_code, go_error, go_result, go_result_code, go_result_or, slice, Error, GoResult,
    GoResultCode, OrCode,
};
use std::ffi::c_char;
use std::ptr::null_mut;

fn registered<T>(r: GoResult<T>) -> GoResult<T> {
    STRINGS.register(r.r1);
    r
}

fn registered_code<T>(r: GoResultCode<T>) -> GoResultCode<T> {
    STRINGS.register(r.r2);
    r
}

#[no_mangle]
pub extern "C" fn rtest_go_div(a: i32, b: i32) -> GoResult<i32> {
    registered(go_result(PANIC, || div(a, b)))
}

#[no_mangle]
pub extern "C" fn rtest_go_check(x: i32) -> *mut c_char {
    STRINGS.register(go_error(PANIC, || {
        if x < 0 {
            return Err(Error::new(2, format!("negative: {x}")));
        }
        Ok(())
    }))
}

/// # Safety
/// `name` must be null or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_go_greet(name: *const u8, len: usize) -> GoResult<*mut c_char> {
    registered(go_result_or(PANIC, null_mut(), || {
        // SAFETY: forwarded from this function's contract.
        let name = unsafe { slice(name, len) }.or_code(2)?;
        if name.is_empty() {
            return Err(Error::new(2, "empty name"));
        }
        Ok(owned::string_bytes(greeting(name)))
    }))
}

#[no_mangle]
pub extern "C" fn rtest_go_counter(start: i64) -> GoResult<*mut Counter> {
    registered(go_result_or(PANIC, null_mut(), || {
        if start < 0 {
            return Err(Error::new(2, "negative start"));
        }
        Ok(registry::create(start))
    }))
}

#[no_mangle]
pub extern "C" fn rtest_go_panic(x: i32) -> GoResult<i32> {
    registered(go_result(PANIC, || -> Result<i32, Error> {
        panic!("boom {x}")
    }))
}

#[no_mangle]
pub extern "C" fn rtest_go_div_code(a: i32, b: i32) -> GoResultCode<i32> {
    registered_code(go_result_code(PANIC, || div(a, b)))
}

/// `{code, message}`: `{2, "negative"}`, `{1, "zero"}` or `{0, null}`.
#[no_mangle]
pub extern "C" fn rtest_go_check_code(x: i32) -> GoResult<i32> {
    registered(go_code(PANIC, || match x {
        ..0 => Err(Error::new(2, "negative")),
        0 => Err(Error::new(1, "zero")),
        _ => Ok(()),
    }))
}

#[no_mangle]
pub extern "C" fn rtest_go_panic_code(x: i32) -> GoResultCode<i32> {
    registered_code(go_result_code(PANIC, || -> Result<i32, Error> {
        panic!("boom {x}")
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{rtest_counter_free, rtest_counter_get, rtest_live_counters};
    use crate::returned_strings::rtest_live_strings;
    use crate::returned_strings::tests::take;
    use crate::test_support::serial;

    fn message(p: *mut c_char) -> Option<String> {
        (!p.is_null()).then(|| String::from_utf8(take(p)).unwrap())
    }

    #[test]
    fn values_and_messages() {
        let _turn = serial();
        let live = rtest_live_strings();
        let r = rtest_go_div(7, 2);
        assert_eq!((r.r0, r.r1), (3, null_mut()));
        let r = rtest_go_div(7, 0);
        assert_eq!(r.r0, 0);
        assert_eq!(rtest_live_strings(), live + 1, "messages are registered");
        assert_eq!(message(r.r1).as_deref(), Some("division by zero"));
        assert_eq!(
            message(rtest_go_div(i32::MIN, -1).r1).as_deref(),
            Some("overflow")
        );
        assert_eq!(message(rtest_go_check(-4)).as_deref(), Some("negative: -4"));
        assert!(rtest_go_check(0).is_null());
        let r = rtest_go_panic(3);
        assert_eq!(r.r0, 0);
        assert_eq!(message(r.r1).as_deref(), Some("panic: boom 3"));
        assert_eq!(rtest_live_strings(), live);
    }

    #[test]
    fn greet_and_counter() {
        let _turn = serial();
        let (live, counters) = (rtest_live_strings(), rtest_live_counters());
        // SAFETY: live slices; a null one with length 0 is empty.
        unsafe {
            let r = rtest_go_greet(b"Go".as_ptr(), 2);
            assert!(r.r1.is_null());
            assert_eq!(take(r.r0), b"Hello, Go!");
            let r = rtest_go_greet(std::ptr::null(), 0);
            assert!(r.r0.is_null());
            assert_eq!(message(r.r1).as_deref(), Some("empty name"));
        }
        let r = rtest_go_counter(-1);
        assert!(r.r0.is_null());
        assert_eq!(message(r.r1).as_deref(), Some("negative start"));
        let r = rtest_go_counter(4);
        assert!(r.r1.is_null());
        assert_eq!(rtest_counter_get(r.r0), 4);
        rtest_counter_free(r.r0);
        assert_eq!(
            (rtest_live_strings(), rtest_live_counters()),
            (live, counters)
        );
    }

    #[test]
    fn coded_variants() {
        let _turn = serial();
        let live = rtest_live_strings();
        let r = rtest_go_div_code(9, 3);
        assert_eq!((r.r0, r.r1, r.r2), (3, 0, null_mut()));
        let r = rtest_go_div_code(9, 0);
        assert_eq!((r.r0, r.r1), (0, 2));
        assert_eq!(message(r.r2).as_deref(), Some("division by zero"));
        let r = rtest_go_div_code(i32::MIN, -1);
        assert_eq!((r.r0, r.r1), (0, 42));
        assert_eq!(message(r.r2).as_deref(), Some("overflow"));
        let r = rtest_go_check_code(-1);
        assert_eq!(r.r0, 2);
        assert_eq!(message(r.r1).as_deref(), Some("negative"));
        let r = rtest_go_check_code(0);
        assert_eq!(r.r0, 1);
        assert_eq!(message(r.r1).as_deref(), Some("zero"));
        assert_eq!(
            rtest_go_check_code(5),
            GoResult {
                r0: 0,
                r1: null_mut()
            }
        );
        let r = rtest_go_panic_code(8);
        assert_eq!((r.r0, r.r1), (0, 99));
        assert_eq!(message(r.r2).as_deref(), Some("panic: boom 8"));
        assert_eq!(rtest_live_strings(), live);
    }
}
