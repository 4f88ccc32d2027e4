//! `secretariat bench`: the store's figures on a large demo.

use super::{Context, Failure};
use std::path::PathBuf;

pub fn run(_ctx: &Context, _cases: usize, _keep: Option<PathBuf>) -> Result<(), Failure> {
    Err(Failure::runtime("bench is being written"))
}
