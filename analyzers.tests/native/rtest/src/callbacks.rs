//! "Callbacks and async", borrowed callbacks: native code calls the caller's function pointer
//! (first parameter `void* user_data`) only during the call that hands it over, on the calling
//! thread or on threads it starts and joins before returning. A null callback is never called.
//! Also the two signal-stack probes the Go stress tests compare.

use crate::registry::{self, Counter};
use crate::support::{guarded, span, spawn_or_run, UserData};
use std::ffi::{c_char, c_int, c_void, CStr, CString};

pub type MapFn = unsafe extern "C" fn(user_data: *mut c_void, item: i32) -> i32;
pub type PredFn = unsafe extern "C" fn(user_data: *mut c_void, value: i32) -> u8;
pub type UntilFn = unsafe extern "C" fn(user_data: *mut c_void, i: i32) -> i32;
pub type WordFn = unsafe extern "C" fn(user_data: *mut c_void, word: *const u8, word_len: usize);
pub type CWordFn = unsafe extern "C" fn(user_data: *mut c_void, word: *const c_char);
pub type ThreadFn = unsafe extern "C" fn(user_data: *mut c_void, thread_index: i32, i: i32);
pub type VisitFn = unsafe extern "C" fn(user_data: *mut c_void, c: *mut Counter, i: i32);

/// Sum (wrapping `i64`) of `map(user_data, item)` over the items, in order. A null or
/// unreadable span is empty.
///
/// # Safety
/// `items` must be null or point to `len` readable `i32`s; `map` must be callable with
/// `user_data` during the call.
#[no_mangle]
pub unsafe extern "C" fn rtest_sum_map(
    items: *const i32,
    len: usize,
    map: Option<MapFn>,
    user_data: *mut c_void,
) -> i64 {
    guarded(0, || {
        let Some(map) = map else { return 0 };
        // SAFETY: forwarded from this function's contract.
        let items = unsafe { span(items, len) };
        items.iter().fold(0i64, |sum, &item| {
            // SAFETY: the caller's promise on `map`.
            sum.wrapping_add(i64::from(unsafe { map(user_data, item) }))
        })
    })
}

/// How many `v` in `[from, to)` have `pred(user_data, v) != 0` (saturating at `INT32_MAX`).
///
/// # Safety
/// `pred` must be callable with `user_data` during the call.
#[no_mangle]
pub unsafe extern "C" fn rtest_count_if(
    from: i32,
    to: i32,
    pred: Option<PredFn>,
    user_data: *mut c_void,
) -> i32 {
    guarded(0, || {
        let Some(pred) = pred else { return 0 };
        // SAFETY: the caller's promise on `pred`.
        let hits = (from..to)
            .filter(|&v| unsafe { pred(user_data, v) } != 0)
            .count();
        i32::try_from(hits).unwrap_or(i32::MAX)
    })
}

/// Calls `cb(user_data, i)` for `i = 0..n-1`, stopping right after the first call that returns
/// a negative value; returns the number of calls made.
///
/// # Safety
/// `cb` must be callable with `user_data` during the call.
#[no_mangle]
pub unsafe extern "C" fn rtest_call_until(
    n: i32,
    cb: Option<UntilFn>,
    user_data: *mut c_void,
) -> i32 {
    guarded(0, || {
        let Some(cb) = cb else { return 0 };
        let mut calls = 0;
        for i in 0..n.max(0) {
            calls += 1;
            // SAFETY: the caller's promise on `cb`.
            if unsafe { cb(user_data, i) } < 0 {
                break;
            }
        }
        calls
    })
}

/// The words of `text`: maximal runs of bytes other than the ASCII space (0x20), in order.
fn words(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b' ').filter(|w| !w.is_empty())
}

/// Calls `visit(user_data, word, word_len)` for each word of the text, the pointer pointing
/// into the caller's text (not NUL-terminated).
///
/// # Safety
/// `text` must be null or point to `text_len` readable bytes; `visit` must be callable with
/// `user_data` during the call.
#[no_mangle]
pub unsafe extern "C" fn rtest_for_each_word(
    text: *const u8,
    text_len: usize,
    visit: Option<WordFn>,
    user_data: *mut c_void,
) {
    guarded((), || {
        let Some(visit) = visit else { return };
        // SAFETY: forwarded from this function's contract.
        let text = unsafe { span(text, text_len) };
        for word in words(text) {
            // SAFETY: the caller's promise on `visit`; the word lies inside the caller's text.
            unsafe { visit(user_data, word.as_ptr(), word.len()) };
        }
    })
}

