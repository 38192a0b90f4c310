//! The `copydesk` binary: everything is in the library; this only runs it.

fn main() {
    #[cfg(feature = "cli")]
    std::process::exit(copydesk::cli::main());
    #[cfg(not(feature = "cli"))]
    {
        // Without the CLI, the binary can still serve the protocol.
        #[cfg(feature = "server")]
        {
            let args: Vec<String> = std::env::args().skip(1).collect();
            if args.first().map(String::as_str) == Some("serve") {
                let level = args
                    .iter()
                    .position(|a| a == "--log-level")
                    .and_then(|i| args.get(i + 1))
                    .map_or("info", String::as_str);
                match copydesk::server::run(level) {
                    Ok(()) => std::process::exit(0),
                    Err(e) => {
                        eprintln!("copydesk serve: {e}");
                        std::process::exit(2);
                    }
                }
            }
        }
        eprintln!("copydesk was built without the `cli` feature");
        std::process::exit(2);
    }
}
