//! "Structs": `#[repr(C)]` structs passed and returned by value, with natural C padding
//! (Mixed has holes after `tag`, `small` and `flag`, which is the point of it).

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vec3 {
    pub x: f64,
    pub y: f64,
    pub z: f64,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mixed {
    pub tag: u8,
    pub value: i32,
    pub small: i16,
    pub big: i64,
    pub flag: u8,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub a: Vec3,
    pub b: Vec3,
    pub id: u32,
}

impl Vec3 {
    pub fn scale(self, k: f64) -> Vec3 {
        Vec3 {
            x: self.x * k,
            y: self.y * k,
            z: self.z * k,
        }
    }

    pub fn dot(self, other: Vec3) -> f64 {
        self.x * other.x + self.y * other.y + self.z * other.z
    }

    pub fn length(self) -> f64 {
        self.dot(self).sqrt()
    }
}

#[no_mangle]
pub extern "C" fn rtest_vec3_scale(v: Vec3, k: f64) -> Vec3 {
    v.scale(k)
}

#[no_mangle]
pub extern "C" fn rtest_vec3_dot(a: Vec3, b: Vec3) -> f64 {
    a.dot(b)
}

/// Changes every field, each differently, so a field that crossed at the wrong offset shows.
#[no_mangle]
pub extern "C" fn rtest_mixed_step(m: Mixed) -> Mixed {
    Mixed {
        tag: m.tag.wrapping_add(1),
        value: m.value.wrapping_mul(2),
        small: m.small.wrapping_sub(1),
        big: m.big.wrapping_add(100),
        flag: 1_u8.wrapping_sub(m.flag),
    }
}

/// Adds `id` so a test also sees the trailing field of a struct larger than two registers.
#[no_mangle]
pub extern "C" fn rtest_segment_length(s: Segment) -> f64 {
    Vec3 {
        x: s.b.x - s.a.x,
        y: s.b.y - s.a.y,
        z: s.b.z - s.a.z,
    }
    .length()
        + f64::from(s.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{align_of, offset_of, size_of};

    #[test]
    fn layouts_match_c() {
        assert_eq!(size_of::<Vec3>(), 24);
        assert_eq!(
            [
                offset_of!(Mixed, tag),
                offset_of!(Mixed, value),
                offset_of!(Mixed, small),
                offset_of!(Mixed, big),
                offset_of!(Mixed, flag)
            ],
            [0, 4, 8, 16, 24]
        );
        assert_eq!((size_of::<Mixed>(), align_of::<Mixed>()), (32, 8));
        assert_eq!((offset_of!(Segment, id), size_of::<Segment>()), (48, 56));
    }

    #[test]
    fn mixed_step_changes_every_field() {
        let m = Mixed {
            tag: 255,
            value: 21,
            small: i16::MIN,
            big: 1,
            flag: 1,
        };
        assert_eq!(
            rtest_mixed_step(m),
            Mixed {
                tag: 0,
                value: 42,
                small: i16::MAX,
                big: 101,
                flag: 0
            }
        );
    }

    #[test]
    fn vectors() {
        let v = Vec3 {
            x: 1.0,
            y: 2.0,
            z: 3.0,
        };
        assert_eq!(
            rtest_vec3_scale(v, 2.0),
            Vec3 {
                x: 2.0,
                y: 4.0,
                z: 6.0
            }
        );
        assert_eq!(rtest_vec3_dot(v, v), 14.0);
        let s = Segment {
            a: Vec3 {
                x: 0.0,
                y: 0.0,
                z: 0.0,
            },
            b: Vec3 {
                x: 3.0,
                y: 4.0,
                z: 0.0,
            },
            id: 7,
        };
        assert_eq!(rtest_segment_length(s), 12.0);
    }
}
