//! The ABI version handshake: a boundary declared with `AbiVersion = "2.1"` asks the library
//! once, before its first call, for its ABI version through `const char* <name>(void)` and
//! refuses a different major version or a smaller minor one.

/// Exports `extern "C" fn $name() -> *const c_char` returning `$version` (a string literal,
/// `"MAJOR.MINOR"` or `"MAJOR.MINOR.PATCH"`) as a static NUL-terminated string, in one line.
///
/// ```
/// boundary_ffi::export_abi_version!(geo_abi_version, "2.3");
/// let v = unsafe { std::ffi::CStr::from_ptr(geo_abi_version()) };
/// assert_eq!(v.to_str(), Ok("2.3"));
/// ```
#[macro_export]
macro_rules! export_abi_version {
    ($name:ident, $version:literal) => {
        /// The ABI version this library implements, checked by the .NET boundary's first call.
        // `unsafe(no_mangle)` is accepted by every edition, `no_mangle` alone not by 2024.
        #[unsafe(no_mangle)]
        pub extern "C" fn $name() -> *const ::std::ffi::c_char {
            concat!($version, "\0").as_ptr().cast()
        }
    };
}

#[cfg(test)]
mod tests {
    crate::export_abi_version!(test_abi_version, "4.2.1");

    #[test]
    fn the_version_is_a_static_nul_terminated_string() {
        // SAFETY: the macro returns a pointer to a static NUL-terminated string.
        let text = unsafe { std::ffi::CStr::from_ptr(test_abi_version()) };
        assert_eq!(text.to_str(), Ok("4.2.1"));
        assert_eq!(test_abi_version(), test_abi_version());
    }
}
