//! `libgeo.so`: the Rust sample behind `samples/rust-geo`, a point index a C# console app
//! drives through a generated boundary. The C view of its exports:
//!
//! ```c
//! typedef struct { double lat; double lon; } LatLon;               /* degrees */
//! double    geo_distance_km(LatLon a, LatLon b);
//! GeoIndex* geo_index_new(uint32_t capacity_hint);                 /* owned handle */
//! void      geo_index_free(GeoIndex* index);                       /* its release function */
//! void      geo_index_insert(GeoIndex* index, uint64_t id, LatLon point);
//! uint64_t  geo_index_len(const GeoIndex* index);
//! uint8_t   geo_index_nearest(const GeoIndex* index, LatLon query,
//!                             uint64_t* out_id, double* out_distance_km);
//! uint32_t  geo_index_within(const GeoIndex* index, LatLon center, double radius_km);
//! uint64_t  geo_index_absorb(GeoIndex* into, GeoIndex* from);      /* consumes `from` */
//! int64_t   geo_live_indexes(void);
//!
//! /* Owned strings and buffers are freed with geo_string_free / geo_buffer_free. Status-code
//!    functions return 0 on success, else NotFound = 1, InvalidArgument = 2 or Panic = 99, and
//!    geo_last_error() returns (owned) the calling thread's last error message or NULL. */
//! typedef struct { void* ptr; size_t len; } boundary_buffer;       /* len in elements */
//! typedef struct { int32_t code; char* message; } boundary_error;
//! char*       geo_describe(const GeoIndex* index);                 /* owned "GeoIndex with N points" */
//! const char* geo_version(void);                                   /* borrowed "geo 0.2.0" */
//! int32_t     geo_index_get(const GeoIndex* index, uint64_t id, LatLon* out);
//! int32_t     geo_parse_latlon(const uint8_t* s, size_t len, LatLon* out); /* "lat,lon" */
//! boundary_buffer geo_index_ids(const GeoIndex* index);            /* owned uint64_t ids */
//! uint64_t    geo_index_extend(GeoIndex* index, uint64_t first_id,
//!                              const LatLon* points, size_t len);  /* new length */
//! void        geo_string_free(char* s);
//! void        geo_buffer_free(void* p);
//! char*       geo_last_error(void);
//! void        geo_error_free(boundary_error* e);                   /* unused so far */
//!
//! /* Callbacks: the C# delegate crosses as a function pointer whose first parameter is the
//!    void* user_data that follows it. Async: the call returns at once, and done is called
//!    exactly once, later, from a worker thread; geo_cancel(user_data) asks it to stop. */
//! typedef struct { uint64_t a; uint64_t b; double distance_km; } PointPair;
//! uint64_t geo_index_for_each(const GeoIndex* index,
//!                             uint8_t (*visit)(void* user_data, uint64_t id, LatLon point),
//!                             void* user_data);                  /* calls made; stops at 0 */
//! void     geo_index_farthest_pair_async(const GeoIndex* index,
//!                             void (*done)(void* user_data, int32_t status, PointPair pair),
//!                             void* user_data);                  /* status 0, NotFound, Cancelled = 3 */
//! void     geo_cancel(void* user_data);
//! int64_t  geo_pending_operations(void);
//! ```

// Every unsafe operation gets its own block, so each one can carry its own justification.
#![deny(unsafe_op_in_unsafe_fn)]

mod ffi;
mod ffi_callbacks;
mod ffi_results;
mod index;
mod latlon;
