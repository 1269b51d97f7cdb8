use std::time::Duration;

// ANCHOR: here
#[tokio::main]
async fn main() {
    let names = vec![String::from("ferris"), String::from("corro")];
    let task = tokio::spawn(async {
        for name in &names {
            tokio::time::sleep(Duration::from_millis(10)).await;
            println!("hello, {name}");
        }
    });
    task.await.unwrap();
    println!("greeted {} names", names.len());
}
// ANCHOR_END: here
