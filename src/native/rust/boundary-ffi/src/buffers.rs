//! Returned buffers: `#[repr(C)] { ptr, len }` with `len` in elements, C's
//! `typedef struct { void* ptr; size_t len; } boundary_buffer;`.
//!
//! The caller frees every owned buffer through one export taking only the pointer, whatever
//! the element type, so the allocation must remember its own layout. Each owned buffer is one
//! `std::alloc` block: a header of at least 16 bytes (recording the block's size and alignment)
//! and then the elements, aligned to `max(16, align_of::<T>())`. [`free_buffer`] reads the header
//! just before the data to rebuild the layout. Elements are `Copy`, so freeing never needs to
//! run a destructor it could not know about.
//!
//! An empty buffer is `{null, 0}`: nothing is allocated, and freeing null is a no-op.

use crate::slices::{self, ParamError};
use std::alloc::{self, Layout};
use std::ffi::c_void;
use std::fmt;
use std::mem::{align_of, size_of};
use std::ptr::{self, null_mut};

/// A buffer crossing the boundary by value: `len` elements of `T` at `ptr`.
///
/// The layout is the same for every `T` (a pointer, then a `usize`), so the C side can declare
/// a single `boundary_buffer` type.
#[repr(C)]
pub struct RawBuffer<T> {
    pub ptr: *mut T,
    pub len: usize,
}

/// Minimum alignment of the data, and the room reserved before it for [`Header`].
const HEADER: usize = 16;

/// Stored immediately before the data of every owned buffer.
#[repr(C)]
#[derive(Clone, Copy)]
struct Header {
    size: usize,
    align: usize,
}

// The header must fit in the room reserved before the data.
const _: () = assert!(size_of::<Header>() <= HEADER);

impl<T> RawBuffer<T> {
    /// `{null, 0}`.
    pub const fn empty() -> Self {
        RawBuffer {
            ptr: null_mut(),
            len: 0,
        }
    }

    /// A borrowed buffer over static data, never to be freed. Empty data gives `{null, 0}`.
    /// The pointer is `*mut` only for the shared struct layout: the caller must not write.
    pub const fn borrowed(data: &'static [T]) -> Self {
        if data.is_empty() {
            return Self::empty();
        }
        RawBuffer {
            ptr: data.as_ptr().cast_mut(),
            len: data.len(),
        }
    }

    /// Views the elements.
    ///
    /// # Errors
    /// As [`slices::slice`]: e.g. `{null, 5}` is [`ParamError::NullWithLength`].
    ///
    /// # Safety
    /// The buffer must be live (not freed) for `'a` and really hold `len` elements.
    pub unsafe fn as_slice<'a>(&self) -> Result<&'a [T], ParamError> {
        // SAFETY: forwarded from this function's contract.
        unsafe { slices::slice(self.ptr, self.len) }
    }
}

impl<T: Copy> RawBuffer<T> {
    /// An owned buffer of `len` elements, element `i` being `f(i)`, written in place with no
    /// intermediate `Vec`. `len == 0` gives `{null, 0}`. Free it with [`free_buffer`].
    ///
    /// # Panics
    /// If the allocation would exceed `isize::MAX` bytes, or if `f` panics (the block is freed
    /// first). Running out of memory aborts, as for any Rust allocation.
    pub fn from_fn(len: usize, mut f: impl FnMut(usize) -> T) -> Self {
        if len == 0 {
            return Self::empty();
        }
        let block = Block::allocate::<T>(len);
        let data = block.data.cast::<T>();
        for i in 0..len {
            // SAFETY: the block has room for `len` properly aligned `T`s after its header.
            unsafe { data.add(i).write(f(i)) };
        }
        RawBuffer {
            ptr: block.into_data().cast(),
            len,
        }
    }

    /// An owned copy of `items` (see [`from_fn`](Self::from_fn)).
    pub fn from_slice(items: &[T]) -> Self {
        if items.is_empty() {
            return Self::empty();
        }
        let block = Block::allocate::<T>(items.len());
        // SAFETY: the block has room for `items.len()` aligned `T`s, and a fresh allocation
        // cannot overlap `items`. `T: Copy`, so a bitwise copy is a valid copy.
        unsafe { ptr::copy_nonoverlapping(items.as_ptr(), block.data.cast::<T>(), items.len()) };
        RawBuffer {
            ptr: block.into_data().cast(),
            len: items.len(),
        }
    }

    /// An owned copy of `items` (the `Vec`'s own allocation cannot be handed out, because the
    /// free function needs the header).
    pub fn from_vec(items: Vec<T>) -> Self {
        Self::from_slice(&items)
    }
}

impl<T: Copy> From<Vec<T>> for RawBuffer<T> {
    fn from(items: Vec<T>) -> Self {
        Self::from_vec(items)
    }
}

impl<T: Copy> From<&[T]> for RawBuffer<T> {
    fn from(items: &[T]) -> Self {
        Self::from_slice(items)
    }
}

impl<T> Default for RawBuffer<T> {
    fn default() -> Self {
        Self::empty()
    }
}

// Manual impls: derives would wrongly require `T: Clone` / `T: Debug` for a pointer and a length.
impl<T> Clone for RawBuffer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for RawBuffer<T> {}

impl<T> PartialEq for RawBuffer<T> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr && self.len == other.len
    }
}

impl<T> Eq for RawBuffer<T> {}

impl<T> fmt::Debug for RawBuffer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawBuffer")
            .field("ptr", &self.ptr)
            .field("len", &self.len)
            .finish()
    }
}

