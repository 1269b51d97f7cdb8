//! Three threads share one synchronous `Shouter`, with no runtime in
//! sight. The service it calls runs on a runtime of its own, standing in
//! for a remote server.

use std::io;

use listing_15_08::Shouter;

// ANCHOR: main
fn main() -> io::Result<()> {
    let service = tokio::runtime::Runtime::new()?;
    let addr = service.block_on(listing_15_04::start())?;

    let shouter = Shouter::new(addr)?;
    let answers: Vec<io::Result<String>> = std::thread::scope(|scope| {
        let calls: Vec<_> = ["one", "two", "three"]
            .map(|word| scope.spawn(|| shouter.shout(word)))
            .into_iter()
            .collect();
        calls
            .into_iter()
            .map(|call| call.join().expect("no panic"))
            .collect()
    });
    for answer in answers {
        println!("{}", answer?);
    }
    drop(shouter);
    println!("the client's runtime thread has ended");
    Ok(())
}
// ANCHOR_END: main
