// ANCHOR: here
struct Dir {
    name: &'static str,
    bytes: u64,
    children: Vec<Dir>,
}

async fn total_bytes(dir: &Dir) -> u64 {
    let mut total = dir.bytes;
    for child in &dir.children {
        total += total_bytes(child).await;
    }
    total
}
// ANCHOR_END: here

#[tokio::main]
async fn main() {
    let src = Dir {
        name: "src",
        bytes: 120,
        children: Vec::new(),
    };
    let root = Dir {
        name: "book",
        bytes: 10,
        children: vec![src],
    };
    println!("{}: {} bytes", root.name, total_bytes(&root).await);
}
