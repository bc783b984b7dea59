//! [`export_runtime!`]: the per-library exports that release what the library hands out.
//!
//! Each `cdylib` links its own copy of this crate (and its own allocator state), so memory
//! must be freed by the library that allocated it: each library exports its own free
//! functions under its own prefix, and the generated C# stubs call those.

/// Exports the runtime functions of a library, each `#[no_mangle] extern "C"`. Every entry is
/// optional; list only those the library needs, in any order:
///
/// ```
/// boundary_ffi::export_runtime! {
///     string_free: geo_string_free,  // fn(s: *mut c_char)           -> free_c_string
///     buffer_free: geo_buffer_free,  // fn(p: *mut c_void)           -> free_buffer
///     last_error: geo_last_error,    // fn() -> *mut c_char          -> take_last_error
///     error_free: geo_error_free,    // fn(e: *mut ErrorRecord)      -> free_error_record
/// }
/// ```
#[macro_export]
macro_rules! export_runtime {
    (@one string_free $name:ident) => {
        /// Frees an owned string returned by this library. Null is a no-op.
        ///
        /// # Safety
        /// `s` must be null or an owned string from this library, not freed yet.
        // `unsafe(no_mangle)` is accepted by every edition, `no_mangle` alone not by 2024.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(s: *mut ::std::ffi::c_char) {
            // SAFETY: forwarded from this function's contract.
            unsafe { $crate::strings::free_c_string(s) }
        }
    };
    (@one buffer_free $name:ident) => {
        /// Frees an owned buffer returned by this library, of any element type. Null is a
        /// no-op.
        ///
        /// # Safety
        /// `p` must be null or the pointer of an owned buffer from this library, not freed yet.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(p: *mut ::std::ffi::c_void) {
            // SAFETY: forwarded from this function's contract.
            unsafe { $crate::buffers::free_buffer(p) }
        }
    };
    (@one last_error $name:ident) => {
        /// Returns (owned) and clears the message of this thread's most recent failure;
        /// null when it set none.
        #[unsafe(no_mangle)]
        pub extern "C" fn $name() -> *mut ::std::ffi::c_char {
            $crate::status::take_last_error()
        }
    };
    (@one error_free $name:ident) => {
        /// Frees an error record and its message. Null is a no-op.
        ///
        /// # Safety
        /// `e` must be null or a record from this library, not freed yet.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(e: *mut $crate::record::ErrorRecord) {
            // SAFETY: forwarded from this function's contract.
            unsafe { $crate::record::free_error_record(e) }
        }
    };
    (@one $other:ident $name:ident) => {
        ::std::compile_error!(::std::concat!(
            "export_runtime!: unknown entry `",
            ::std::stringify!($other),
            "` (expected string_free, buffer_free, last_error or error_free)"
        ));
    };
    ($($kind:ident : $name:ident),* $(,)?) => {
        $($crate::export_runtime!(@one $kind $name);)*
    };
}

#[cfg(test)]
mod tests {
    use crate::buffers::RawBuffer;
    use crate::error::Error;
    use crate::record::{out_error, ErrorRecord};
    use crate::status::status_void;
    use crate::strings::into_c_string;
    use std::ffi::CStr;
    use std::ptr::null_mut;

    crate::export_runtime! {
        string_free: test_string_free,
        buffer_free: test_buffer_free,
        last_error: test_last_error,
        error_free: test_error_free,
    }

    mod partial {
        crate::export_runtime! { last_error: partial_last_error }
    }

    #[test]
    fn exported_functions_release_what_the_crate_made() {
        // SAFETY: each pointer is fresh from this crate and freed exactly once.
        unsafe {
            test_string_free(into_c_string("x"));
            test_string_free(null_mut());
            test_buffer_free(RawBuffer::from_slice(&[1_u16, 2]).ptr.cast());
            test_buffer_free(null_mut());
            let mut err: *mut ErrorRecord = null_mut();
            out_error(&mut err, 99, || Err::<(), _>(Error::new(1, "m")));
            test_error_free(err);
            test_error_free(null_mut());

            assert_eq!(status_void(99, || Err(Error::new(3, "disk on fire"))), 3);
            let m = test_last_error();
            assert_eq!(CStr::from_ptr(m).to_bytes(), b"disk on fire");
            test_string_free(m);
            assert!(partial::partial_last_error().is_null());
        }
    }
}
