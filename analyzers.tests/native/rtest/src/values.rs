//! "Values": scalars and enums passed and returned by value.

use boundary_ffi::{from_bool, to_bool, Bool8};

// One wrapping add per integer width; the contract wants overflow to wrap, never trap.
macro_rules! wrapping_adds {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        #[no_mangle]
        pub extern "C" fn $name(a: $t, b: $t) -> $t {
            a.wrapping_add(b)
        }
    )*};
}

wrapping_adds! {
    rtest_add_i8: i8, rtest_add_u8: u8,
    rtest_add_i16: i16, rtest_add_u16: u16,
    rtest_add_i32: i32, rtest_add_u32: u32,
    rtest_add_i64: i64, rtest_add_u64: u64,
    rtest_add_isize: isize, rtest_add_usize: usize,
}

#[no_mangle]
pub extern "C" fn rtest_add_f32(a: f32, b: f32) -> f32 {
    a + b
}

#[no_mangle]
pub extern "C" fn rtest_add_f64(a: f64, b: f64) -> f64 {
    a + b
}

#[no_mangle]
pub extern "C" fn rtest_not(b: Bool8) -> Bool8 {
    from_bool(b == 0)
}

/// Echoes the raw byte so tests can see exactly what the stub put on the wire for a `bool`.
#[no_mangle]
pub extern "C" fn rtest_bool_byte(b: u8) -> u8 {
    b
}

#[no_mangle]
pub extern "C" fn rtest_and3(a: Bool8, b: Bool8, c: Bool8) -> Bool8 {
    from_bool(to_bool(a) && to_bool(b) && to_bool(c))
}

/// Red=0, Green=1, Blue=2. `%` truncates like C and Go, so all three languages agree even on
/// out-of-range input.
#[no_mangle]
pub extern "C" fn rtest_next_color(c: i32) -> i32 {
    c.wrapping_add(1) % 3
}

#[no_mangle]
pub extern "C" fn rtest_double_shade(s: u8) -> u8 {
    s.wrapping_mul(2)
}

/// Does nothing: the Go signal-stack stress test needs the cheapest possible call.
#[no_mangle]
pub extern "C" fn rtest_noop() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_wrap() {
        assert_eq!(rtest_add_i8(i8::MAX, 1), i8::MIN);
        assert_eq!(rtest_add_u8(255, 2), 1);
        assert_eq!(rtest_add_i64(i64::MIN, -1), i64::MAX);
        assert_eq!(rtest_add_usize(usize::MAX, 1), 0);
        assert_eq!(rtest_add_f64(0.5, 0.25), 0.75);
    }

    #[test]
    fn bools_are_canonical_bytes() {
        assert_eq!(rtest_not(0), 1);
        assert_eq!(rtest_not(1), 0);
        assert_eq!(rtest_not(7), 0);
        assert_eq!(rtest_and3(1, 2, 255), 1);
        assert_eq!(rtest_and3(1, 0, 1), 0);
        assert_eq!(rtest_bool_byte(42), 42);
    }

    #[test]
    fn enums() {
        assert_eq!(rtest_next_color(0), 1);
        assert_eq!(rtest_next_color(2), 0);
        assert_eq!(rtest_double_shade(2), 4);
        assert_eq!(rtest_double_shade(200), 144);
    }
}
