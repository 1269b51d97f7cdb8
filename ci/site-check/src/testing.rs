//! Fixture sites for the unit tests: a few files in a temporary folder.

use std::fs;

use tempfile::TempDir;

/// A temporary site holding `files` (path relative to the site, contents).
pub fn site_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, contents) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("mkdir");
        fs::write(path, contents).expect("write a fixture file");
    }
    dir
}
