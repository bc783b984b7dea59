// boundary_signals: makes a .NET process that hosts a Go c-shared library safe from signal-stack overflows.
//
// The problem (docs/design/go-signals.md has the whole story and the measurements):
//   .NET installs its asynchronous signal handlers — above all the GC's thread-activation signal, SIGRTMIN — without
//   SA_ONSTACK: they run on the interrupted thread's own stack, which is large. When a Go c-shared library loads, the
//   Go runtime adds SA_ONSTACK to every handler it finds (Go requires it: a handler must never run on a goroutine's
//   small stack). From then on .NET's handlers run on each thread's alternate signal stack, which .NET sizes for
//   stack-overflow reports only (12 KiB). The GC's activation handler needs more, and the process dies with SIGSEGV
//   on whatever thread the GC happened to suspend.
//
// The mechanism: every asynchronous signal handler that is not Go's own is replaced by one trampoline, installed with
// SA_ONSTACK (so Go's rule holds) and a full signal mask. The trampoline starts on the alternate stack and looks at
// what the signal interrupted:
//   - Go code (the program counter lies in a Go module's text): the real handler runs right here, on the alternate
//     stack, exactly as Go wants;
//   - anything else (managed code, the .NET runtime, libc, Rust): the real handler runs on the interrupted thread's
//     own stack, below its red zone — exactly where the kernel would have run it without SA_ONSTACK, which is where
//     .NET expects it;
//   - already on the alternate stack (a nested signal) or no alternate stack in use: the real handler runs in place.
// While the real handler runs away from the alternate stack, the signal frame the kernel wrote there is still live, so
// every signal stays blocked until it returns (the full mask); Go's own handlers block every signal the same way.
// Synchronous fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT) are never wrapped: Go owns
// most of them and forwards them itself, and .NET's SIGSEGV handler is built to start on the alternate stack.
//
// The managed runtime (Boundary.Interop.GoSignals) calls boundary_signals_sync() before a Go library loads (so the
// Go runtime finds handlers that already carry SA_ONSTACK and leaves them alone), right after it loaded (to learn the
// Go module's text), and again whenever a thread first calls Go (to pick up handlers installed later). Each signal is
// wrapped at most once. Everything the signal handler reads is written before the handler that reads it is
// installed, and never freed.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#if defined(__x86_64__)
// The System V red zone: the interrupted function may keep data in the 128 bytes below its stack pointer.
#define RED_ZONE 128
#define INTERRUPTED_SP(uc) ((uintptr_t)(uc)->uc_mcontext.gregs[REG_RSP])
#define INTERRUPTED_PC(uc) ((uintptr_t)(uc)->uc_mcontext.gregs[REG_RIP])
#elif defined(__aarch64__)
#define RED_ZONE 0
#define INTERRUPTED_SP(uc) ((uintptr_t)(uc)->uc_mcontext.sp)
#define INTERRUPTED_PC(uc) ((uintptr_t)(uc)->uc_mcontext.pc)
#else
#error "boundary_signals supports x86_64 and aarch64 Linux"
#endif

// Distance kept below the interrupted stack pointer, on top of the red zone: the kernel leaves a similar gap.
#define STACK_GAP 256

// Built against glibc 2.36; the package must also load on older glibc (2.17+ x86_64), where dlopen/dlsym live in
// libdl under their original versions.
#if defined(__x86_64__) && defined(__GLIBC__)
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlclose,dlclose@GLIBC_2.2.5");
__asm__(".symver dladdr,dladdr@GLIBC_2.2.5");
#endif

#define EXPORT __attribute__((visibility("default")))
#define MAX_SIGNAL 65
#define MAX_GO_RANGES 16

// A symbol every Go c-shared (and c-archive) library exports: it is how a module is recognised as Go.
static const char kGoMarker[] = "_cgo_wait_runtime_init_done";

// The handler a trampoline stands for. Immutable once published; never freed (a handler may still be reading it).
typedef struct {
    void *handler;
    int flags;
} original_t;

typedef struct {
    uintptr_t start;
    uintptr_t end;
} range_t;