/// Releases an owned buffer from [`RawBuffer::from_fn`], [`from_slice`](RawBuffer::from_slice)
/// or [`from_vec`](RawBuffer::from_vec), of any element type. Null is a no-op.
///
/// # Safety
/// `ptr` must be null or the `ptr` of an owned buffer made by this crate (in the same library)
/// that has not been freed yet. Never pass a borrowed buffer. It is dangling afterwards.
pub unsafe fn free_buffer(ptr: *mut c_void) {
    if ptr.is_null() {
        return;
    }
    let data = ptr.cast::<u8>();
    // SAFETY: an owned buffer's data is preceded by its header inside the same block
    // (written by `Block::allocate`), suitably aligned for `Header`.
    let header = unsafe { data.sub(size_of::<Header>()).cast::<Header>().read() };
    // SAFETY: the data starts `align` bytes into the block (see `Block::allocate`), and the
    // header holds the exact size and alignment the block was allocated with.
    unsafe {
        let base = data.sub(header.align);
        alloc::dealloc(
            base,
            Layout::from_size_align_unchecked(header.size, header.align),
        );
    }
}

/// An allocated block, freed on drop unless [`into_data`](Block::into_data) hands it out: so a
/// panic while filling it leaks nothing.
struct Block {
    data: *mut u8,
}

impl Block {
    /// Allocates room for `len > 0` elements of `T` and writes the header.
    fn allocate<T>(len: usize) -> Block {
        // The data offset is the alignment itself: a multiple of it, and at least HEADER bytes.
        let align = align_of::<T>().max(HEADER);
        let layout = size_of::<T>()
            .checked_mul(len)
            .and_then(|bytes| bytes.checked_add(align))
            .and_then(|size| Layout::from_size_align(size, align).ok())
            .unwrap_or_else(|| panic!("buffer of {len} elements is too large"));
        // SAFETY: the size is at least `align >= 16`, never zero.
        let base = unsafe { alloc::alloc(layout) };
        if base.is_null() {
            alloc::handle_alloc_error(layout);
        }
        // SAFETY: `align` is within the block (size >= align); the header slot ends at `data`
        // and starts at least `align - HEADER >= 0` bytes into the block. `data` is aligned to
        // `align >= 16`, so `data - size_of::<Header>()` is aligned for `Header` (usize fields).
        unsafe {
            let data = base.add(align);
            data.sub(size_of::<Header>())
                .cast::<Header>()
                .write(Header {
                    size: layout.size(),
                    align,
                });
            Block { data }
        }
    }

    fn into_data(self) -> *mut u8 {
        let data = self.data;
        std::mem::forget(self);
        data
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: a block not handed out is owned here, with its header written.
        unsafe { free_buffer(self.data.cast()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads an owned buffer back and frees it.
    fn take<T: Copy>(b: RawBuffer<T>) -> Vec<T> {
        // SAFETY: a live owned buffer from this module, freed right after being copied.
        unsafe {
            let items = b.as_slice().unwrap().to_vec();
            free_buffer(b.ptr.cast());
            items
        }
    }

    #[repr(C, align(64))]
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Wide {
        v: [u8; 3],
    }

    #[test]
    fn owned_buffers_round_trip_for_any_element_type() {
        assert_eq!(take(RawBuffer::from_vec(vec![1_i32, -2, 3])), [1, -2, 3]);
        assert_eq!(take(RawBuffer::from(&[7_u8; 5][..])), [7; 5]);
        assert_eq!(
            take(RawBuffer::from_fn(4, |i| i as f64 * 0.5)),
            [0.0, 0.5, 1.0, 1.5]
        );
        let wide = RawBuffer::from_fn(3, |i| Wide { v: [i as u8; 3] });
        assert_eq!(
            wide.ptr as usize % 64,
            0,
            "over-aligned elements stay aligned"
        );
        assert_eq!(take(wide)[2], Wide { v: [2; 3] });
        assert_eq!(take(RawBuffer::from_vec(vec![(); 3])).len(), 3);
    }

    #[test]
    fn data_is_16_byte_aligned() {
        let b = RawBuffer::from_slice(&[1_u8]);
        assert_eq!(b.ptr as usize % 16, 0);
        take(b);
    }

    #[test]
    fn empty_is_null_and_free_of_null_is_a_no_op() {
        assert_eq!(RawBuffer::<i32>::from_vec(Vec::new()), RawBuffer::empty());
        assert_eq!(RawBuffer::from_fn(0, |_| 1_u8), RawBuffer::empty());
        assert_eq!(RawBuffer::<u8>::borrowed(&[]), RawBuffer::empty());
        assert!(RawBuffer::<u8>::default().ptr.is_null());
        // SAFETY: null is always allowed.
        unsafe { free_buffer(null_mut()) };
    }

    #[test]
    fn borrowed_buffers_point_at_the_static() {
        static PRIMES: [i32; 3] = [2, 3, 5];
        let b = RawBuffer::borrowed(&PRIMES);
        assert_eq!((b.ptr.cast_const(), b.len), (PRIMES.as_ptr(), 3));
        // SAFETY: static data.
        assert_eq!(unsafe { b.as_slice() }, Ok(&PRIMES[..]));
    }

    #[test]
    fn a_panicking_filler_frees_the_block() {
        let result = std::panic::catch_unwind(|| {
            RawBuffer::from_fn(8, |i| if i == 5 { panic!("stop") } else { i })
        });
        assert!(result.is_err());
    }

    #[test]
    fn the_layout_is_a_pointer_then_a_length() {
        assert_eq!(size_of::<RawBuffer<u8>>(), 2 * size_of::<usize>());
        assert_eq!(
            std::mem::offset_of!(RawBuffer<f64>, len),
            size_of::<usize>()
        );
    }
}
