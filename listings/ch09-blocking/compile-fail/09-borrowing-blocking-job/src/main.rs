//! Does not compile: `spawn_blocking` needs a `'static` closure, and this
//! one borrows the slice its caller lent to `checksum`.

// ANCHOR: here
/// Adds up the bytes on the blocking pool.
async fn checksum(data: &[u8]) -> u64 {
    let job = tokio::task::spawn_blocking(|| {
        data.iter().map(|&byte| u64::from(byte)).sum::<u64>()
    });
    job.await.expect("the sum does not panic")
}
// ANCHOR_END: here

#[tokio::main]
async fn main() {
    let data = vec![7_u8; 1024];
    println!("checksum: {}", checksum(&data).await);
}
