//! "Callbacks and async", an event bus: a callback retained from `rtest_bus_subscribe` until the
//! Subscription handle it returns is freed. After `rtest_subscription_free` returns, that
//! callback is never called again, even by a publish running on another thread: freeing waits
//! for deliveries in flight on other threads. A callback may itself subscribe, free
//! Subscriptions (its own included), publish or free the bus: the delivery lock is reentrant
//! on the thread that holds it, and every subscriber is checked again right before its call.
//!
//! Bus and Subscription handles are `Box::into_raw` pointers checked against live sets before
//! anything is dereferenced, like Counters. A Subscription keeps the bus state alive (an `Arc`),
//! so freeing it after its bus is safe; a freed bus delivers nothing more.

use crate::support::{guarded, spawn_or_run, UserData};
use std::collections::HashSet;
use std::ffi::c_void;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};
use std::time::Duration;

pub type EventFn = unsafe extern "C" fn(user_data: *mut c_void, value: i32);

/// A lock its holder may take again on the same thread (a callback re-entering the library).
#[derive(Default)]
struct ReentrantLock {
    owner: Mutex<(Option<ThreadId>, u32)>,
    released: Condvar,
}

struct ReentrantGuard<'a>(&'a ReentrantLock);

impl ReentrantLock {
    fn state(&self) -> MutexGuard<'_, (Option<ThreadId>, u32)> {
        self.owner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock(&self) -> ReentrantGuard<'_> {
        let me = thread::current().id();
        let mut state = self.state();
        while state.1 > 0 && state.0 != Some(me) {
            state = self
                .released
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *state = (Some(me), state.1 + 1);
        ReentrantGuard(self)
    }
}

impl Drop for ReentrantGuard<'_> {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.1 -= 1;
        if state.1 == 0 {
            state.0 = None;
            self.0.released.notify_all();
        }
    }
}

struct Subscriber {
    id: u64,
    on_event: EventFn,
    user: UserData,
}

#[derive(Default)]
struct Subscribers {
    list: Vec<Subscriber>,
    closed: bool,
}

/// What a bus handle, its Subscriptions and its publisher threads share.
#[derive(Default)]
struct BusState {
    // Held for the whole of a delivery, and by whatever stops deliveries (a Subscription or
    // bus free), which therefore waits for deliveries in flight on other threads.
    delivery: ReentrantLock,
    // Held only briefly, never during a callback.
    subscribers: Mutex<Subscribers>,
}

impl BusState {
    fn subscribers(&self) -> MutexGuard<'_, Subscribers> {
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn is_subscribed(&self, id: u64) -> bool {
        let s = self.subscribers();
        !s.closed && s.list.iter().any(|e| e.id == id)
    }

    /// Calls every current subscriber once, in subscription order; returns how many were
    /// called. Subscribers added meanwhile are not called; removed ones are skipped.
    fn publish(&self, value: i32) -> i32 {
        let _delivering = self.delivery.lock();
        let targets: Vec<(u64, EventFn, UserData)> = {
            let s = self.subscribers();
            if s.closed {
                return 0;
            }
            s.list.iter().map(|e| (e.id, e.on_event, e.user)).collect()
        };
        let mut called = 0;
        for (id, on_event, user) in targets {
            if !self.is_subscribed(id) {
                continue;
            }
            // SAFETY: the subscriber's promise: callable until its Subscription is freed, which
            // cannot complete on another thread while we hold the delivery lock.
            unsafe { on_event(user.get(), value) };
            called += 1;
        }
        called
    }
}

pub struct Bus {
    state: Arc<BusState>,
}

pub struct Subscription {
    bus: Arc<BusState>,
    id: u64,
}

