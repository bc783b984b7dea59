//! The index itself, free of any FFI concerns.
//!
//! A flat list searched linearly: exact, simple, and fast enough for the sample's sizes.
//! A spatial structure would only pay off for far larger data.

use crate::latlon::LatLon;

#[derive(Debug, Default)]
pub struct GeoIndex {
    points: Vec<(u64, LatLon)>,
}

/// Two points and the great-circle distance between them. `#[repr(C)]`: it crosses the
/// boundary by value, as the result of `geo_index_farthest_pair_async`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PointPair {
    pub a: u64,
    pub b: u64,
    pub distance_km: f64,
}

/// `farthest_pair` gave up because it was asked to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped;

/// The two points farthest apart, by brute force over every pair: O(n²), which is why the
/// export runs it on a worker thread. `a` was inserted before `b`; on ties, the pair found
/// first (rows in insertion order) wins. `None` for fewer than two points. `stop` is asked
/// before each row, so a cancellation is noticed within one row's work (n distances).
pub fn farthest_pair(
    points: &[(u64, LatLon)],
    mut stop: impl FnMut() -> bool,
) -> Result<Option<PointPair>, Stopped> {
    let mut best: Option<PointPair> = None;
    for (i, &(a, pa)) in points.iter().enumerate() {
        if stop() {
            return Err(Stopped);
        }
        for &(b, pb) in &points[i + 1..] {
            let distance_km = pa.distance_km(pb);
            // `>` keeps the first of equal maxima; a NaN distance (a NaN coordinate) never wins.
            if distance_km > best.map_or(f64::NEG_INFINITY, |best| best.distance_km) {
                best = Some(PointPair { a, b, distance_km });
            }
        }
    }
    Ok(best)
}

impl GeoIndex {
    pub fn with_capacity(capacity: usize) -> Self {
        GeoIndex {
            points: Vec::with_capacity(capacity),
        }
    }

    /// Ids are the caller's labels and are not deduplicated: inserting an id twice stores two points.
    pub fn insert(&mut self, id: u64, point: LatLon) {
        self.points.push((id, point));
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// The closest point and its distance; on ties, the one inserted first.
    pub fn nearest(&self, query: LatLon) -> Option<(u64, f64)> {
        self.points
            .iter()
            .map(|&(id, p)| (id, query.distance_km(p)))
            // `min_by` keeps the first of equal minima; total_cmp keeps a NaN from poisoning the order.
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Points at most `radius_km` from `center` (inclusive, so a radius of 0 finds exact matches).
    pub fn within(&self, center: LatLon, radius_km: f64) -> usize {
        self.points
            .iter()
            .filter(|&&(_, p)| center.distance_km(p) <= radius_km)
            .count()
    }

    /// The point inserted first with `id`, if any.
    pub fn get(&self, id: u64) -> Option<LatLon> {
        self.points.iter().find(|&&(i, _)| i == id).map(|&(_, p)| p)
    }

    /// Every point with its id, in insertion order.
    pub fn points(&self) -> &[(u64, LatLon)] {
        &self.points
    }

    /// Every id, in insertion order (duplicates included).
    pub fn ids(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        self.points.iter().map(|&(id, _)| id)
    }

    /// Inserts `points` with ids `first_id, first_id + 1, …` (wrapping at `u64::MAX`).
    pub fn extend(&mut self, first_id: u64, points: &[LatLon]) {
        self.points.reserve(points.len());
        let mut id = first_id;
        for &p in points {
            self.points.push((id, p));
            id = id.wrapping_add(1);
        }
    }

    /// Moves every point of `other` into this index.
    pub fn absorb(&mut self, other: GeoIndex) {
        self.points.extend(other.points);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn europe() -> GeoIndex {
        let mut index = GeoIndex::with_capacity(4);
        index.insert(
            1,
            LatLon {
                lat: 48.8566,
                lon: 2.3522,
            },
        ); // Paris
        index.insert(
            2,
            LatLon {
                lat: 51.5074,
                lon: -0.1278,
            },
        ); // London
        index.insert(
            3,
            LatLon {
                lat: 52.5200,
                lon: 13.4050,
            },
        ); // Berlin
        index.insert(
            4,
            LatLon {
                lat: 41.9028,
                lon: 12.4964,
            },
        ); // Rome
        index
    }

    #[test]
    fn nearest_finds_the_closest_city() {
        let brussels = LatLon {
            lat: 50.8503,
            lon: 4.3517,
        };
        let (id, d) = europe().nearest(brussels).unwrap();
        assert_eq!(id, 1);
        assert!((d - 264.0).abs() < 2.0, "{d}");
        let munich = LatLon {
            lat: 48.1351,
            lon: 11.5820,
        };
        assert_eq!(europe().nearest(munich).unwrap().0, 3);
    }

    #[test]
    fn nearest_of_empty_is_none_and_ties_go_to_the_first() {
        assert_eq!(
            GeoIndex::default().nearest(LatLon { lat: 0.0, lon: 0.0 }),
            None
        );
        let mut index = GeoIndex::default();
        let p = LatLon {
            lat: 10.0,
            lon: 10.0,
        };
        index.insert(7, p);
        index.insert(8, p);
        assert_eq!(index.nearest(p), Some((7, 0.0)));
    }

    #[test]
    fn within_counts_inclusive_radius() {
        let paris = LatLon {
            lat: 48.8566,
            lon: 2.3522,
        };
        let index = europe();
        assert_eq!(index.within(paris, 0.0), 1);
        assert_eq!(index.within(paris, 400.0), 2);
        assert_eq!(index.within(paris, 1200.0), 4);
        assert_eq!(index.within(paris, f64::NAN), 0);
    }

    #[test]
    fn get_ids_and_extend() {
        let mut index = europe();
        assert_eq!(index.get(3).map(|p| p.lat), Some(52.5200));
        assert_eq!(index.get(9), None);
        let p = LatLon { lat: 1.0, lon: 2.0 };
        index.extend(u64::MAX, &[p, p]);
        assert_eq!(index.ids().collect::<Vec<_>>(), [1, 2, 3, 4, u64::MAX, 0]);
        assert_eq!(index.get(0), Some(p));
        index.insert(1, p);
        assert_eq!(index.get(1).map(|p| p.lat), Some(48.8566), "the first wins");
    }

    #[test]
    fn farthest_pair_scans_every_pair() {
        let index = europe();
        let pair = farthest_pair(index.points(), || false).unwrap().unwrap();
        // London - Rome is the longest of the six distances between the four cities.
        assert_eq!((pair.a, pair.b), (2, 4));
        assert!((pair.distance_km - 1434.0).abs() < 5.0, "{pair:?}");
        assert_eq!(farthest_pair(&index.points()[..1], || false), Ok(None));
        assert_eq!(farthest_pair(&[], || false), Ok(None));
    }

    #[test]
    fn farthest_pair_stops_between_rows_when_asked() {
        let index = europe();
        let mut rows = 0;
        let stopped = farthest_pair(index.points(), || {
            rows += 1;
            rows > 2
        });
        assert_eq!(stopped, Err(Stopped));
        assert_eq!(
            rows, 3,
            "asked once per row, and not again once it said stop"
        );
    }

    #[test]
    fn absorb_moves_all_points() {
        let mut a = europe();
        a.absorb(europe());
        assert_eq!(a.len(), 8);
    }
}
