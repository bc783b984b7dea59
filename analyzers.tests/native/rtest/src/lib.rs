//! `librtest.so`: the Rust test library of the end-to-end tests. Every export is specified by
//! `docs/design/native-test-abi.md`, which `libgotest.so` implements too, so one C# suite
//! checks both languages.

// Every unsafe operation gets its own block, so each one can carry its own justification.
#![deny(unsafe_op_in_unsafe_fn)]

mod async_ops;
mod bus;
mod by_ref;
mod callbacks;
mod closable;
mod counter;
mod counter_status;
mod errors_go;
mod errors_record;
mod errors_status;
mod gate;
mod null_errors;
mod out_params;
mod owned;
mod probes;
mod registry;
mod retained;
mod returned_buffers;
mod returned_strings;
mod shape_buffers;
mod spans;
mod stress;
mod strings;
mod structs;
mod support;
mod ticker;
mod values;

/// The error code of a panic caught at the boundary (the contract's `Panic = 99`).
const PANIC: i32 = 99;

#[cfg(test)]
mod test_support {
    use std::sync::{Mutex, MutexGuard, PoisonError};

    // The registries are process-wide and tests run in parallel, so every test that measures
    // them takes its turn through this one lock and compares statistics before and after.
    static SERIAL: Mutex<()> = Mutex::new(());

    pub fn serial() -> MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