// Addresses, not pointers, because raw pointers are not `Send`.
static BUSES: LazyLock<Mutex<HashSet<usize>>> = LazyLock::new(Default::default);
static SUBSCRIPTIONS: LazyLock<Mutex<HashSet<usize>>> = LazyLock::new(Default::default);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
// Statistics read by tests; Relaxed suffices because nothing is published through them.
static BAD_SUBSCRIPTION_FREES: AtomicI64 = AtomicI64::new(0);
static BAD_BUS_USES: AtomicI64 = AtomicI64::new(0);
static PUBLISHERS_RUNNING: AtomicI64 = AtomicI64::new(0);

fn lock(set: &Mutex<HashSet<usize>>) -> MutexGuard<'_, HashSet<usize>> {
    set.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The state behind a live bus handle; anything else counts a bad bus use.
fn bus_state(bus: *const Bus) -> Option<Arc<BusState>> {
    let live = lock(&BUSES);
    if live.contains(&(bus as usize)) {
        // SAFETY: live means it came from `Box::into_raw` and is not freed, which cannot
        // happen while we hold the lock.
        Some(Arc::clone(&unsafe { &*bus }.state))
    } else {
        drop(live);
        BAD_BUS_USES.fetch_add(1, Ordering::Relaxed);
        None
    }
}

/// A new live bus, owned by the caller (`rtest_bus_free`).
#[no_mangle]
pub extern "C" fn rtest_bus_new() -> *mut Bus {
    guarded(std::ptr::null_mut(), || {
        let ptr = Box::into_raw(Box::new(Bus {
            state: Arc::default(),
        }));
        lock(&BUSES).insert(ptr as usize);
        ptr
    })
}

/// Frees a live bus: once it returns, the bus calls no subscriber again (a delivery in flight
/// on another thread is waited for). Its Subscriptions stay live until freed. Anything else
/// (null, freed, foreign) counts a bad bus use.
#[no_mangle]
pub extern "C" fn rtest_bus_free(bus: *mut Bus) {
    guarded((), || {
        if !lock(&BUSES).remove(&(bus as usize)) {
            BAD_BUS_USES.fetch_add(1, Ordering::Relaxed);
            return;
        }
        // SAFETY: it was live; removing it made this thread its only owner.
        let bus = unsafe { Box::from_raw(bus) };
        let _delivering = bus.state.delivery.lock();
        bus.state.subscribers().closed = true;
    })
}

#[no_mangle]
pub extern "C" fn rtest_live_buses() -> i64 {
    lock(&BUSES).len() as i64
}

/// A new Subscription (owned by the caller) that calls `on_event(user_data, value)` for every
/// publish until it is freed. Null for a bad bus (counted) or a null callback.
///
/// # Safety
/// `on_event` must be callable with `user_data`, from any thread, until the Subscription is
/// freed.
#[no_mangle]
pub unsafe extern "C" fn rtest_bus_subscribe(
    bus: *const Bus,
    on_event: Option<EventFn>,
    user_data: *mut c_void,
) -> *mut Subscription {
    guarded(std::ptr::null_mut(), || {
        let Some(state) = bus_state(bus) else {
            return std::ptr::null_mut();
        };
        let Some(on_event) = on_event else {
            return std::ptr::null_mut();
        };
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        state.subscribers().list.push(Subscriber {
            id,
            on_event,
            user: UserData::new(user_data),
        });
        let ptr = Box::into_raw(Box::new(Subscription { bus: state, id }));
        lock(&SUBSCRIPTIONS).insert(ptr as usize);
        ptr
    })
}

/// Unregisters and frees a live Subscription; once it returns its callback is never called
/// again. Anything else (null, freed, foreign) counts a bad subscription free.
#[no_mangle]
pub extern "C" fn rtest_subscription_free(sub: *mut Subscription) {
    guarded((), || {
        if !lock(&SUBSCRIPTIONS).remove(&(sub as usize)) {
            BAD_SUBSCRIPTION_FREES.fetch_add(1, Ordering::Relaxed);
            return;
        }
        // SAFETY: it was live; removing it made this thread its only owner.
        let sub = unsafe { Box::from_raw(sub) };
        let _delivering = sub.bus.delivery.lock();
        sub.bus.subscribers().list.retain(|e| e.id != sub.id);
    })
}