/// Calls `visit(user_data, word)` for each word of the NUL-terminated text, each word a new
/// NUL-terminated copy that is freed as soon as `visit` returns. A null text has no words.
///
/// # Safety
/// `text` must be null or a readable NUL-terminated string; `visit` must be callable with
/// `user_data` during the call.
#[no_mangle]
pub unsafe extern "C" fn rtest_for_each_word_cstr(
    text: *const c_char,
    visit: Option<CWordFn>,
    user_data: *mut c_void,
) {
    guarded((), || {
        let Some(visit) = visit else { return };
        if text.is_null() {
            return;
        }
        // SAFETY: non-null and NUL-terminated per the caller.
        let text = unsafe { CStr::from_ptr(text) }.to_bytes();
        for word in words(text) {
            // A word of a C string has no NUL inside.
            let Ok(copy) = CString::new(word) else {
                continue;
            };
            // SAFETY: the caller's promise on `visit`; `copy` lives until after the call.
            unsafe { visit(user_data, copy.as_ptr()) };
            drop(copy);
        }
    })
}

/// Starts `threads` new native threads; thread `t` calls `cb(user_data, t, i)` for
/// `i = 0..per_thread-1`. Joins them all before returning, so the callback stays borrowed.
///
/// # Safety
/// `cb` must be callable with `user_data`, from any thread, during the call.
#[no_mangle]
pub unsafe extern "C" fn rtest_call_on_threads(
    threads: i32,
    per_thread: i32,
    cb: Option<ThreadFn>,
    user_data: *mut c_void,
) {
    guarded((), || {
        let Some(cb) = cb else { return };
        let user = UserData::new(user_data);
        let started: Vec<_> = (0..threads.max(0))
            .filter_map(|t| {
                spawn_or_run(move || {
                    for i in 0..per_thread.max(0) {
                        // SAFETY: the caller's promise on `cb`; joined before the call returns.
                        unsafe { cb(user.get(), t, i) };
                    }
                })
            })
            .collect();
        for handle in started {
            let _ = handle.join();
        }
    })
}

/// Calls `visit(user_data, c, i)` for `i = 0..times-1` with the same Counter, which the
/// callback borrows. The Counter is checked before every call: if it is not live (nor the
/// global one), that counts a bad use and no further call is made.
///
/// # Safety
/// `visit` must be callable with `user_data` during the call.
#[no_mangle]
pub unsafe extern "C" fn rtest_counter_visit(
    c: *mut Counter,
    times: i32,
    visit: Option<VisitFn>,
    user_data: *mut c_void,
) {
    guarded((), || {
        let Some(visit) = visit else { return };
        for i in 0..times.max(0) {
            // The registry lock is not held during the callback, which may use the Counter.
            if registry::with_counter(c, |_| ()).is_none() {
                return;
            }
            // SAFETY: the caller's promise on `visit`.
            unsafe { visit(user_data, c, i) };
        }
    })
}

/// Linux's `stack_t` (`<signal.h>`): the same layout on every Linux target Rust supports.
#[repr(C)]
struct StackT {
    ss_sp: *mut c_void,
    ss_flags: c_int,
    ss_size: usize,
}

const SS_DISABLE: c_int = 2;

extern "C" {
    fn sigaltstack(ss: *const StackT, old_ss: *mut StackT) -> c_int;
}

/// The calling thread's alternate signal stack, `None` when it has none (or it is disabled).
fn altstack() -> Option<(usize, usize)> {
    let mut ss = StackT {
        ss_sp: std::ptr::null_mut(),
        ss_flags: 0,
        ss_size: 0,
    };
    // SAFETY: a null new stack only queries; `ss` is a live local of the right layout.
    let rc = unsafe { sigaltstack(std::ptr::null(), &mut ss) };
    (rc == 0 && ss.ss_flags & SS_DISABLE == 0).then_some((ss.ss_sp as usize, ss.ss_size))
}

/// The base of the calling thread's alternate signal stack (`ss_sp`), 0 when disabled.
#[no_mangle]
pub extern "C" fn rtest_altstack_sp() -> usize {
    altstack().map_or(0, |(sp, _)| sp)
}

