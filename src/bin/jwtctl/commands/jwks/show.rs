//! `jwtctl jwks show`: a key set from a file or URL, reviewed as a table (or `--json`).

use serde_json::Value;

use jwtctl::Result;
use jwtctl::present::output;

use jwtctl::keys::publish;
use jwtctl::present::output::{Paint, paint};
use jwtctl::text::{escape, escape_all};

use jwtctl::input::Input;

use super::super::{Context, Outcome, read_key_set};
use crate::cli::ShowArgs;

pub fn run(args: ShowArgs, ctx: &mut Context) -> Result<Outcome> {
    let label = match args.source.as_str() {
        "-" => "the key set on standard input",
        file => file,
    };
    let timeout = std::time::Duration::from_secs(args.timeout);
    let docs = crate::cache::Docs::new(crate::cache::Mode::Off, timeout);
    let (bytes, _) = read_key_set(ctx, &args.source, label, Some(&docs))?;
    let rows = publish::describe(&bytes).map_err(|e| {
        let e = Input::KeySet.recast(e.context(&args.source));
        if bytes.starts_with(b"-----BEGIN") {
            e.with_hint(
                "this is a PEM key, not a JWKS; 'jwtctl jwks create FILE' makes a JWKS of it",
            )
        } else {
            e
        }
    })?;
    let color = ctx.term.color_stdout;
    if args.json {
        let value = Value::Array(rows.iter().map(publish::Row::to_json).collect());
        return ctx
            .term
            .print(&output::json_document(
                &value,
                ctx.term.stdout_is_terminal(),
                color,
            ))
            .map(|()| Outcome::Success);
    }
    let header = ["KID", "KTY", "SIZE", "ALG", "USE", "THUMBPRINT", "PRIVATE"];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            // Every cell but PRIVATE comes from the document (or is computed from it).
            let cell = |v: Option<&str>| v.map_or_else(|| "-".into(), |v| escape(v).into_owned());
            [
                cell(r.kid.as_deref()),
                cell(Some(&r.kty)),
                cell(Some(&r.size)),
                cell(r.alg.as_deref()),
                cell(r.key_use.as_deref()),
                cell(r.thumbprint.as_deref()),
                if r.private { "yes" } else { "no" }.into(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| {
        let mut out = String::new();
        for (i, (c, w)) in cols.iter().zip(widths).enumerate() {
            if i + 1 == cols.len() {
                out.push_str(c);
            } else {
                out.push_str(&format!("{c:<w$}  "));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut text = paint(
        line(&header.map(String::from)).trim_end(),
        Paint::Heading,
        color,
    ) + "\n";
    for row in &cells {
        text.push_str(&line(row));
    }
    let problems: Vec<String> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            let name = r
                .kid
                .as_deref()
                .map_or_else(|| format!("key #{}", i + 1), |k| escape(k).into_owned());
            r.problems.iter().map(move |p| {
                format!(
                    "  {} {name}: {}",
                    paint("!", Paint::Bad, color),
                    escape_all(p)
                )
            })
        })
        .collect();
    if !problems.is_empty() {
        text.push_str(&format!("\n{}\n", paint("Problems", Paint::Heading, color)));
        for p in problems {
            text.push_str(&p);
            text.push('\n');
        }
    }
    text.push_str(&format!(
        "\n{} key{}\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    ctx.term.print(&text).map(|()| Outcome::Success)
}
