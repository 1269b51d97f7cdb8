use std::rc::Rc;
use std::time::Duration;

// ANCHOR: here
#[tokio::main]
async fn main() {
    let task = tokio::spawn(async {
        let name: Rc<str> = Rc::from("ferris");
        tokio::time::sleep(Duration::from_millis(10)).await;
        println!("hello, {name}");
    });
    task.await.unwrap();
}
// ANCHOR_END: here
