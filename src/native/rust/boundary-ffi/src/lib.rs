//! C-ABI conventions for Rust `cdylib`s called from .NET through BoundaryAnalyzers.
//!
//! Each convention lives in its own module so later ones (panic guards, error strings,
//! last-error storage, owned buffers) slot in beside these without reshaping the crate.

// Every unsafe operation gets its own block, so each one can carry its own justification.
#![deny(unsafe_op_in_unsafe_fn)]

pub mod abi;
pub mod handle;

pub use abi::{from_bool, to_bool, Bool8};
