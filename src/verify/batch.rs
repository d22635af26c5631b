//! The input side of `verify --batch`: lines of at most [`MAX_LINE`] bytes, grouped into chunks
//! that are bounded by lines AND by bytes, so that what is held in memory depends on the limits,
//! never on the input. Reads any [`BufRead`]; knows nothing of files, terminals or threads.
//!
//! A chunk closes when it has its number of lines, or as soon as the weight of its lines reaches
//! [`Limits::max_bytes`]. A line weighs twice its bytes: its text, and the envelope that will
//! be made of it and held until the chunk is written, which is about as large (a valid token's
//! envelope holds its decoded header and claims, 3/4 of the token; a rejection is one short
//! line; the worst case, a `--signature-only` payload of control bytes escaped as `\u00XX`, is
//! 4.5 times the line). So a chunk holds less than `max_bytes / 2 + max_line + 1` bytes of text,
//! and a [`LineReader`] holds at most `max_line + 1` bytes of a line it is reading (a line and
//! its newline; a longer line is skipped in bounded steps and reported as
//! [`LineError::TooLong`]).

use std::io::{self, BufRead, Read};

use crate::error::{Bounded, Error};

/// Longest line read; a longer one is reported as [`LineError::TooLong`] and skipped. Room for a
/// token of the maximum size with a `Bearer ` prefix and whitespace around it.
pub(crate) const MAX_LINE: usize = crate::input::MAX_TOKEN_LEN + 4096;

/// Why a line could not be taken as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// Longer than the line limit, which it carries (its bytes were not kept).
    TooLong(usize),
    /// Not valid UTF-8.
    NotUtf8,
}

impl LineError {
    /// The error a line that cannot be taken is reported with: a token over the line limit, or
    /// malformed.
    pub fn error(self) -> Error {
        match self {
            LineError::TooLong(limit) => Error::too_large(
                Bounded::Token,
                limit as u64,
                format!("line is longer than the batch limit of {limit} bytes"),
            ),
            LineError::NotUtf8 => Error::malformed("the line is not UTF-8 text"),
        }
    }
}

/// One line of input that is not blank: its number (from 1, blank lines counted) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: Result<String, LineError>,
}

impl Line {
    /// The bytes this line holds.
    pub fn bytes(&self) -> usize {
        self.text.as_ref().map_or(0, String::len)
    }

    /// What this line counts for in a chunk's budget: its text and an envelope as large.
    pub fn weight(&self) -> usize {
        self.bytes().saturating_mul(2)
    }
}

/// Reads lines one at a time, never holding more than `max_line + 1` bytes of one (a line of
/// up to `max_line` bytes and its newline). Blank lines (empty or only whitespace) are counted
/// but not returned. A last line without a newline is a line like any other.
pub(crate) struct LineReader<R> {
    inner: R,
    max_line: usize,
    number: usize,
    bytes: u64,
}

impl<R: BufRead> LineReader<R> {
    pub(crate) fn with_max_line(inner: R, max_line: usize) -> Self {
        LineReader {
            inner,
            max_line,
            number: 0,
            bytes: 0,
        }
    }

    /// Bytes consumed so far, newlines, blank lines and skipped lines included.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Lines seen so far, blank ones included: the number of the last line read.
    pub(crate) fn lines_seen(&self) -> usize {
        self.number
    }

    /// The next line that is not blank, or `None` at the end of the input.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            let mut buf = Vec::new();
            let limit = u64::try_from(self.max_line).unwrap_or(u64::MAX - 1) + 1;
            let n = (&mut self.inner).take(limit).read_until(b'\n', &mut buf)?;
            if n == 0 {
                return Ok(None);
            }
            self.bytes = self.bytes.saturating_add(n as u64);
            self.number += 1;
            let number = self.number;
            if buf.len() > self.max_line && buf.last() != Some(&b'\n') {
                self.skip_rest_of_line()?;
                return Ok(Some(Line {
                    number,
                    text: Err(LineError::TooLong(self.max_line)),
                }));
            }
            // A line read in several pieces may have up to twice the room it needs: a chunk of
            // large lines holds what it counts, not twice that.
            if buf.capacity() - buf.len() > buf.len() / 8 {
                buf.shrink_to_fit();
            }
            match String::from_utf8(buf) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => {
                    return Ok(Some(Line {
                        number,
                        text: Ok(text),
                    }));
                }
                Err(_) => {
                    return Ok(Some(Line {
                        number,
                        text: Err(LineError::NotUtf8),
                    }));
                }
            }
        }
    }

    /// Consumes the input up to and including the next newline, a buffer at a time.
    fn skip_rest_of_line(&mut self) -> io::Result<()> {
        loop {
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                return Ok(());
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.inner.consume(i + 1);
                    self.bytes = self.bytes.saturating_add(i as u64 + 1);
                    return Ok(());
                }
                None => {
                    let len = available.len();
                    self.inner.consume(len);
                    self.bytes = self.bytes.saturating_add(len as u64);
                }
            }
        }
    }
}

