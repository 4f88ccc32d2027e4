//! From the trees of schema 5 and before to the one tree of schema 6.
//!
//! Up to schema 5 every table was a sled tree of its own, and a change was a
//! sled transaction over all of them; schema 6 keeps every table under a
//! prefix byte of one tree (`table`). Opening an older store copies each old
//! tree but the indexes (which the step to schema 6 builds again from the
//! cases) into the new one in batches, the old `meta` last (it carries the
//! schema version, so the new tree counts as the store's only once everything
//! else is in it), and then drops the old trees. A copy cut short is simply
//! done again at the next open: the old trees are still there and unchanged.

use super::{Result, SledStore, StoreFault, T, TREE_NAMES};

/// Records copied per batch.
const BATCH: usize = 20_000;

impl SledStore {
    /// The schema version the old trees say, if this store is still in them.
    pub(super) fn legacy_version(&self) -> Result<Option<u32>> {
        if !self.has_legacy_trees() {
            return Ok(None);
        }
        let meta = self.db()?.open_tree(TREE_NAMES[T::Meta as usize])?;
        match meta.get(b"schema_version")? {
            Some(v) => v
                .as_ref()
                .try_into()
                .map(u32::from_be_bytes)
                .map(Some)
                .map_err(|_| StoreFault::damaged(&self.dir, super::Damage::SchemaVersion).into()),
            None => Ok(None),
        }
    }

    fn has_legacy_trees(&self) -> bool {
        self.db().is_ok_and(|db| {
            db.tree_names()
                .iter()
                .any(|n| TREE_NAMES.iter().any(|t| t.as_bytes() == n.as_ref()))
        })
    }

    /// Copies every old tree into the one tree, meta last, then drops them.
    /// Prints progress on the terminal when there is one.
    pub(super) fn move_legacy_trees(&self) -> Result<()> {
        let mut total = 0usize;
        let mut trees = Vec::new();
        for (t, name) in TREE_NAMES.iter().enumerate() {
            let tree = self.db()?.open_tree(name)?;
            // Indexes are built again from the cases by the step to schema 6.
            if !super::migrate_v6::LEGACY_INDEXES
                .iter()
                .any(|d| *d as usize == t)
            {
                total += tree.len();
            }
            trees.push(tree);
        }
        let progress = Progress::new(total);
        let mut done = 0usize;
        // Meta (table 0) goes last: its schema version makes the copy the store's.
        let order = (1..trees.len()).chain(std::iter::once(T::Meta as usize));
        for t in order {
            if super::migrate_v6::LEGACY_INDEXES
                .iter()
                .any(|d| *d as usize == t)
            {
                continue;
            }
            let mut batch = sled::Batch::default();
            let mut n = 0;
            for kv in trees[t].iter() {
                let (k, v) = kv?;
                let mut key = Vec::with_capacity(k.len() + 1);
                key.push(t as u8);
                key.extend_from_slice(&k);
                batch.insert(key, v);
                n += 1;
                if n == BATCH {
                    self.data()?.apply_batch(std::mem::take(&mut batch))?;
                    done += n;
                    n = 0;
                    progress.show(done);
                }
            }
            self.data()?.apply_batch(batch)?;
            done += n;
            progress.show(done);
            if t == T::Meta as usize {
                self.db()?.flush()?;
            }
        }
        drop(trees);
        self.drop_legacy_trees()?;
        progress.finish();
        Ok(())
    }

    /// Drops the old trees once the one tree holds the store.
    pub(super) fn drop_legacy_trees(&self) -> Result<()> {
        if !self.has_legacy_trees() {
            return Ok(());
        }
        for name in TREE_NAMES {
            self.db()?.drop_tree(name)?;
        }
        self.db()?.flush()?;
        Ok(())
    }
}

/// Progress of a long copy on stderr, when stderr is a terminal.
pub(super) struct Progress {
    total: usize,
    tty: bool,
    started: std::time::Instant,
}

impl Progress {
    pub(super) fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            tty: std::io::stderr().is_terminal() && total >= 100_000,
            started: std::time::Instant::now(),
        }
    }

    pub(super) fn show(&self, done: usize) {
        if self.tty {
            eprint!(
                "\rupgrading the store to schema {}: {done} of {} records",
                super::SCHEMA_VERSION,
                self.total
            );
        }
    }

    pub(super) fn finish(&self) {
        if self.tty {
            eprintln!(" — done in {:.1} s", self.started.elapsed().as_secs_f64());
        }
    }
}

/// Rewrites a closed store as schema 5 kept it: every table in a tree of its
/// own (the old names), version 5, and an old-style entry in the two indexes
/// schema 6 dropped — what the previous release leaves on disk. For the
/// migration tests.
#[cfg(test)]
pub(crate) fn legacy_copy_for_tests(dir: &std::path::Path) {
    let db = sled::Config::new().path(dir).open().unwrap();
    let data = db.open_tree(super::table::DATA_TREE).unwrap();
    for (t, name) in TREE_NAMES.iter().enumerate() {
        let tree = db.open_tree(name).unwrap();
        for kv in data.scan_prefix([t as u8]) {
            let (k, v) = kv.unwrap();
            tree.insert(&k[1..], v).unwrap();
        }
    }
    let meta = db.open_tree(TREE_NAMES[T::Meta as usize]).unwrap();
    meta.insert(b"schema_version", &5u32.to_be_bytes()).unwrap();
    for t in [T::IdxState, T::IdxToken] {
        db.open_tree(TREE_NAMES[t as usize])
            .unwrap()
            .insert(b"\x00old entry", &[0u8; 13])
            .unwrap();
    }
    db.drop_tree(super::table::DATA_TREE).unwrap();
    db.flush().unwrap();
    drop(data);
    drop(db);
    super::seal::write(dir).unwrap();
}
