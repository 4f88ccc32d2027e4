//! `secretariat`: parse the command line and run the command.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    secretariat::cli::main_with(secretariat::cli::Cli::parse())
}