static _Atomic(original_t *) originals[MAX_SIGNAL];
static range_t go_ranges[MAX_GO_RANGES];
static atomic_int go_range_count;
static atomic_long switched_count;
static atomic_long in_place_count;
// Set when a library declared as Go loaded but no Go module was found: from then on no handler leaves the alternate
// stack (the interrupted code could be Go on a goroutine stack) until Go's text is known.
static atomic_int expect_go;
static unsigned long long seen_adds = ~0ULL;
static int go_module_count;
static pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;

// Defined in assembly below: switches to stack_top, calls fn(original, sig, info, context) there, switches back.
void boundary_call_on_stack(uintptr_t stack_top, void (*fn)(const original_t *, int, siginfo_t *, void *),
                            const original_t *original, int sig, siginfo_t *info, void *context)
    __attribute__((visibility("hidden")));

static void invoke(const original_t *original, int sig, siginfo_t *info, void *context) {
    if (original->flags & SA_SIGINFO) {
        ((void (*)(int, siginfo_t *, void *))original->handler)(sig, info, context);
    } else {
        ((void (*)(int))original->handler)(sig);
    }
}

static int in_go_text(uintptr_t pc) {
    int count = atomic_load_explicit(&go_range_count, memory_order_acquire);
    for (int i = 0; i < count; i++) {
        if (pc >= go_ranges[i].start && pc < go_ranges[i].end) {
            return 1;
        }
    }
    return 0;
}

static void trampoline(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    const original_t *original = sig > 0 && sig < MAX_SIGNAL
        ? atomic_load_explicit(&originals[sig], memory_order_acquire) : NULL;
    if (original == NULL) {
        errno = saved_errno;
        return;
    }

    ucontext_t *uc = (ucontext_t *)context;
    uintptr_t sp = INTERRUPTED_SP(uc);
    int leave = 0;
    stack_t alt;
    if (uc != NULL && sigaltstack(NULL, &alt) == 0 && (alt.ss_flags & SS_ONSTACK)) {
        uintptr_t low = (uintptr_t)alt.ss_sp;
        uintptr_t high = low + alt.ss_size;
        int nested = sp >= low && sp < high;
        int go_known = atomic_load_explicit(&go_range_count, memory_order_acquire) > 0;
        int go_unknown = !go_known && atomic_load_explicit(&expect_go, memory_order_relaxed);
        leave = !nested && !go_unknown && !in_go_text(INTERRUPTED_PC(uc));
    }

    errno = saved_errno;
    if (leave) {
        atomic_fetch_add_explicit(&switched_count, 1, memory_order_relaxed);
        uintptr_t top = (sp - RED_ZONE - STACK_GAP) & ~(uintptr_t)15;
        boundary_call_on_stack(top, invoke, original, sig, info, context);
    } else {
        atomic_fetch_add_explicit(&in_place_count, 1, memory_order_relaxed);
        invoke(original, sig, info, context);
    }
}

static int is_fault_signal(int sig) {
    switch (sig) {
    case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGTRAP: case SIGSYS: case SIGABRT:
        return 1;
    default:
        return 0;
    }
}

// --- finding Go modules -------------------------------------------------------------------------------------------

typedef struct {
    range_t found[MAX_GO_RANGES];
    int count;
    int modules;
    unsigned long long adds;
} scan_t;

static int is_go_module(struct dl_phdr_info *info) {
    if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0') {
        return 0; // The main program: a .NET host, never a c-shared Go library.
    }
    void *module = dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
    if (module == NULL) {
        return 0;
    }
    void *marker = dlsym(module, kGoMarker);
    Dl_info where;
    // dlsym also searches the module's dependencies: the marker must be the module's own.
    int own = marker != NULL && dladdr(marker, &where) != 0 && (uintptr_t)where.dli_fbase == (uintptr_t)info->dlpi_addr;
    dlclose(module);
    return own;
}

static int collect_go_text(struct dl_phdr_info *info, size_t size, void *data) {
    scan_t *scan = (scan_t *)data;
    (void)size;
    scan->adds = info->dlpi_adds;
    if (!is_go_module(info)) {
        return 0;
    }
    scan->modules++;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && scan->count < MAX_GO_RANGES) {
            uintptr_t start = info->dlpi_addr + ph->p_vaddr;
            scan->found[scan->count].start = start;
            scan->found[scan->count].end = start + ph->p_memsz;
            scan->count++;
        }
    }
    return 0;
}

static int read_adds(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    *(unsigned long long *)data = info->dlpi_adds;
    return 1; // every entry carries the same counters: the first one is enough
}