#[no_mangle]
pub extern "C" fn rtest_live_subscriptions() -> i64 {
    lock(&SUBSCRIPTIONS).len() as i64
}

#[no_mangle]
pub extern "C" fn rtest_bad_subscription_frees() -> i64 {
    BAD_SUBSCRIPTION_FREES.load(Ordering::Relaxed)
}

/// Uses and frees of a bus handle that was not a live bus.
#[no_mangle]
pub extern "C" fn rtest_bad_bus_uses() -> i64 {
    BAD_BUS_USES.load(Ordering::Relaxed)
}

/// Calls every current subscriber synchronously on the calling thread; returns how many were
/// called, or -1 for a bad bus (counted).
#[no_mangle]
pub extern "C" fn rtest_bus_publish(bus: *const Bus, value: i32) -> i32 {
    guarded(-1, || {
        bus_state(bus).map_or(-1, |state| state.publish(value))
    })
}

/// Returns at once; a new native thread publishes `value` `count` times, 1 ms apart, and stops
/// early if the bus is freed. A bad bus (counted) starts nothing.
#[no_mangle]
pub extern "C" fn rtest_bus_publish_on_thread(bus: *const Bus, value: i32, count: i32) {
    guarded((), || {
        let Some(state) = bus_state(bus) else { return };
        PUBLISHERS_RUNNING.fetch_add(1, Ordering::Relaxed);
        spawn_or_run(move || {
            for k in 0..count.max(0) {
                if k > 0 {
                    thread::sleep(Duration::from_millis(1));
                }
                if state.subscribers().closed {
                    break;
                }
                state.publish(value);
            }
            PUBLISHERS_RUNNING.fetch_sub(1, Ordering::Relaxed);
        });
    })
}

#[no_mangle]
pub extern "C" fn rtest_bus_publishers_running() -> i64 {
    PUBLISHERS_RUNNING.load(Ordering::Relaxed)
}

