//! C-ABI conventions for Rust `cdylib`s called from .NET through BoundaryAnalyzers.
//!
//! Each convention lives in its own module:
//!
//! - [`abi`]: [`Bool8`], the one-byte boolean.
//! - [`handle`]: objects handed out as `Box::into_raw` pointers, with a live count.
//! - [`slices`]: span parameters `(ptr, len)` → `&[T]` / `&mut [T]`, `(null, 0)` included.
//! - [`strings`]: owned returned strings ([`into_c_string`] / [`free_c_string`]), borrowed
//!   static ones ([`static_c_str!`]), string parameters ([`str_param`], [`cstr_param`]).
//! - [`buffers`]: [`RawBuffer<T>`] `{ ptr, len }`, freed by [`free_buffer`] from the pointer
//!   alone whatever `T` is.
//! - [`error`]: [`Error`] `{ code, message }` and [`OrCode`]; [`mod@panic`]: the [`guard`] that turns
//!   a panic into an `Error` with message `"panic: <payload>"`.
//! - The three error shapes: [`mod@status`] (status code + [`take_last_error`]), [`multi`]
//!   (Go-style multi-return structs), [`record`] (out [`ErrorRecord`], [`out_error`]).
//! - [`export_runtime!`]: the library's free / last-error exports in one line;
//!   [`export_abi_version!`]: the ABI version export the `AbiVersion` handshake reads.
//! - [`callback`]: callbacks `(fn, user_data)` as [`Callback<F>`], retained ones with their
//!   `release` as [`RetainedCallback<F>`] (released exactly once, on drop).
//! - [`completion`]: async operations that report through `done(user_data, ...)`:
//!   [`Completion`] calls `done` exactly once in the shape chosen (a panic or a drop without
//!   completing included), [`spawn_async`] runs the work on a thread.
//! - [`mod@cancel`]: [`CancelToken`] flags registered per pending operation under its
//!   `user_data`; [`cancel()`] and [`export_cancel!`] are the library's cancel export.
//!
//! Each `cdylib` links its own copy of this crate, so everything it allocates must be freed
//! by the same library's exports.

// Every unsafe operation gets its own block, so each one can carry its own justification.
#![deny(unsafe_op_in_unsafe_fn)]

pub mod abi;
pub mod buffers;
pub mod callback;
pub mod cancel;
pub mod completion;
pub mod error;
pub mod handle;
pub mod multi;
pub mod panic;
pub mod record;
mod runtime;
pub mod slices;
pub mod status;
pub mod strings;
pub mod version;

pub use abi::{from_bool, to_bool, Bool8};
pub use buffers::{free_buffer, RawBuffer};
pub use callback::{Callback, CallbackFn, ReleaseFn, RetainedCallback};
pub use cancel::{cancel, pending_operations, CancelToken};
pub use completion::{spawn_async, Completion, Zero};
pub use error::{Error, OrCode};
pub use multi::{
    go_code, go_error, go_result, go_result_code, go_result_code_or, go_result_or, GoResult,
    GoResultCode,
};
pub use panic::guard;
pub use record::{free_error_record, out_error, out_error_or, ErrorRecord};
pub use slices::{slice, slice_mut, ParamError};
pub use status::{fail, status, status_void, take_last_error};
pub use strings::{
    borrowed_c_str, bytes_into_c_string, cstr_param, free_c_string, into_c_string, str_param,
};