// Publishes Go text ranges. Ranges only ever get added (a Go library can never be unloaded), so a handler reading
// the old count sees a consistent prefix. The module scan runs only when a library was loaded since the last one.
static void refresh_go_ranges(void) {
    unsigned long long adds = 0;
    dl_iterate_phdr(read_adds, &adds);
    if (adds == seen_adds) {
        return;
    }
    scan_t scan;
    memset(&scan, 0, sizeof scan);
    dl_iterate_phdr(collect_go_text, &scan);
    seen_adds = scan.adds;
    go_module_count = scan.modules;
    int published = atomic_load_explicit(&go_range_count, memory_order_relaxed);
    for (int i = 0; i < scan.count; i++) {
        int known = 0;
        for (int j = 0; j < published; j++) {
            known |= go_ranges[j].start == scan.found[i].start;
        }
        if (!known && published < MAX_GO_RANGES) {
            go_ranges[published++] = scan.found[i];
        }
    }
    atomic_store_explicit(&go_range_count, published, memory_order_release);
}

// --- wrapping handlers ----------------------------------------------------------------------------------------------

static int wrap_handlers(int *unwrapped) {
    int wrapped = 0;
    for (int sig = 1; sig < MAX_SIGNAL && sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP || is_fault_signal(sig)) {
            continue;
        }
        struct sigaction current;
        if (sigaction(sig, NULL, &current) != 0) {
            continue; // glibc's own signals (32, 33) are refused: nothing to do for them.
        }
        void *handler = (current.sa_flags & SA_SIGINFO) ? (void *)current.sa_sigaction : (void *)current.sa_handler;
        if (handler == (void *)SIG_DFL || handler == (void *)SIG_IGN) {
            continue;
        }
        if (handler == (void *)trampoline) {
            wrapped++;
            continue;
        }
        if (in_go_text((uintptr_t)handler) || (current.sa_flags & SA_RESETHAND)) {
            continue; // Go's own handler already does the right thing; a one-shot handler is left as it is.
        }
        if (atomic_load_explicit(&originals[sig], memory_order_relaxed) != NULL) {
            // Someone replaced the trampoline after it was installed. Their handler may chain to the one it found —
            // the trampoline — so wrapping it would make the trampoline call itself forever: leave it alone.
            continue;
        }

        original_t *original = malloc(sizeof *original);
        if (original == NULL) {
            (*unwrapped)++;
            continue;
        }
        original->handler = handler;
        original->flags = current.sa_flags;
        atomic_store_explicit(&originals[sig], original, memory_order_release);

        struct sigaction replacement;
        memset(&replacement, 0, sizeof replacement);
        replacement.sa_sigaction = trampoline;
        replacement.sa_flags = SA_SIGINFO | SA_ONSTACK | (current.sa_flags & SA_RESTART);
        sigfillset(&replacement.sa_mask);
        if (sigaction(sig, &replacement, NULL) == 0) {
            wrapped++;
        } else {
            (*unwrapped)++;
        }
    }
    return wrapped;
}

// --- exports ----------------------------------------------------------------------------------------------------------

typedef struct {
    int32_t version;          // of this struct: 1
    int32_t wrapped_signals;  // asynchronous handlers now behind the trampoline
    int32_t unwrapped_signals; // handlers that should have been wrapped but could not be
    int32_t go_modules;       // Go c-shared libraries found in the process
    int32_t go_ranges;        // executable ranges of those modules
    int32_t expecting_go;     // Go loaded but not found (handlers stay on the alternate stack until its text is known)
    int64_t switched;         // signals whose handler ran on the interrupted stack
    int64_t in_place;         // signals whose handler ran where the kernel put it (Go code, nested, no alt stack)
} boundary_signals_state;

static void fill_state(boundary_signals_state *state, int wrapped, int unwrapped) {
    if (state == NULL) {
        return;
    }
    state->version = 1;
    state->wrapped_signals = wrapped;
    state->unwrapped_signals = unwrapped;
    state->go_modules = go_module_count;
    state->go_ranges = atomic_load(&go_range_count);
    state->expecting_go = atomic_load(&expect_go);
    state->switched = atomic_load(&switched_count);
    state->in_place = atomic_load(&in_place_count);
}

EXPORT int32_t boundary_signals_is_wrapped(int32_t sig);

