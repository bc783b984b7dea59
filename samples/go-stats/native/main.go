// Command stats is libstats.so, the Go library of the go-stats sample: a running-statistics
// accumulator that C# feeds from many threads at once (../StatsSample).
//
// The statistics are plain Go (moments.go, percentile.go, accumulator.go, results.go) so they
// can be unit tested, since test files cannot use cgo; exports.go and results_exports.go only
// convert between C and Go, the latter through the boundary helpers for returned strings,
// spans, buffers and Go multi-return errors.
//
// Build: go build -buildmode=c-shared -o libstats.so .
package main

// main is required by -buildmode=c-shared and never runs: the host process calls the exports.
func main() {}
