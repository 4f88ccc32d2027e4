//! `secretariat export`.

use super::args::{ExportWhat, FormatArg};
use super::{Context, Failure};
use std::path::PathBuf;

pub fn export(
    _ctx: &Context,
    _what: ExportWhat,
    _queue: Option<String>,
    _format: FormatArg,
    _output: Option<PathBuf>,
    _all: bool,
) -> Result<(), Failure> {
    Err(Failure::runtime("export lands with the interchange branch"))
}
