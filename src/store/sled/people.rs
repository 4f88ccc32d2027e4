//! People by birth date (schema 7): birth date as `keys::i32_key` of its
//! days from the common era, then the registration number, each to nothing.
//! Help desk finds a caller who does not know their number by it.

use super::tx::{Tx, TxResult};
use super::{Result, SledStore, T, keys};
use crate::domain::Person;
use chrono::{Datelike, NaiveDate};

/// The entry of a person born on `birth` under `regno`.
pub(super) fn birth_key(birth: NaiveDate, regno: &str) -> Vec<u8> {
    [
        &keys::i32_key(birth.num_days_from_ce())[..],
        regno.as_bytes(),
    ]
    .concat()
}

impl Tx<'_> {
    /// Moves a person's birth-date entry from `old` (if any) to `new`.
    pub(super) fn index_birth(&self, old: Option<&Person>, new: &Person) -> TxResult<()> {
        let regno = new.registration_number.as_str();
        let key = birth_key(new.birth_date, regno);
        if let Some(o) = old {
            let was = birth_key(o.birth_date, o.registration_number.as_str());
            if was == key {
                return Ok(());
            }
            self.del(T::PeopleByBirth, &was)?;
        }
        self.put(T::PeopleByBirth, &key, &[])
    }
}

impl SledStore {
    /// The registration numbers of the people born on `date`, in order.
    pub fn people_born(&self, date: NaiveDate) -> Result<Vec<String>> {
        let prefix = keys::i32_key(date.num_days_from_ce());
        let mut out = Vec::new();
        for k in self.tree(T::PeopleByBirth).scan_prefix(prefix).keys() {
            let k = k?;
            out.push(String::from_utf8_lossy(&k[prefix.len()..]).into_owned());
        }
        Ok(out)
    }

    /// Every birth-date entry a person calls for, built afresh (upgrade to
    /// schema 7): the keys to put.
    pub(super) fn birth_entries(&self) -> Result<Vec<Vec<u8>>> {
        let mut out = Vec::new();
        for p in self.all_people() {
            let p = p?;
            out.push(birth_key(p.birth_date, p.registration_number.as_str()));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::time::ymd;
    use crate::domain::{Person, RegistrationNumber};
    use crate::store::sled::{RegistryWrite, SledStore, WriteBatch};

    fn person(regno: &str, born: chrono::NaiveDate) -> Person {
        Person {
            registration_number: RegistrationNumber::parse(regno).unwrap(),
            name: "池田　真央".into(),
            name_kana: Some("イケダ　マオ".into()),
            birth_date: born,
            email: None,
            regional_quota: false,
            training_periods: vec![],
        }
    }

    fn put(s: &SledStore, p: Person) {
        s.write(&WriteBatch {
            registry: vec![RegistryWrite::Person(p)],
            actor: "boss".into(),
            ..Default::default()
        })
        .unwrap();
    }

    #[test]
    fn people_are_found_by_birth_date_and_move_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path(), "boss").unwrap();
        put(&s, person("1000002", ymd(1990, 8, 2)));
        put(&s, person("1000001", ymd(1990, 8, 2)));
        put(&s, person("1000003", ymd(1991, 1, 1)));
        assert_eq!(
            s.people_born(ymd(1990, 8, 2)).unwrap(),
            ["1000001", "1000002"]
        );
        put(&s, person("1000002", ymd(1992, 3, 4)));
        assert_eq!(s.people_born(ymd(1990, 8, 2)).unwrap(), ["1000001"]);
        assert_eq!(s.people_born(ymd(1992, 3, 4)).unwrap(), ["1000002"]);
        assert!(s.people_born(ymd(2000, 1, 1)).unwrap().is_empty());
        let r = s.check().unwrap();
        assert!(r.faults.is_empty(), "{:?}", r.faults);
    }
}
