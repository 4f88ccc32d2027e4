//! `secretariat`: parse the command line and run the command.

// sled 0.34 copies tree nodes on every write; mimalloc handles that churn far
// better than the system allocator (measured: see README, "Speed").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    secretariat::cli::main_with(secretariat::cli::help::parse())
}
