//! The error value every error shape starts from: a library-defined code and an optional
//! message.
//!
//! The crate assigns no meaning to codes, except that code 0 means success in the status-code
//! shape ([`status`](crate::status::status)), so an error must not use it there.

use std::fmt;

/// A failure to report across the boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The library's error code (0 is reserved for success by the status-code shape).
    pub code: i32,
    /// The message handed to the caller; `None` reports the code alone.
    pub message: Option<String>,
}

impl Error {
    /// An error with a message: `Error::new(2, format!("bad id {id}"))`.
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Error {
            code,
            message: Some(message.into()),
        }
    }

    /// An error without a message: shape 1 then clears the last error, shape 3 records a null
    /// message, and shape 2 (which has no room for a code) reports `"error <code>"`.
    pub fn code_only(code: i32) -> Self {
        Error {
            code,
            message: None,
        }
    }

    /// The message, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(m) => f.write_str(m),
            None => write!(f, "error {}", self.code),
        }
    }
}

impl std::error::Error for Error {}

/// `Err((2, "negative"))?` and `.map_err(|e| (3, e.to_string()))?` in a closure returning
/// `Result<_, Error>`.
impl<M: Into<String>> From<(i32, M)> for Error {
    fn from((code, message): (i32, M)) -> Self {
        Error::new(code, message)
    }
}

/// Attaches a code to any displayable error:
/// `let name = unsafe { str_param(p, len) }.or_code(2)?;`
pub trait OrCode<T> {
    /// Maps the error to an [`Error`] with `code` and the error's `Display` text.
    fn or_code(self, code: i32) -> Result<T, Error>;
}

impl<T, E: fmt::Display> OrCode<T> for Result<T, E> {
    fn or_code(self, code: i32) -> Result<T, Error> {
        self.map_err(|e| Error::new(code, e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slices::ParamError;

    #[test]
    fn construction() {
        let e = Error::new(2, "bad");
        assert_eq!((e.code, e.message()), (2, Some("bad")));
        assert_eq!(Error::from((1, String::from("x"))), Error::new(1, "x"));
        assert_eq!(Error::code_only(3).message(), None);
        assert_eq!(Error::code_only(3).to_string(), "error 3");
        assert_eq!(e.to_string(), "bad");
    }

    #[test]
    fn question_mark_conversions() {
        fn tuple() -> Result<(), Error> {
            Err((2, "negative"))?
        }
        fn param() -> Result<(), Error> {
            Err(ParamError::Null).or_code(2)
        }
        assert_eq!(tuple(), Err(Error::new(2, "negative")));
        assert_eq!(param(), Err(Error::new(2, "null pointer")));
        assert_eq!(Ok::<_, ParamError>(5).or_code(2), Ok(5));
    }
}
