//! Presentation for people and programs: JSON documents and lines, colour, the terminal
//! escaper for untrusted text, and decode's findings. Uses `jose` and `keys`; knows nothing
//! of the terminal itself (the binary decides where text goes).

pub mod inspect;
pub mod output;
pub mod text;
