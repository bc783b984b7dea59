//! "Handles": the `rtest_counter_*` exports, thin wrappers over the registry.
//!
//! Handles are passed as raw pointers but only ever dereferenced after the registry vouches
//! for them, so these functions are safe to call with any pointer at all.

use crate::registry::{self, Counter};

/// What every operation on a handle that is neither live nor global returns.
const BAD_HANDLE: i64 = i64::MIN;

#[no_mangle]
pub extern "C" fn rtest_counter_new(start: i64) -> *mut Counter {
    registry::create(start)
}

#[no_mangle]
pub extern "C" fn rtest_counter_add(c: *const Counter, delta: i64) -> i64 {
    registry::with_counter(c, |c| c.add(delta)).unwrap_or(BAD_HANDLE)
}

#[no_mangle]
pub extern "C" fn rtest_counter_get(c: *const Counter) -> i64 {
    registry::with_counter(c, Counter::get).unwrap_or(BAD_HANDLE)
}

#[no_mangle]
pub extern "C" fn rtest_counter_free(c: *mut Counter) {
    // The consumed Counter is dropped at the end of the statement: that is the release.
    registry::consume(c);
}

#[no_mangle]
pub extern "C" fn rtest_counter_into_value(c: *mut Counter) -> i64 {
    registry::consume(c).map_or(BAD_HANDLE, |c| c.get())
}

/// `from` is consumed first and whatever happens to `into`: the caller gave it away, and
/// keeping it would leak it. So `into == from` releases the Counter and then counts `into` as
/// a bad use. A bad `from` counts a bad release and leaves `into` unchanged.
#[no_mangle]
pub extern "C" fn rtest_counter_merge(into: *const Counter, from: *mut Counter) -> i64 {
    let from_value = registry::consume(from).map(|c| c.get());
    registry::with_counter(into, |into| from_value.map(|v| into.add(v)))
        .flatten()
        .unwrap_or(BAD_HANDLE)
}

/// Borrowed by the caller: the same pointer every time, never to be released.
#[no_mangle]
pub extern "C" fn rtest_counter_global() -> *mut Counter {
    std::ptr::from_ref(registry::global()).cast_mut()
}

#[no_mangle]
pub extern "C" fn rtest_live_counters() -> i64 {
    registry::live_count()
}

#[no_mangle]
pub extern "C" fn rtest_released_total() -> i64 {
    registry::released_total()
}

#[no_mangle]
pub extern "C" fn rtest_bad_releases() -> i64 {
    registry::bad_releases()
}

#[no_mangle]
pub extern "C" fn rtest_bad_uses() -> i64 {
    registry::bad_uses()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::serial;
    use std::sync::MutexGuard;

    struct Stats {
        live: i64,
        released: i64,
        bad_releases: i64,
        bad_uses: i64,
    }

    fn begin() -> (MutexGuard<'static, ()>, Stats) {
        let turn = serial();
        (turn, stats())
    }

    fn stats() -> Stats {
        Stats {
            live: rtest_live_counters(),
            released: rtest_released_total(),
            bad_releases: rtest_bad_releases(),
            bad_uses: rtest_bad_uses(),
        }
    }

    /// Asserts how far each statistic moved since `before`: (live, released, bad releases, bad uses).
    fn assert_moved(before: &Stats, delta: (i64, i64, i64, i64)) {
        let now = stats();
        assert_eq!(
            (
                now.live - before.live,
                now.released - before.released,
                now.bad_releases - before.bad_releases,
                now.bad_uses - before.bad_uses
            ),
            delta
        );
    }

    #[test]
    fn new_add_get_free() {
        let (_turn, before) = begin();
        let c = rtest_counter_new(10);
        assert_moved(&before, (1, 0, 0, 0));
        assert_eq!(rtest_counter_add(c, 5), 15);
        assert_eq!(rtest_counter_add(c, -20), -5);
        assert_eq!(rtest_counter_get(c), -5);
        rtest_counter_free(c);
        assert_moved(&before, (0, 1, 0, 0));
    }

    #[test]
    fn double_free_and_use_after_free_are_counted() {
        let (_turn, before) = begin();
        let c = rtest_counter_new(1);
        rtest_counter_free(c);
        rtest_counter_free(c);
        assert_eq!(rtest_counter_get(c), i64::MIN);
        assert_eq!(rtest_counter_add(c, 1), i64::MIN);
        assert_eq!(rtest_counter_into_value(c), i64::MIN);
        assert_moved(&before, (0, 1, 2, 2));
    }

    #[test]
    fn null_and_foreign_handles_are_never_touched() {
        let (_turn, before) = begin();
        let foreign = 0x10 as *mut Counter;
        rtest_counter_free(std::ptr::null_mut());
        rtest_counter_free(foreign);
        assert_eq!(rtest_counter_get(foreign), i64::MIN);
        assert_eq!(rtest_counter_get(std::ptr::null()), i64::MIN);
        assert_moved(&before, (0, 0, 2, 2));
    }

    #[test]
    fn into_value_consumes() {
        let (_turn, before) = begin();
        let c = rtest_counter_new(7);
        assert_eq!(rtest_counter_into_value(c), 7);
        assert_moved(&before, (0, 1, 0, 0));
    }

    #[test]
    fn merge_borrows_into_and_consumes_from() {
        let (_turn, before) = begin();
        let into = rtest_counter_new(100);
        let from = rtest_counter_new(23);
        assert_eq!(rtest_counter_merge(into, from), 123);
        assert_moved(&before, (1, 1, 0, 0));
        assert_eq!(
            rtest_counter_merge(into, from),
            i64::MIN,
            "from was already consumed"
        );
        assert_eq!(rtest_counter_get(into), 123);
        rtest_counter_free(into);
        assert_moved(&before, (0, 2, 1, 0));
    }

    #[test]
    fn merge_into_a_bad_handle_still_consumes_from() {
        let (_turn, before) = begin();
        let from = rtest_counter_new(1);
        assert_eq!(rtest_counter_merge(std::ptr::null(), from), i64::MIN);
        assert_moved(&before, (0, 1, 0, 1));
        let same = rtest_counter_new(2);
        assert_eq!(rtest_counter_merge(same, same), i64::MIN);
        assert_moved(&before, (0, 2, 0, 2));
    }

    #[test]
    fn global_is_shared_usable_and_never_freed() {
        let (_turn, before) = begin();
        let g = rtest_counter_global();
        assert_eq!(g, rtest_counter_global());
        let start = rtest_counter_get(g);
        assert_eq!(rtest_counter_add(g, 3), start + 3);
        rtest_counter_free(g);
        assert_eq!(rtest_counter_into_value(g), i64::MIN);
        assert_eq!(rtest_counter_get(g), start + 3);
        let c = rtest_counter_new(4);
        assert_eq!(rtest_counter_merge(g, c), start + 7);
        assert_moved(&before, (0, 1, 2, 0));
    }

    #[test]
    fn concurrent_adds_are_not_lost() {
        let (_turn, before) = begin();
        let c = rtest_counter_new(0) as usize;
        let threads: Vec<_> = (0..8)
            .map(|_| {
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        rtest_counter_add(c as *const Counter, 1);
                        let mine = rtest_counter_new(1);
                        rtest_counter_free(mine);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(rtest_counter_into_value(c as *mut Counter), 8000);
        assert_moved(&before, (0, 8001, 0, 0));
    }
}
