fn main() -> std::process::ExitCode {
    cifras::cli::run()
}