/// The size of the calling thread's alternate signal stack (`ss_size`), 0 when disabled.
#[no_mangle]
pub extern "C" fn rtest_altstack_size() -> usize {
    altstack().map_or(0, |(_, size)| size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counter::{
        rtest_bad_uses, rtest_counter_add, rtest_counter_free, rtest_counter_get, rtest_counter_new,
    };
    use crate::test_support::serial;
    use std::collections::HashSet;
    use std::ptr::{null, null_mut};
    use std::sync::Mutex;

    fn ud<T>(x: &T) -> *mut c_void {
        std::ptr::from_ref(x).cast_mut().cast()
    }

    unsafe extern "C" fn square(user: *mut c_void, item: i32) -> i32 {
        // SAFETY: the tests pass a live Mutex<Vec<i32>>.
        unsafe { &*user.cast::<Mutex<Vec<i32>>>() }
            .lock()
            .unwrap()
            .push(item);
        item * item
    }

    #[test]
    fn sum_map_maps_in_order() {
        let seen = Mutex::new(Vec::<i32>::new());
        let items = [3, -1, 4, i32::MAX];
        // SAFETY: live locals; the null span is not read.
        unsafe {
            assert_eq!(
                rtest_sum_map(items.as_ptr(), 3, Some(square), ud(&seen)),
                9 + 1 + 16
            );
            assert_eq!(rtest_sum_map(null(), 0, Some(square), ud(&seen)), 0);
            assert_eq!(rtest_sum_map(items.as_ptr(), 3, None, ud(&seen)), 0);
        }
        assert_eq!(*seen.lock().unwrap(), [3, -1, 4]);
    }

    unsafe extern "C" fn is_even(_: *mut c_void, v: i32) -> u8 {
        u8::from(v % 2 == 0)
    }

    unsafe extern "C" fn stop_at_negative(user: *mut c_void, i: i32) -> i32 {
        // SAFETY: the tests pass a live i32 as the stop index.
        if i == unsafe { *user.cast::<i32>() } {
            -1
        } else {
            i
        }
    }

    #[test]
    fn count_if_and_call_until() {
        let stop = 3i32;
        // SAFETY: live locals.
        unsafe {
            assert_eq!(rtest_count_if(0, 10, Some(is_even), null_mut()), 5);
            assert_eq!(rtest_count_if(-3, 3, Some(is_even), null_mut()), 3);
            assert_eq!(rtest_count_if(5, 5, Some(is_even), null_mut()), 0);
            assert_eq!(rtest_count_if(5, 1, Some(is_even), null_mut()), 0);
            assert_eq!(rtest_call_until(10, Some(stop_at_negative), ud(&stop)), 4);
            assert_eq!(rtest_call_until(3, Some(stop_at_negative), ud(&stop)), 3);
            assert_eq!(rtest_call_until(0, Some(stop_at_negative), ud(&stop)), 0);
            assert_eq!(rtest_call_until(-5, Some(stop_at_negative), ud(&stop)), 0);
        }
    }

    unsafe extern "C" fn collect_word(user: *mut c_void, word: *const u8, len: usize) {
        // SAFETY: the tests pass a live Mutex<Vec<(usize, Vec<u8>)>>, and the word is readable.
        let (seen, bytes) = unsafe {
            (
                &*user.cast::<Mutex<Vec<(usize, Vec<u8>)>>>(),
                std::slice::from_raw_parts(word, len),
            )
        };
        seen.lock().unwrap().push((word as usize, bytes.to_vec()));
    }

    unsafe extern "C" fn collect_cword(user: *mut c_void, word: *const c_char) {
        // SAFETY: as above, and the word is NUL-terminated.
        let (seen, bytes) = unsafe {
            (
                &*user.cast::<Mutex<Vec<Vec<u8>>>>(),
                CStr::from_ptr(word).to_bytes(),
            )
        };
        seen.lock().unwrap().push(bytes.to_vec());
    }

    #[test]
    fn words_point_into_the_text_or_are_copies() {
        let text = b"  the quick\tbrown  fox ";
        let seen = Mutex::new(Vec::<(usize, Vec<u8>)>::new());
        // SAFETY: live locals.
        unsafe { rtest_for_each_word(text.as_ptr(), text.len(), Some(collect_word), ud(&seen)) };
        let seen = seen.into_inner().unwrap();
        let words: Vec<&[u8]> = seen.iter().map(|(_, w)| &w[..]).collect();
        assert_eq!(words, [&b"the"[..], b"quick\tbrown", b"fox"]);
        assert_eq!(
            seen[0].0,
            text.as_ptr() as usize + 2,
            "a pointer into the text"
        );

        let seen = Mutex::new(Vec::<Vec<u8>>::new());
        // SAFETY: a static C string and live locals.
        unsafe {
            rtest_for_each_word_cstr(c" a bb  ccc".as_ptr(), Some(collect_cword), ud(&seen));
            rtest_for_each_word_cstr(null(), Some(collect_cword), ud(&seen));
            rtest_for_each_word_cstr(c"   ".as_ptr(), Some(collect_cword), ud(&seen));
        }
        assert_eq!(seen.into_inner().unwrap(), [&b"a"[..], b"bb", b"ccc"]);
    }

    unsafe extern "C" fn record_thread(user: *mut c_void, t: i32, i: i32) {
        // SAFETY: the tests pass a live Mutex<Vec<(i32, i32, ThreadId)>>.
        unsafe { &*user.cast::<Mutex<Vec<(i32, i32, std::thread::ThreadId)>>>() }
            .lock()
            .unwrap()
            .push((t, i, std::thread::current().id()));
    }

    #[test]
    fn call_on_threads_joins_every_thread() {
        let seen = Mutex::new(Vec::<(i32, i32, std::thread::ThreadId)>::new());
        // SAFETY: live locals.
        unsafe { rtest_call_on_threads(3, 4, Some(record_thread), ud(&seen)) };
        let mut seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 12, "every call happened before the return");
        let threads: HashSet<_> = seen.iter().map(|&(_, _, id)| id).collect();
        assert_eq!(threads.len(), 3);
        assert!(!threads.contains(&std::thread::current().id()));
        seen.sort_by_key(|&(t, i, _)| (t, i));
        let pairs: Vec<_> = seen.iter().map(|&(t, i, _)| (t, i)).collect();
        assert_eq!(pairs[..5], [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0)]);
    }

    unsafe extern "C" fn add_and_maybe_free(user: *mut c_void, c: *mut Counter, i: i32) {
        rtest_counter_add(c, 10);
        // SAFETY: the tests pass a live i32: the index at which to free the Counter (a bug).
        if i == unsafe { *user.cast::<i32>() } {
            rtest_counter_free(c);
        }
    }

    #[test]
    fn counter_visit_lends_the_same_live_counter() {
        let _turn = serial();
        let c = rtest_counter_new(1);
        let never = -1i32;
        // SAFETY: live locals.
        unsafe { rtest_counter_visit(c, 3, Some(add_and_maybe_free), ud(&never)) };
        assert_eq!(rtest_counter_get(c), 31);
        let bad = rtest_bad_uses();
        let at = 1i32;
        // SAFETY: live locals; a callback that frees the Counter it borrows (a bug) is caught.
        unsafe { rtest_counter_visit(c, 5, Some(add_and_maybe_free), ud(&at)) };
        assert_eq!(rtest_bad_uses(), bad + 1, "stopped at the freed Counter");
    }

    #[test]
    fn altstack_probes_agree() {
        let (sp, size) = (rtest_altstack_sp(), rtest_altstack_size());
        assert_eq!(sp == 0, size == 0);
        assert_eq!(altstack(), (sp != 0).then_some((sp, size)));
    }
}

