//! The `copydesk` binary: everything is in the library; this only runs it.

#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // mimalloc asks for huge pages where the system grants them on
    // request, which would double the server's resident memory for no
    // gain at a story's size; a 2 MB page per heap is not worth it.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag on this
    // process; it reads no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    #[cfg(feature = "cli")]
    std::process::exit(copydesk::cli::main());
    #[cfg(not(feature = "cli"))]
    {
        eprintln!("copydesk was built without the `cli` feature");
        std::process::exit(2);
    }
}
