// The callback types of "Callbacks and async" in docs/design/native-test-abi.md, and the
// trampolines Go calls them through (Go cannot call a C function pointer itself). A header for
// the same reason as structs.h: several Go files with exports use them, and cgo copies every
// such file's preamble into one generated header. Every function is static inline, so nothing
// here becomes a symbol of the library.
#ifndef GOTEST_CALLBACKS_H
#define GOTEST_CALLBACKS_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "boundary.h"

// Borrowed during the call.
typedef int32_t (*gotest_map_fn)(void* user_data, int32_t item);
typedef uint8_t (*gotest_pred_fn)(void* user_data, int32_t value);
typedef int32_t (*gotest_until_fn)(void* user_data, int32_t i);
typedef void (*gotest_word_fn)(void* user_data, const uint8_t* word, size_t word_len);
typedef void (*gotest_cword_fn)(void* user_data, const char* word);
typedef void (*gotest_thread_fn)(void* user_data, int32_t thread_index, int32_t i);
typedef void (*gotest_visit_fn)(void* user_data, uintptr_t c, int32_t i);
typedef const char* (*gotest_name_fn)(void* user_data, int32_t i);

// Retained: a tick (also the event of the bus and the callback of release_twice) and its release.
typedef void (*gotest_tick_fn)(void* user_data, int32_t n);
typedef void (*gotest_release_fn)(void* user_data);

// Completions of the async operations, by error shape.
typedef void (*gotest_done_i32)(void* user_data, int32_t result);
typedef void (*gotest_done_void)(void* user_data);
typedef void (*gotest_done_status)(void* user_data, int32_t status, int32_t result);
typedef void (*gotest_done_go)(void* user_data, int32_t r0, char* r1);
typedef void (*gotest_done_go_code)(void* user_data, int32_t r0, int32_t r1, char* r2);
typedef void (*gotest_done_record)(void* user_data, int32_t result, boundary_error* err);
typedef void (*gotest_done_string)(void* user_data, char* greeting);
typedef void (*gotest_done_handle)(void* user_data, uintptr_t counter);
typedef void (*gotest_done_buffer)(void* user_data, boundary_buffer buf);

static inline int32_t gotest_invoke_map(gotest_map_fn f, void* u, int32_t item) { return f(u, item); }
static inline uint8_t gotest_invoke_pred(gotest_pred_fn f, void* u, int32_t v) { return f(u, v); }
static inline int32_t gotest_invoke_until(gotest_until_fn f, void* u, int32_t i) { return f(u, i); }
static inline void gotest_invoke_word(gotest_word_fn f, void* u, const uint8_t* w, size_t n) { f(u, w, n); }
static inline void gotest_invoke_cword(gotest_cword_fn f, void* u, const char* w) { f(u, w); }
static inline void gotest_invoke_thread(gotest_thread_fn f, void* u, int32_t t, int32_t i) { f(u, t, i); }
static inline void gotest_invoke_visit(gotest_visit_fn f, void* u, uintptr_t c, int32_t i) { f(u, c, i); }
static inline const char* gotest_invoke_name(gotest_name_fn f, void* u, int32_t i) { return f(u, i); }
static inline void gotest_invoke_tick(gotest_tick_fn f, void* u, int32_t n) { f(u, n); }
static inline void gotest_invoke_release(gotest_release_fn f, void* u) { f(u); }

static inline void gotest_invoke_done_i32(gotest_done_i32 f, void* u, int32_t r) { f(u, r); }
static inline void gotest_invoke_done_void(gotest_done_void f, void* u) { f(u); }
static inline void gotest_invoke_done_status(gotest_done_status f, void* u, int32_t s, int32_t r) { f(u, s, r); }
static inline void gotest_invoke_done_go(gotest_done_go f, void* u, int32_t r0, char* r1) { f(u, r0, r1); }
static inline void gotest_invoke_done_go_code(gotest_done_go_code f, void* u, int32_t r0, int32_t r1, char* r2) {
	f(u, r0, r1, r2);
}
static inline void gotest_invoke_done_record(gotest_done_record f, void* u, int32_t r, boundary_error* e) { f(u, r, e); }
static inline void gotest_invoke_done_string(gotest_done_string f, void* u, char* s) { f(u, s); }
static inline void gotest_invoke_done_handle(gotest_done_handle f, void* u, uintptr_t c) { f(u, c); }
static inline void gotest_invoke_done_buffer(gotest_done_buffer f, void* u, boundary_buffer b) { f(u, b); }

// The calling OS thread, for the bus's reentrant delivery lock.
static inline uintptr_t gotest_thread_self(void) { return (uintptr_t)pthread_self(); }

// The calling thread's alternate signal stack: its base and size, both 0 when it is disabled.
static inline uintptr_t gotest_altstack(size_t* size) {
	stack_t ss;
	*size = 0;
	if (sigaltstack(NULL, &ss) != 0 || (ss.ss_flags & SS_DISABLE)) {
		return 0;
	}
	*size = ss.ss_size;
	return (uintptr_t)ss.ss_sp;
}

#endif