/// How chunks grow: the first has `first_lines` lines so that the first results come out
/// quickly, each next one twice as many up to `max_lines`; any chunk closes once the weight of
/// its lines ([`Line::weight`]) reaches `max_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub first_lines: usize,
    pub max_lines: usize,
    pub max_bytes: usize,
    /// The longest line, [`MAX_LINE`] (smaller in tests and fuzzing).
    pub max_line: usize,
}

impl Limits {
    /// Bytes in flight (lines and their envelopes) a chunk may gather per worker thread: two
    /// lines of the maximum size and their envelopes, so that every thread has work in a chunk
    /// of maximum-size lines.
    pub(crate) const BYTES_PER_THREAD: usize = 4 * MAX_LINE;

    /// The limits for `threads` workers: 64 lines first, then up to 8192 (all of them for
    /// tokens of up to 500 bytes on two threads), and [`Limits::BYTES_PER_THREAD`] per thread.
    pub fn for_threads(threads: usize) -> Limits {
        Limits {
            first_lines: 64,
            max_lines: 8192,
            max_bytes: threads.max(1).saturating_mul(Self::BYTES_PER_THREAD),
            max_line: MAX_LINE,
        }
    }
}

/// Groups the lines of a [`LineReader`] into chunks within [`Limits`].
pub struct Chunks<R> {
    reader: LineReader<R>,
    limits: Limits,
    next_lines: usize,
    done: bool,
}

impl<R: BufRead> Chunks<R> {
    pub fn new(inner: R, limits: Limits) -> Self {
        Chunks {
            reader: LineReader::with_max_line(inner, limits.max_line),
            next_lines: limits.first_lines.clamp(1, limits.max_lines.max(1)),
            limits,
            done: false,
        }
    }

