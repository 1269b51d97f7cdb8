//! One query and one reply, byte by byte: the query built by hand, sent
//! with an ordinary blocking UDP socket to the local DNS server, and the
//! reply parsed by hand.

use dns_server::{DnsServer, Zone};
use listing_06_06::{parse_reply, query};
use std::error::Error;
use std::net::{Ipv4Addr, UdpSocket};
use std::time::Duration;

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    let server = DnsServer::start(Zone {
        domain: "test".into(),
        records: vec![("fn.test".into(), Ipv4Addr::new(192, 0, 2, 1))],
        delays: vec![],
        default_delay: Duration::ZERO,
    })?;
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    socket.set_read_timeout(Some(Duration::from_secs(5)))?;
    socket.connect(server.addr())?;

    let id = 0x2a2a; // fixed for the printout; a real client picks at random
    let packet = query(id, "fn.test")?;
    println!("query, {} bytes:\n{}", packet.len(), hex(&packet));
    socket.send(&packet)?;
    let mut reply = [0; 512]; // the classic limit for DNS over UDP
    let n = socket.recv(&mut reply)?;
    println!("reply, {n} bytes:\n{}", hex(&reply[..n]));
    println!("parsed: {:?}", parse_reply(&packet, &reply[..n])?);
    Ok(())
}
// ANCHOR_END: main

/// Bytes as hexadecimal pairs, 16 to a line.
fn hex(bytes: &[u8]) -> String {
    let lines = bytes.chunks(16).map(|line| {
        let pairs: Vec<String> =
            line.iter().map(|byte| format!("{byte:02x}")).collect();
        format!("  {}", pairs.join(" "))
    });
    lines.collect::<Vec<_>>().join("\n")
}
