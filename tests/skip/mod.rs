//! What a test does when a tool or a privilege it needs is missing: on a
//! developer's machine it says so and passes; under `CI=true` it fails with the
//! reason, since `.ci/run` installs every tool and runs as root, so a test that
//! skipped there would be a test that did not run.

/// Reports that the calling test cannot run here, and why; panics under `CI=true`.
pub fn unavailable(why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{why}; under CI=true a test may not pass by skipping (.ci/run installs what the tests need and runs as root)"
        );
    }
    eprintln!("NOTICE: skipped: {why}");
}