// Wraps every asynchronous handler that is not Go's and learns the text of every Go module loaded so far.
// expecting_go: a library declared as Go has loaded, so Go code exists even if it is not found; sticky.
// Idempotent and cheap when nothing changed; safe to call from any thread at any time.
EXPORT int32_t boundary_signals_sync(int32_t expecting_go, boundary_signals_state *state) {
    pthread_mutex_lock(&sync_lock);
    if (expecting_go) {
        atomic_store(&expect_go, 1);
    }
    refresh_go_ranges();
    int unwrapped = 0;
    int wrapped = wrap_handlers(&unwrapped);
    fill_state(state, wrapped, unwrapped);
    pthread_mutex_unlock(&sync_lock);
    return 0;
}

// What the shim has done so far, changing nothing (wrapped_signals counts the trampolines installed now).
EXPORT int32_t boundary_signals_read(boundary_signals_state *state) {
    pthread_mutex_lock(&sync_lock);
    int wrapped = 0;
    for (int sig = 1; sig < MAX_SIGNAL && sig < NSIG; sig++) {
        wrapped += boundary_signals_is_wrapped(sig);
    }
    fill_state(state, wrapped, 0);
    pthread_mutex_unlock(&sync_lock);
    return 0;
}

// Whether the handler of a signal is the trampoline (for tests).
EXPORT int32_t boundary_signals_is_wrapped(int32_t sig) {
    struct sigaction current;
    if (sig <= 0 || sig >= MAX_SIGNAL || sigaction(sig, NULL, &current) != 0) {
        return 0;
    }
    return (current.sa_flags & SA_SIGINFO) && current.sa_sigaction == trampoline;
}

// --- the stack switch ---------------------------------------------------------------------------------------------
// boundary_call_on_stack(top, fn, original, sig, info, context): the frame pointer keeps the way back (and lets gdb
// unwind through it); the new stack is 16-byte aligned before the call, as both ABIs require.
#if defined(__x86_64__)
__asm__(
    ".text\n"
    ".globl boundary_call_on_stack\n"
    ".hidden boundary_call_on_stack\n"
    ".type boundary_call_on_stack,@function\n"
    "boundary_call_on_stack:\n"
    "  .cfi_startproc\n"
    "  pushq %rbp\n"
    "  .cfi_def_cfa_offset 16\n"
    "  .cfi_offset %rbp, -16\n"
    "  movq %rsp, %rbp\n"
    "  .cfi_def_cfa_register %rbp\n"
    "  movq %rdi, %rsp\n"
    "  andq $-16, %rsp\n"
    "  movq %rsi, %rax\n"
    "  movq %rdx, %rdi\n"
    "  movl %ecx, %esi\n"
    "  movq %r8, %rdx\n"
    "  movq %r9, %rcx\n"
    "  callq *%rax\n"
    "  movq %rbp, %rsp\n"
    "  popq %rbp\n"
    "  .cfi_def_cfa %rsp, 8\n"
    "  ret\n"
    "  .cfi_endproc\n"
    ".size boundary_call_on_stack, .-boundary_call_on_stack\n");
#elif defined(__aarch64__)
__asm__(
    ".text\n"
    ".globl boundary_call_on_stack\n"
    ".hidden boundary_call_on_stack\n"
    ".type boundary_call_on_stack,%function\n"
    "boundary_call_on_stack:\n"
    "  .cfi_startproc\n"
    "  stp x29, x30, [sp, #-16]!\n"
    "  .cfi_def_cfa_offset 16\n"
    "  .cfi_offset x29, -16\n"
    "  .cfi_offset x30, -8\n"
    "  mov x29, sp\n"
    "  .cfi_def_cfa_register x29\n"
    "  and x0, x0, #-16\n"
    "  mov sp, x0\n"
    "  mov x9, x1\n"
    "  mov x0, x2\n"
    "  mov w1, w3\n"
    "  mov x2, x4\n"
    "  mov x3, x5\n"
    "  blr x9\n"
    "  mov sp, x29\n"
    "  ldp x29, x30, [sp], #16\n"
    "  .cfi_def_cfa sp, 0\n"
    "  ret\n"
    "  .cfi_endproc\n"
    ".size boundary_call_on_stack, .-boundary_call_on_stack\n");
#endif
