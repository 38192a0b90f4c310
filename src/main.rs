//! The `copydesk` binary: everything is in the library; this only runs it.

fn main() {
    #[cfg(feature = "cli")]
    std::process::exit(copydesk::cli::main());
    #[cfg(not(feature = "cli"))]
    {
        eprintln!("copydesk was built without the `cli` feature");
        std::process::exit(2);
    }
}
