//! Presentation for people and programs: JSON documents and lines, colour, and decode's
//! findings (what kind of token it looks like, what its claims mean) (untrusted text goes through `crate::text`). Uses `jose` and `keys`; knows nothing
//! of the terminal itself (the binary decides where text goes).

pub mod inspect;
pub mod kind;
pub mod output;
