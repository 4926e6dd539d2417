//! The data directory on disk: created readable by its owner only, and its entries made
//! durable. It holds the embedded store's database and, unless one is configured, the server
//! key (`ots-server`'s `keys`).

use std::path::Path;

/// Creates `dir` and any missing parents, readable only by their owner, and makes the new
/// directory durable. A directory that exists is left as it is.
pub fn create_data_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    // A new directory survives a crash only once its parent is synced.
    sync_dir(dir.parent().unwrap_or(Path::new("/")))
}

/// Makes the entries of `dir` durable: a file created in it survives a crash only once its
/// directory is synced, whatever was synced inside the file. An empty path (the parent of a bare
/// file name) is the current directory.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    std::fs::File::open(dir)?.sync_all()
}
