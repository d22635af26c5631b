//! `jwtctl jwks serve`: the public JWKS of some keys over HTTP/1.1, for local development
//! (the express-jwt + jwks-rsa setup). Blocking, single-threaded, loopback by default.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tiny_http::{Header, Method, Response, Server};

use jwtctl::keys::publish;
use jwtctl::text::escape;
use jwtctl::{Error, Result};

use super::super::{Context, Outcome};
use super::load_all;
use crate::cli::ServeArgs;

pub fn run(args: ServeArgs, ctx: &mut Context) -> Result<Outcome> {
    let keys = load_all(ctx, &args.keys, args.input.passphrase.as_ref())?;
    let publish::Built { set, notes, .. } = publish::build(&keys, &[], &args.alg, &[])?;
    for n in &notes {
        ctx.term.warn(n);
    }
    let ip: IpAddr = args.bind.parse().map_err(|_| {
        Error::usage(format!("--bind {}: not an IP address", args.bind))
            .with_hint("use 127.0.0.1 (the default), ::1, or 0.0.0.0 to listen on every interface")
    })?;
    if !ip.is_loopback() {
        ctx.term.warn(&format!(
            "listening on {ip}, reachable from other machines; the default is 127.0.0.1"
        ));
    }
    let server = Server::http((ip, args.port))
        .map_err(|e| Error::io(format!("cannot listen on {}: {e}", join(ip, args.port))))?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let base = format!("http://{}", join(ip, port));
    let issuer = args.issuer.clone().unwrap_or_else(|| base.clone());
    let jwks_body = serde_json::to_vec(&set).unwrap_or_default();
    let config_body = serde_json::to_vec(&json!({
        "issuer": issuer,
        "jwks_uri": format!("{base}/.well-known/jwks.json"),
    }))
    .unwrap_or_default();
    let count = set["keys"].as_array().map_or(0, Vec::len);

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| Error::io(format!("cannot install the Ctrl-C handler: {e}")))?;

    ctx.term.print(&format!("{base}/jwks.json\n"))?;
    ctx.term.notice(&format!(
        "serving {count} key{} at {base}/jwks.json and {base}/.well-known/jwks.json (Ctrl-C stops)",
        if count == 1 { "" } else { "s" }
    ));
    while !stop.load(Ordering::SeqCst) {
        let request = match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(e) => {
                ctx.term.warn(&format!("cannot accept a request: {e}"));
                continue;
            }
        };
        let path = request.url().split('?').next().unwrap_or("").to_string();
        let method = request.method().clone();
        let (status, body): (u16, Vec<u8>) = if !matches!(method, Method::Get | Method::Head) {
            (405, error_body("method not allowed; use GET"))
        } else {
            match path.as_str() {
                "/jwks.json" | "/.well-known/jwks.json" => (200, jwks_body.clone()),
                "/.well-known/openid-configuration" => (200, config_body.clone()),
                _ => (404, error_body("not found; the key set is at /jwks.json")),
            }
        };
        let peer = request
            .remote_addr()
            .map_or_else(|| "-".to_string(), |a| a.ip().to_string());
        // The method and path are the client's: shown escaped and shortened.
        ctx.term.notice(&format!(
            "{peer} {} {} {status} {}",
            escape(&method.to_string()),
            escape(&path),
            body.len()
        ));
        let mut response = Response::from_data(body).with_status_code(status);
        for (name, value) in [
            ("Content-Type", "application/json"),
            ("Cache-Control", "public, max-age=60"),
        ] {
            if let Ok(h) = Header::from_bytes(name, value) {
                response.add_header(h);
            }
        }
        if status == 405
            && let Ok(h) = Header::from_bytes("Allow", "GET, HEAD")
        {
            response.add_header(h);
        }
        if let Err(e) = request.respond(response) {
            ctx.term.warn(&format!("cannot answer {peer}: {e}"));
        }
    }
    ctx.term.notice("stopped");
    Ok(Outcome::Success)
}

fn join(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        IpAddr::V4(v4) => format!("{v4}:{port}"),
    }
}

fn error_body(message: &str) -> Vec<u8> {
    let v: Value = json!({ "error": message });
    serde_json::to_vec(&v).unwrap_or_default()
}
