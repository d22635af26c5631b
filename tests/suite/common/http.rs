//! A loopback HTTP server for the tests that fetch keys and metadata: each path answers with
//! its (status, extra headers, body), other paths 404; every request line is logged, so a test
//! can count what jwtctl asked for. It serves until the test process ends.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// One route: path, status, extra header lines (each ending in `\r\n`), body.
pub type Route = (String, u16, String, String);

pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    routes: Arc<Mutex<Vec<Route>>>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<Vec<Route>>> = Arc::default();
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&request).into_owned();
                let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
                l.lock().unwrap().push(head);
                let (status, headers, body) = r
                    .lock()
                    .unwrap()
                    .iter()
                    .find(|(p, ..)| *p == path)
                    .map(|(_, s, h, b)| (*s, h.clone(), b.clone()))
                    .unwrap_or((404, String::new(), "{}".to_string()));
                let response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes());
                let _ = stream.write_all(body.as_bytes());
                let _ = stream.shutdown(std::net::Shutdown::Write);
                let _ = stream.read_to_end(&mut request);
            }
        });
        Server { base, routes, log }
    }

    /// Serves `body` at `path` with `status` and extra `headers`, replacing what was there.
    pub fn route(&self, path: &str, status: u16, headers: &str, body: &str) -> &Self {
        let mut routes = self.routes.lock().unwrap();
        routes.retain(|(p, ..)| p != path);
        routes.push((
            path.to_string(),
            status,
            headers.to_string(),
            body.to_string(),
        ));
        self
    }

    /// The request heads received so far for `path`.
    pub fn requests(&self, path: &str) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.split_whitespace().nth(1) == Some(path))
            .cloned()
            .collect()
    }
}

/// A server with these routes from the start; returns its base URL.
pub fn http_server(routes: Vec<(&'static str, u16, String, String)>) -> String {
    let server = Server::start();
    for (path, status, headers, body) in routes {
        server.route(path, status, &headers, &body);
    }
    server.base
}