    /// The next chunk of lines, in input order; `None` once the input is exhausted. A chunk is
    /// never empty.
    pub fn next_chunk(&mut self) -> io::Result<Option<Vec<Line>>> {
        if self.done {
            return Ok(None);
        }
        let mut lines = Vec::with_capacity(self.next_lines);
        let mut bytes = 0usize;
        // At least one line, whatever the budget.
        while lines.is_empty() || (lines.len() < self.next_lines && bytes < self.limits.max_bytes) {
            match self.reader.next_line()? {
                Some(line) => {
                    bytes = bytes.saturating_add(line.weight());
                    lines.push(line);
                }
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        self.next_lines = (self.next_lines.saturating_mul(2)).min(self.limits.max_lines.max(1));
        Ok(if lines.is_empty() { None } else { Some(lines) })
    }

    /// Lines seen so far, blank ones included.
    pub fn lines_seen(&self) -> usize {
        self.reader.lines_seen()
    }

    /// Bytes of input consumed so far (see [`LineReader::bytes_read`]).
    pub fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_chunks(input: &[u8], limits: Limits) -> Vec<Vec<Line>> {
        let mut chunks = Chunks::new(io::BufReader::with_capacity(16, input), limits);
        let mut out = Vec::new();
        while let Some(chunk) = chunks.next_chunk().unwrap() {
            out.push(chunk);
        }
        out
    }

    /// Every line of `input` as (number, text or why not), across all chunks.
    fn numbered(input: &[u8], limits: Limits) -> Vec<(usize, Result<String, LineError>)> {
        all_chunks(input, limits)
            .into_iter()
            .flatten()
            .map(|l| (l.number, l.text))
            .collect()
    }

    #[test]
    fn lines_keep_their_numbers_and_blank_lines_are_skipped() {
        let input = b"a\n\n  \r\nb\r\n\xff\nlast";
        assert_eq!(
            numbered(input, Limits::for_threads(1)),
            vec![
                (1, Ok("a\n".to_string())),
                (4, Ok("b\r\n".to_string())),
                (5, Err(LineError::NotUtf8)),
                (6, Ok("last".to_string())),
            ]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_reported_and_skipped() {
        let mut input = vec![b'x'; MAX_LINE];
        input.extend_from_slice(b"\n");
        input.extend(std::iter::repeat_n(b'y', MAX_LINE + 1));
        input.extend_from_slice(b"\nz\n");
        input.extend(std::iter::repeat_n(b'w', 3 * MAX_LINE));
        let lines: Vec<Line> = all_chunks(&input, Limits::for_threads(1))
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].bytes(), MAX_LINE + 1);
        assert_eq!(lines[1].text, Err(LineError::TooLong(MAX_LINE)));
        assert_eq!(lines[2].text.as_deref(), Ok("z\n"));
        assert_eq!(
            (lines[3].number, lines[3].text.clone()),
            (4, Err(LineError::TooLong(MAX_LINE)))
        );
    }

    #[test]
    fn a_line_over_the_limit_is_a_token_too_large() {
        let e = LineError::TooLong(MAX_LINE).error();
        assert_eq!(
            e.kind,
            crate::error::Kind::TooLarge {
                what: Bounded::Token,
                limit: MAX_LINE as u64
            }
        );
        // As a token that is malformed: exit 3, code "malformed" in the batch verdict.
        assert_eq!(e.kind.code(), Some("malformed"));
        assert_eq!(
            e.message,
            format!("line is longer than the batch limit of {MAX_LINE} bytes")
        );
        assert_eq!(
            LineError::NotUtf8.error().kind,
            crate::error::Kind::Malformed
        );
    }

    #[test]
    fn every_byte_read_is_counted_skipped_and_blank_lines_included() {
        let mut input = b"a\n\n  \r\nb\r\n\xff\n".to_vec();
        input.extend(std::iter::repeat_n(b'y', 3 * MAX_LINE));
        input.extend_from_slice(b"\nlast");
        let mut chunks = Chunks::new(
            io::BufReader::with_capacity(16, &input[..]),
            Limits::for_threads(1),
        );
        assert_eq!(chunks.bytes_read(), 0);
        let first = chunks.next_chunk().unwrap().unwrap();
        assert_eq!(first.len(), 5);
        assert_eq!(chunks.bytes_read(), input.len() as u64);
        assert!(chunks.next_chunk().unwrap().is_none());
        assert_eq!(chunks.bytes_read(), input.len() as u64);
    }

    #[test]
    fn a_small_line_limit_counts_the_newline_apart() {
        let limits = Limits {
            max_line: 4,
            ..Limits::for_threads(1)
        };
        assert_eq!(
            numbered(b"abcd\nabcde\nab\nabcde", limits),
            vec![
                (1, Ok("abcd\n".to_string())),
                (2, Err(LineError::TooLong(4))),
                (3, Ok("ab\n".to_string())),
                (4, Err(LineError::TooLong(4))),
            ]
        );
    }

    #[test]
    fn chunks_grow_by_lines_and_stop_at_the_byte_budget() {
        let input = "t\n".repeat(1000);
        let limits = Limits {
            first_lines: 4,
            max_lines: 100,
            max_bytes: 1 << 20,
            max_line: MAX_LINE,
        };
        let sizes: Vec<usize> = all_chunks(input.as_bytes(), limits)
            .iter()
            .map(Vec::len)
            .collect();
        assert_eq!(sizes[..6], [4, 8, 16, 32, 64, 100]);
        assert_eq!(sizes.iter().sum::<usize>(), 1000);
        // Lines of 1000 bytes (weight 2000) and a budget of 9000: five lines a chunk.
        let line = format!("{}\n", "a".repeat(999));
        let input = line.repeat(23);
        let limits = Limits {
            first_lines: 64,
            max_lines: 8192,
            max_bytes: 9000,
            max_line: MAX_LINE,
        };
        let sizes: Vec<usize> = all_chunks(input.as_bytes(), limits)
            .iter()
            .map(Vec::len)
            .collect();
        assert_eq!(sizes, [5, 5, 5, 5, 3]);
        // A budget of nothing still moves: one line a chunk.
        let limits = Limits {
            max_bytes: 0,
            ..limits
        };
        assert_eq!(all_chunks(b"a\nb\n", limits).len(), 2);
    }

    #[test]
    fn the_default_limits_fit_ordinary_tokens_and_bound_large_ones() {
        let limits = Limits::for_threads(2);
        assert!(limits.max_lines * 2 * 500 <= limits.max_bytes);
        assert_eq!(limits.max_bytes, 8 * MAX_LINE);
        assert_eq!(Limits::for_threads(0).max_bytes, 4 * MAX_LINE);
    }
}
