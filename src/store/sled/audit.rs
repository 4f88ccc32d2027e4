//! Where the sled store keeps its audit chain besides the records (`audit`
//! table): the head and the key's fingerprint, in the metadata. The chain
//! itself, MAC and checks, is the store's (`store::audit`).

pub use crate::store::audit::{AuditHead, AuditKey};
pub(crate) use crate::store::audit::{GENESIS, hex};

/// The meta key holding the key's fingerprint (which key the chain is under).
pub(crate) const KEY_ID: &[u8] = b"audit_key_id";

/// The meta key of the chain's head: the last record's seq (u64), its MAC.
pub(crate) const HEAD: &[u8] = b"audit_head";

/// The head kept under [`HEAD`], if one is (and reads).
pub(crate) fn head_of(v: Option<&[u8]>) -> Option<AuditHead> {
    let v = v.filter(|v| v.len() > 8)?;
    Some(AuditHead {
        seq: super::keys::u64_from(v).unwrap_or(0),
        mac: String::from_utf8_lossy(&v[8..]).into_owned(),
    })
}

/// The bytes of `head` as [`HEAD`] keeps them.
pub(crate) fn head_bytes(head: &AuditHead) -> Vec<u8> {
    let mut out = head.seq.to_be_bytes().to_vec();
    out.extend_from_slice(head.mac.as_bytes());
    out
}
