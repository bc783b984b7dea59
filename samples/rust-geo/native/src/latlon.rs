//! Points on the Earth and the distance between them.

/// Mean Earth radius (IUGG), the usual choice for haversine distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point in degrees, passed by value across the boundary.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    /// Great-circle distance by the haversine formula: well conditioned for the short
    /// distances an index mostly compares, unlike the spherical law of cosines.
    pub fn distance_km(self, other: LatLon) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let half_dlat = (lat2 - lat1) / 2.0;
        let half_dlon = (other.lon - self.lon).to_radians() / 2.0;
        let h = half_dlat.sin().powi(2) + lat1.cos() * lat2.cos() * half_dlon.sin().powi(2);
        // Rounding can push h a hair above 1 for antipodal points, where asin is undefined.
        2.0 * EARTH_RADIUS_KM * h.min(1.0).sqrt().asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: LatLon = LatLon {
        lat: 48.8566,
        lon: 2.3522,
    };
    const LONDON: LatLon = LatLon {
        lat: 51.5074,
        lon: -0.1278,
    };

    #[test]
    fn paris_to_london() {
        let d = PARIS.distance_km(LONDON);
        assert!((d - 343.5).abs() < 0.5, "{d}");
        assert_eq!(d, LONDON.distance_km(PARIS));
    }

    #[test]
    fn zero_and_antipodal() {
        assert_eq!(PARIS.distance_km(PARIS), 0.0);
        let half_circumference = std::f64::consts::PI * EARTH_RADIUS_KM;
        let d = LatLon { lat: 0.0, lon: 0.0 }.distance_km(LatLon {
            lat: 0.0,
            lon: 180.0,
        });
        assert!((d - half_circumference).abs() < 1e-6, "{d}");
    }

    #[test]
    fn crosses_the_antimeridian_the_short_way() {
        let d = LatLon {
            lat: 0.0,
            lon: 179.5,
        }
        .distance_km(LatLon {
            lat: 0.0,
            lon: -179.5,
        });
        assert!((d - 111.195).abs() < 0.01, "{d}");
    }
}
