// Command gotest is libgotest.so, the Go test library of the end-to-end tests. Every export is
// specified by docs/design/native-test-abi.md, which librtest.so implements too, so one C#
// suite checks both languages.
//
// Build: go build -buildmode=c-shared -o libgotest.so .
package main

// main is required by -buildmode=c-shared and never runs: the host process calls the exports.
func main() {}