pub type NameFn = unsafe extern "C" fn(user_data: *mut c_void, i: i32) -> *const c_char;

/// An owned string (freed with `rtest_string_free`) joining `name(user_data, i)` for
/// `i = 0..n-1` with `,`; a null name is `<null>`. Each returned name is borrowed from the
/// caller and read at once (it stays valid at least until this call returns).
///
/// # Safety
/// `name` must be callable with `user_data` during the call and return null or a NUL-terminated
/// string.
#[no_mangle]
pub unsafe extern "C" fn rtest_join_names(
    n: i32,
    name: Option<NameFn>,
    user_data: *mut c_void,
) -> *mut c_char {
    guarded(std::ptr::null_mut(), || {
        let Some(name) = name else {
            return crate::owned::string_bytes(Vec::new());
        };
        let mut joined = Vec::new();
        for i in 0..n.max(0) {
            if i > 0 {
                joined.push(b',');
            }
            // SAFETY: the caller's promise on `name`.
            let p = unsafe { name(user_data, i) };
            if p.is_null() {
                joined.extend_from_slice(b"<null>");
            } else {
                // SAFETY: a non-null result is a NUL-terminated string (the caller's promise).
                joined.extend_from_slice(unsafe { CStr::from_ptr(p) }.to_bytes());
            }
        }
        crate::owned::string_bytes(joined)
    })
}
