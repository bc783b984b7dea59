package boundary

// The generated C# stubs marshal bool as one byte, never as the 4-byte Win32 BOOL, so an
// export takes and returns a C.uint8_t where C# has a bool. Go has no bool-to-integer
// conversion, hence these two.

// Bool reads a one-byte boolean the way C does: any nonzero byte is true.
func Bool(b uint8) bool {
	return b != 0
}

// Byte writes a one-byte boolean in canonical form, exactly 0 or 1, so callers may compare
// bytes.
func Byte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}
