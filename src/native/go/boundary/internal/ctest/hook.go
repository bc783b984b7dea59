package ctest

// A file with //export may only declare in its preamble, so the hook lives here.

import "C"

import "unsafe"

//export ctestHook
func ctestHook(user unsafe.Pointer) {
	if f, ok := hooks.Load(uintptr(user)); ok {
		f.(func())()
	}
}
