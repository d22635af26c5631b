//! The `verify --batch` reader: `batch::LineReader` and `batch::Chunks` over arbitrary bytes,
//! with small limits so that every limit is reached by inputs of a few bytes.
//!
//! Input: 6 bytes of parameters, then the input text.
//!   byte 0  first_lines (1 + b % 8)
//!   byte 1  max_lines (1 + b % 32)
//!   byte 2  max_bytes (b % 64; 0 makes one-line chunks)
//!   byte 3  max_line, the longest line (1 + b % 16)
//!   byte 4  capacity of the BufReader (1 + b % 16), so lines cross buffer edges
//!   byte 5  largest read of the underlying reader (1 + b % 16): short reads
//!
//! Checked for every input, against a plain model of the same rules (split at '\n', count
//! every line, skip blank ones, report too long and not UTF-8): every line comes out exactly
//! once, in order, with its number and text; chunks are never empty, follow the line counts
//! (first_lines, doubling up to max_lines) and close as soon as their weight reaches
//! max_bytes, so no chunk holds more than max_bytes / 2 + max_line + 1 bytes of text.
#![no_main]

use std::io::{BufReader, Read};

use jwtctl::verify::batch::{Chunks, Limits, Line, LineError};
use libfuzzer_sys::fuzz_target;

/// A reader that returns at most `step` bytes a call.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.step).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// The lines the rules say come out, and the number of lines in all (blank ones included).
fn model(input: &[u8], max_line: usize) -> (Vec<Line>, usize) {
    let mut out = Vec::new();
    let mut pieces: Vec<&[u8]> = input.split_inclusive(|&b| b == b'\n').collect();
    if input.is_empty() {
        pieces.clear();
    }
    for (i, piece) in pieces.iter().enumerate() {
        let number = i + 1;
        let content = piece.strip_suffix(b"\n").unwrap_or(piece);
        let text = if content.len() > max_line {
            Err(LineError::TooLong(max_line))
        } else {
            match std::str::from_utf8(piece) {
                Ok(t) if t.trim().is_empty() => continue,
                Ok(t) => Ok(t.to_string()),
                Err(_) => Err(LineError::NotUtf8),
            }
        };
        out.push(Line { number, text });
    }
    (out, pieces.len())
}

fuzz_target!(|data: &[u8]| {
    let Some((params, input)) = data.split_first_chunk::<6>() else {
        return;
    };
    let limits = Limits {
        first_lines: 1 + usize::from(params[0] % 8),
        max_lines: 1 + usize::from(params[1] % 32),
        max_bytes: usize::from(params[2] % 64),
        max_line: 1 + usize::from(params[3] % 16),
    };
    let capacity = 1 + usize::from(params[4] % 16);
    let step = 1 + usize::from(params[5] % 16);
    let reader = BufReader::with_capacity(capacity, Trickle { data: input, step });
    let mut chunks = Chunks::new(reader, limits);

    let mut got = Vec::new();
    let mut expected_lines = limits.first_lines.min(limits.max_lines);
    while let Some(chunk) = chunks.next_chunk().expect("reading a slice never fails") {
        assert!(!chunk.is_empty(), "an empty chunk");
        assert!(
            chunk.len() <= expected_lines,
            "{} lines in a chunk of {expected_lines}",
            chunk.len()
        );
        // The chunk closed as soon as its weight reached max_bytes: all lines but the last
        // weigh less than that together.
        let last = chunk.len() - 1;
        let before: usize = chunk[..last].iter().map(Line::weight).sum();
        assert!(
            before < limits.max_bytes || last == 0,
            "chunk over its budget"
        );
        let held: usize = chunk.iter().map(Line::bytes).sum();
        assert!(held <= limits.max_bytes / 2 + limits.max_line + 1);
        for line in &chunk {
            assert!(
                line.bytes() <= limits.max_line + 1,
                "a line over the limit was kept"
            );
        }
        expected_lines = (expected_lines * 2).min(limits.max_lines);
        got.extend(chunk);
    }
    // The end is the end: asking again gives nothing.
    assert!(chunks.next_chunk().expect("no error").is_none());
    let (want, count) = model(input, limits.max_line);
    assert_eq!(got, want, "lines differ from the model");
    assert_eq!(chunks.lines_seen(), count, "lines counted");
});
