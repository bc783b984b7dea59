//! Scalar conventions shared by every exported function.

/// A C `uint8_t` carrying a boolean. The generated C# stubs marshal `bool` as one byte,
/// never as the 4-byte Win32 `BOOL`, so exports must use this rather than `bool`:
/// a Rust `bool` holding anything but 0 or 1 is undefined behaviour, a `u8` never is.
pub type Bool8 = u8;

/// Reads a [`Bool8`] the way C does: any nonzero byte is true.
pub fn to_bool(b: Bool8) -> bool {
    b != 0
}

/// Writes a [`Bool8`] in canonical form, exactly 0 or 1, so callers may compare bytes.
pub fn from_bool(b: bool) -> Bool8 {
    u8::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_nonzero_byte_is_true() {
        assert!(!to_bool(0));
        assert!(to_bool(1));
        assert!(to_bool(2));
        assert!(to_bool(255));
    }

    #[test]
    fn from_bool_is_canonical() {
        assert_eq!(from_bool(false), 0);
        assert_eq!(from_bool(true), 1);
    }
}
