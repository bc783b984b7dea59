//! `librtest.so`: the Rust test library of the end-to-end tests. Every export is specified by
//! `docs/design/native-test-abi.md`, which `libgotest.so` implements too, so one C# suite
//! checks both languages.

// Every unsafe operation gets its own block, so each one can carry its own justification.
#![deny(unsafe_op_in_unsafe_fn)]

mod by_ref;
mod counter;
mod registry;
mod strings;
mod structs;
mod values;
