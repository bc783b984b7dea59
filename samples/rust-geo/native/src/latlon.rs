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

/// Why a `"lat,lon"` text is not a point. The messages quote the text as given.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    /// Not two comma-separated numbers.
    Syntax(String),
    /// Latitude outside [-90, 90] (or NaN).
    Latitude(f64, String),
    /// Longitude outside [-180, 180] (or NaN).
    Longitude(f64, String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Syntax(text) => write!(f, "not a \"lat,lon\" pair: {text:?}"),
            ParseError::Latitude(lat, text) => {
                write!(f, "latitude {lat} outside [-90, 90] in {text:?}")
            }
            ParseError::Longitude(lon, text) => {
                write!(f, "longitude {lon} outside [-180, 180] in {text:?}")
            }
        }
    }
}

impl std::str::FromStr for LatLon {
    type Err = ParseError;

    /// Parses `"lat,lon"` in degrees; whitespace around each number is ignored.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let syntax = || ParseError::Syntax(text.to_owned());
        let (lat, lon) = text.split_once(',').ok_or_else(syntax)?;
        let lat: f64 = lat.trim().parse().map_err(|_| syntax())?;
        let lon: f64 = lon.trim().parse().map_err(|_| syntax())?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(ParseError::Latitude(lat, text.to_owned()));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(ParseError::Longitude(lon, text.to_owned()));
        }
        Ok(LatLon { lat, lon })
    }
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
    fn parses_lat_lon_pairs() {
        assert_eq!(" 48.8566 , 2.3522 ".parse(), Ok(PARIS));
        assert_eq!(
            "-90,180".parse(),
            Ok(LatLon {
                lat: -90.0,
                lon: 180.0
            })
        );
        let err = |t: &str| t.parse::<LatLon>().unwrap_err().to_string();
        assert_eq!(err("abc"), r#"not a "lat,lon" pair: "abc""#);
        assert_eq!(err("1,2,3"), r#"not a "lat,lon" pair: "1,2,3""#);
        assert_eq!(err(""), r#"not a "lat,lon" pair: """#);
        assert_eq!(err("91,0"), r#"latitude 91 outside [-90, 90] in "91,0""#);
        assert_eq!(
            err("0,-180.5"),
            r#"longitude -180.5 outside [-180, 180] in "0,-180.5""#
        );
        assert_eq!(err("NaN,0"), r#"latitude NaN outside [-90, 90] in "NaN,0""#);
    }

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