/// The number of live Subscriptions of the bus, or -1 for a bad bus (counted).
#[no_mangle]
pub extern "C" fn rtest_bus_subscriber_count(bus: *const Bus) -> i64 {
    guarded(-1, || {
        bus_state(bus).map_or(-1, |state| state.subscribers().list.len() as i64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::serial;
    use std::ptr::null_mut;

    /// A test subscriber: what it saw, and what it does to the library from inside a delivery.
    #[derive(Default)]
    struct Probe {
        seen: Mutex<Vec<i32>>,
        free_on_event: Mutex<Option<usize>>,
        slow: bool,
    }

    unsafe extern "C" fn on_event(user: *mut c_void, value: i32) {
        // SAFETY: the tests pass a Probe that outlives its Subscription.
        let probe = unsafe { &*user.cast::<Probe>() };
        probe.seen.lock().unwrap().push(value);
        if probe.slow {
            thread::sleep(Duration::from_millis(30));
        }
        if let Some(sub) = probe.free_on_event.lock().unwrap().take() {
            rtest_subscription_free(sub as *mut Subscription);
        }
    }

    fn user(p: &Probe) -> *mut c_void {
        std::ptr::from_ref(p).cast_mut().cast()
    }

    #[test]
    fn publish_reaches_current_subscribers_only() {
        let _turn = serial();
        let (buses, subs, bad) = (
            rtest_live_buses(),
            rtest_live_subscriptions(),
            rtest_bad_subscription_frees(),
        );
        let (a, b) = (Probe::default(), Probe::default());
        let bus = rtest_bus_new();
        // SAFETY: the probes outlive their Subscriptions.
        let (sa, sb) = unsafe {
            (
                rtest_bus_subscribe(bus, Some(on_event), user(&a)),
                rtest_bus_subscribe(bus, Some(on_event), user(&b)),
            )
        };
        assert_eq!(rtest_bus_subscriber_count(bus), 2);
        assert_eq!(rtest_bus_publish(bus, 7), 2);
        rtest_subscription_free(sa);
        rtest_subscription_free(sa);
        assert_eq!(rtest_bus_publish(bus, 8), 1);
        assert_eq!(*a.seen.lock().unwrap(), [7]);
        assert_eq!(*b.seen.lock().unwrap(), [7, 8]);
        rtest_bus_free(bus);
        rtest_subscription_free(sb); // after its bus: still safe
        assert_eq!(rtest_bus_publish(bus, 9), -1);
        assert_eq!(
            (
                rtest_live_buses(),
                rtest_live_subscriptions(),
                rtest_bad_subscription_frees()
            ),
            (buses, subs, bad + 1)
        );
    }

    #[test]
    fn a_subscriber_may_free_itself_and_others_during_a_delivery() {
        let _turn = serial();
        let (a, b) = (Probe::default(), Probe::default());
        let bus = rtest_bus_new();
        // SAFETY: the probes outlive their Subscriptions.
        let (sa, sb) = unsafe {
            (
                rtest_bus_subscribe(bus, Some(on_event), user(&a)),
                rtest_bus_subscribe(bus, Some(on_event), user(&b)),
            )
        };
        *a.free_on_event.lock().unwrap() = Some(sb as usize);
        assert_eq!(rtest_bus_publish(bus, 1), 1, "b was freed before its turn");
        *a.free_on_event.lock().unwrap() = Some(sa as usize);
        assert_eq!(rtest_bus_publish(bus, 2), 1);
        assert_eq!(rtest_bus_subscriber_count(bus), 0);
        assert_eq!(*a.seen.lock().unwrap(), [1, 2]);
        assert!(b.seen.lock().unwrap().is_empty());
        rtest_bus_free(bus);
    }

    #[test]
    fn freeing_waits_for_a_delivery_on_another_thread() {
        let _turn = serial();
        let slow = Probe {
            slow: true,
            ..Probe::default()
        };
        let bus = rtest_bus_new();
        // SAFETY: the probe outlives its Subscription.
        let sub = unsafe { rtest_bus_subscribe(bus, Some(on_event), user(&slow)) };
        let running = rtest_bus_publishers_running();
        rtest_bus_publish_on_thread(bus, 5, 1000);
        while slow.seen.lock().unwrap().is_empty() {
            thread::yield_now();
        }
        rtest_subscription_free(sub);
        let seen = slow.seen.lock().unwrap().len();
        thread::sleep(Duration::from_millis(50));
        assert_eq!(
            slow.seen.lock().unwrap().len(),
            seen,
            "never called after the free"
        );
        rtest_bus_free(bus);
        while rtest_bus_publishers_running() != running {
            thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn bad_handles_are_counted_and_never_touched() {
        let _turn = serial();
        let (bad_bus, bad_sub) = (rtest_bad_bus_uses(), rtest_bad_subscription_frees());
        let foreign = 0x10 as *mut Bus;
        rtest_bus_free(foreign);
        rtest_bus_free(null_mut());
        assert_eq!(rtest_bus_publish(foreign, 1), -1);
        assert_eq!(rtest_bus_subscriber_count(foreign), -1);
        // SAFETY: a bad bus is refused before the callback is kept.
        assert!(unsafe { rtest_bus_subscribe(foreign, Some(on_event), null_mut()) }.is_null());
        rtest_bus_publish_on_thread(foreign, 1, 1);
        rtest_subscription_free(0x10 as *mut Subscription);
        rtest_subscription_free(null_mut());
        assert_eq!(
            (rtest_bad_bus_uses(), rtest_bad_subscription_frees()),
            (bad_bus + 6, bad_sub + 2)
        );
    }
}
