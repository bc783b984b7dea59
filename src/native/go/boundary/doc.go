// Package boundary is the Go half of BoundaryAnalyzers: the C-ABI conventions that the
// generated C# stubs expect from a Go c-shared library, as small functions that never panic.
//
// A panic that escapes an exported function kills the whole .NET host process, and the
// runtime/cgo functions panic on a bad handle, so everything here turns misuse into a false
// result instead.
//
//   - handles: Go values handed to C# as runtime/cgo.Handle numbers (NewHandle, Value,
//     Release, Take) plus LiveHandles, a count that tests use to prove nothing leaked.
//   - abi: the one-byte boolean the stubs marshal (Bool, Byte).
//
// The C types cgo generates (C.uintptr_t, C.uint8_t, ...) are local to each package that
// imports "C", so this API uses the Go types with the same representation (uintptr, uint8)
// and an exporting library converts at its edge.
package boundary
