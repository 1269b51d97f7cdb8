use std::future::Future;

async fn print_all(names: &[String]) {
    for name in names {
        println!("{name}");
    }
}

// ANCHOR: here
/// Makes the names, and hands back a future that will print them.
fn later() -> impl Future<Output = ()> {
    let names = vec!["fn.test".to_string(), "mod.test".to_string()];
    print_all(&names) // the future borrows `names`, which dies here
}
// ANCHOR_END: here

fn main() {
    drop(later());
}
