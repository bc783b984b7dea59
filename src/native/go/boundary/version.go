package boundary

// #include <stdlib.h>
import "C"

import (
	"sync"
	"unsafe"
)

var (
	versionsMu sync.Mutex
	versions   = map[string]unsafe.Pointer{}
)

// AbiVersion returns v ("MAJOR.MINOR" or "MAJOR.MINOR.PATCH") as a NUL-terminated C string the
// package keeps for the life of the process, for the library's ABI version export, which a .NET
// boundary declared with AbiVersion = "2.1" reads once before its first call:
//
//	//export geo_abi_version
//	func geo_abi_version() *C.char { return (*C.char)(boundary.AbiVersion("2.1")) }
func AbiVersion(v string) unsafe.Pointer {
	versionsMu.Lock()
	defer versionsMu.Unlock()
	if p, ok := versions[v]; ok {
		return p
	}
	p := unsafe.Pointer(C.CString(v))
	versions[v] = p
	return p
}
