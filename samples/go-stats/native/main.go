// Command stats is libstats.so, the Go library of the go-stats sample: a running-statistics
// accumulator that C# feeds from many threads at once (../StatsSample).
//
// The statistics are plain Go (moments.go, percentile.go, accumulator.go, results.go,
// callbacks.go, watch.go) so they can be unit tested, since test files cannot use cgo;
// exports.go, results_exports.go and callbacks_exports.go only convert between C and Go, the
// latter two through the boundary helpers for returned strings, spans, buffers and Go
// multi-return errors, and for callbacks, a retained-callback subscription and an async
// operation with cancellation. The tests call the exports with C callbacks from
// internal/ctest.
//
// Build: go build -buildmode=c-shared -o libstats.so .
package main

// main is required by -buildmode=c-shared and never runs: the host process calls the exports.
func main() {}
