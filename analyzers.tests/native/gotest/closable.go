package main

// #include <stdint.h>
import "C"

import (
	"sync/atomic"

	"boundaryanalyzers.dev/boundary"
)

// "Release functions that return a status" (sqlite3_finalize): a Closable handle whose release
// always frees it and returns the status it was created with, so a failed close is still a
// release. A cgo.Handle like a Counter's; boundary.Take refuses a handle of another type, so a
// Counter passed here is a bad close and stays live.

type closable struct{ closeStatus int32 }

// badClose is what gotest_closable_close returns for a handle that is not a live Closable.
const badClose = -1

var (
	liveClosables atomic.Int64
	badCloses     atomic.Int64
)

//export gotest_closable_new
func gotest_closable_new(closeStatus C.int32_t) C.uintptr_t {
	liveClosables.Add(1)
	return C.uintptr_t(boundary.NewHandle(&closable{int32(closeStatus)}))
}

// gotest_closable_close always releases a live Closable and returns its close status. 0 is a
// no-op returning 0 (like sqlite3_finalize(NULL)); anything else counts a bad close and
// returns badClose.
//
//export gotest_closable_close
func gotest_closable_close(h C.uintptr_t) C.int32_t {
	if h == 0 {
		return 0
	}
	c, ok := boundary.Take[*closable](uintptr(h))
	if !ok {
		badCloses.Add(1)
		return badClose
	}
	liveClosables.Add(-1)
	return C.int32_t(c.closeStatus)
}

//export gotest_live_closables
func gotest_live_closables() C.int64_t { return C.int64_t(liveClosables.Load()) }

//export gotest_bad_closes
func gotest_bad_closes() C.int64_t { return C.int64_t(badCloses.Load()) }
