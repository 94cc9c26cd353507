//! The `cifras` binary: [`cifras::cli::run`] does everything and returns the exit code.

fn main() -> std::process::ExitCode {
    cifras::cli::run()
}

// A run allocates and frees a record per input (100,000 and more): glibc's allocator spent
// tens of milliseconds consolidating those frees in a re-run that otherwise takes a few
// hundred.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
