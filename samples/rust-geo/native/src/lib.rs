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
//! ```

// Every unsafe operation gets its own block, so each one can carry its own justification.
#![deny(unsafe_op_in_unsafe_fn)]

mod ffi;
mod index;
mod latlon;
