//! "Errors", shape 4: a null (or sentinel) result, and the message in the thread's last error,
//! the same one `rtest_last_error` hands out for the status-code shape. Success leaves the last
//! error alone, as every status-code export does.

use crate::registry::{self, Counter};
use boundary_ffi::slice;
use boundary_ffi::status::set_last_error;
use std::ptr::null_mut;

/// A new Counter, or null with the last error "start must not be negative: <start>".
#[no_mangle]
pub extern "C" fn rtest_counter_new_checked(start: i64) -> *mut Counter {
    if start < 0 {
        set_last_error(Some(format!("start must not be negative: {start}")));
        return null_mut();
    }
    registry::create(start)
}

/// The failure result of `rtest_parse_i64`. Never a successful result: the text of `i64::MIN`
/// itself is refused, or a caller could not tell it from a failure.
pub const PARSE_FAILED: i64 = i64::MIN;

/// Decimal text, an optional sign and digits only (what both `str::parse::<i64>` and Go's
/// `strconv.ParseInt(s, 10, 64)` accept), to the `i64` it spells.
fn parse(text: &[u8]) -> Option<i64> {
    let value = std::str::from_utf8(text).ok()?.parse::<i64>().ok()?;
    (value != PARSE_FAILED).then_some(value)
}

/// The value, or `PARSE_FAILED` with the last error "not a number: <text>" (invalid UTF-8
/// shown as U+FFFD), or the parameter error ("null pointer with length <len>") for a null
/// pointer with a length.
///
/// # Safety
/// `text` must be null or point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rtest_parse_i64(text: *const u8, len: usize) -> i64 {
    // SAFETY: forwarded from this function's contract.
    let bytes = match unsafe { slice(text, len) } {
        Ok(bytes) => bytes,
        // Null with a length, or a length beyond `isize::MAX` (bytes are never misaligned).
        Err(e) => {
            set_last_error(Some(e.to_string()));
            return PARSE_FAILED;
        }
    };
    parse(bytes).unwrap_or_else(|| {
        set_last_error(Some(format!(
            "not a number: {}",
            String::from_utf8_lossy(bytes)
        )));
        PARSE_FAILED
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{rtest_counter_free, rtest_counter_get, rtest_live_counters};
    use crate::errors_status::rtest_last_error;
    use crate::returned_strings::rtest_live_strings;
    use crate::returned_strings::tests::take;
    use crate::test_support::serial;

    fn last_error() -> Option<String> {
        let p = rtest_last_error();
        (!p.is_null()).then(|| String::from_utf8_lossy(&take(p)).into_owned())
    }

    #[test]
    fn counter_new_checked() {
        let _turn = serial();
        let live = rtest_live_counters();
        assert!(rtest_counter_new_checked(-3).is_null());
        assert_eq!(
            last_error().as_deref(),
            Some("start must not be negative: -3")
        );
        let c = rtest_counter_new_checked(0);
        assert_eq!(rtest_counter_get(c), 0);
        rtest_counter_free(c);
        assert_eq!(last_error(), None, "success leaves no message");
        assert_eq!(rtest_live_counters(), live);
    }

    #[test]
    fn parse_i64() {
        let _turn = serial();
        let strings = rtest_live_strings();
        let parse = |text: &[u8]| {
            // SAFETY: a live slice.
            unsafe { rtest_parse_i64(text.as_ptr(), text.len()) }
        };
        assert_eq!(parse(b"-42"), -42);
        assert_eq!(parse(b"+7"), 7);
        assert_eq!(parse(b"9223372036854775807"), i64::MAX);
        assert_eq!(parse(b"-9223372036854775807"), i64::MIN + 1);
        for (text, value) in [("0", 0), ("-0", 0), ("+12", 12), ("007", 7)] {
            assert_eq!(parse(text.as_bytes()), value, "{text}");
        }
        assert_eq!(last_error(), None);
        for text in ["+", "-", "0x10", "1e3", "1.0", "1_0", "\u{661}"] {
            assert_eq!(parse(text.as_bytes()), PARSE_FAILED, "{text}");
            assert_eq!(last_error(), Some(format!("not a number: {text}")));
        }
        for (text, message) in [
            (&b"12x"[..], "not a number: 12x"),
            (b"", "not a number: "),
            (b" 1", "not a number:  1"),
            (b"9223372036854775808", "not a number: 9223372036854775808"),
            (
                b"-9223372036854775808",
                "not a number: -9223372036854775808",
            ),
            (b"1\xff", "not a number: 1\u{fffd}"),
        ] {
            assert_eq!(parse(text), PARSE_FAILED, "{message}");
            assert_eq!(last_error().as_deref(), Some(message));
        }
        // SAFETY: null pointers are never read.
        unsafe {
            assert_eq!(rtest_parse_i64(std::ptr::null(), 0), PARSE_FAILED);
            assert_eq!(last_error().as_deref(), Some("not a number: "));
            assert_eq!(rtest_parse_i64(std::ptr::null(), 2), PARSE_FAILED);
            assert_eq!(last_error().as_deref(), Some("null pointer with length 2"));
        }
        assert_eq!(rtest_live_strings(), strings);
    }
}
