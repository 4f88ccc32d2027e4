//! People, facilities and certified physicians of the demo.

use super::names::{DENTAL_HOSPITALS, FAMILY, GIVEN, HOSPITALS, PREFECTURES, PRIORITY_AREAS};
use super::{Demo, Stream, pick};
use crate::domain::time::ymd;
use crate::domain::{
    Certification, Facility, FacilityNumber, Person, Physician, RegistrationNumber, TrainingPeriod,
};
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// People whose names carry terminal escapes or bidi overrides, as some
/// source systems let through; they exercise the sanitiser.
const HOSTILE_NAMES: &[(usize, &str)] = &[
    (7, "山田\x1b]0;X\x07太郎"),
    (77, "佐藤\u{202E}花子"),
    (97, "鈴木\x1b[31m一郎\x1b[0m"),
];

/// Every 53rd person repeats the previous one's name and birth date under a
/// new registration number (二重登録).
fn is_duplicate(i: usize) -> bool {
    i % 53 == 17
}

/// A facility's name and where it is.
pub(super) struct Place {
    pub prefecture: &'static str,
    pub code: &'static str,
    pub city: &'static str,
    pub area: &'static str,
}

impl Demo {
    /// Person `i`'s registration number: a bijection of 0..9,000,000 onto
    /// 7-digit numbers, shifted by the seed, so numbers are unique and varied.
    pub(super) fn regno(&self, i: usize) -> RegistrationNumber {
        let n = (i as u64 * 7_919 + self.seed % 9_000_000) % 9_000_000 + 1_000_000;
        RegistrationNumber::parse(&n.to_string())
            .unwrap_or_else(|_| unreachable!("n is 7 ASCII digits, which parse accepts"))
    }

    /// Name, kana and birth date drawn for person `i` (before duplication).
    fn identity(&self, i: usize) -> (String, String, NaiveDate, &'static str, &'static str) {
        let mut rng = self.rng(Stream::Person, i);
        let (fam, fam_kana, fam_r) = *pick(&mut rng, FAMILY);
        let (giv, giv_kana, giv_r) = *pick(&mut rng, GIVEN);
        // Mostly trainees in their late twenties and thirties, some senior doctors.
        let year = if rng.gen_bool(0.8) {
            rng.gen_range(1986..=2000)
        } else {
            rng.gen_range(1960..=1985)
        };
        let born = ymd(year, rng.gen_range(1..=12), 1) + Duration::days(rng.gen_range(0..28));
        (
            format!("{fam}\u{3000}{giv}"),
            format!("{fam_kana}\u{3000}{giv_kana}"),
            born,
            fam_r,
            giv_r,
        )
    }

    /// The name and kana of person `i`, as lists show them.
    pub(super) fn person_name(&self, i: usize) -> (String, String) {
        let src = if is_duplicate(i) && i > 0 { i - 1 } else { i };
        let (mut name, kana, ..) = self.identity(src);
        if let Some((_, hostile)) = HOSTILE_NAMES.iter().find(|(at, _)| *at == src) {
            name = (*hostile).to_string();
        }
        (name, kana)
    }

    /// Person `i` of the registry.
    pub(super) fn person(&self, i: usize) -> Person {
        let src = if is_duplicate(i) && i > 0 { i - 1 } else { i };
        let (_, _, birth_date, fam_r, giv_r) = self.identity(src);
        let (name, kana) = self.person_name(i);
        let mut rng = self.rng(Stream::Person, i);
        // Skip the identity draws so later fields differ from a duplicate's.
        let _: [u64; 4] = rng.r#gen();
        let email = rng
            .gen_bool(0.9)
            .then(|| format!("{giv_r}.{fam_r}{i}@mail.example.jp"));
        let regional_quota = rng.gen_bool(0.1);
        let training_periods = self.training_periods(&mut rng, birth_date);
        Person {
            registration_number: self.regno(i),
            name,
            name_kana: Some(kana),
            birth_date,
            email,
            regional_quota,
            training_periods,
        }
    }

    /// One to three yearly periods; some cross March 31, leave a gap or overlap.
    fn training_periods(&self, rng: &mut ChaCha8Rng, born: NaiveDate) -> Vec<TrainingPeriod> {
        let first = (born.year() + rng.gen_range(25..=29)).min(self.today.year() - 1);
        let count = rng.gen_range(1..=3);
        let mut out = Vec::new();
        let mut start = ymd(first, 4, 1);
        for _ in 0..count {
            if start > self.today {
                break;
            }
            let fy_end = ymd(start.year() + 1, 3, 31);
            let roll = rng.gen_range(0..100);
            let end = if roll < 6 {
                // Crosses the fiscal year: should have been split.
                ymd(start.year() + 1, 9, 30)
            } else {
                fy_end
            };
            let facility = self.facility_number(rng.gen_range(0..self.facility_count()));
            out.push(TrainingPeriod {
                facility,
                start,
                end,
            });
            start = match roll {
                6..=9 => end + Duration::days(rng.gen_range(20..90)), // gap
                10..=12 => end - Duration::days(rng.gen_range(10..60)), // overlap
                _ => end + Duration::days(1),
            };
        }
        out
    }

    /// Where facility `j` is.
    pub(super) fn place(&self, j: usize) -> Place {
        let mut rng = self.rng(Stream::Facility, j);
        let total: u32 = PREFECTURES.iter().map(|p| p.weight).sum();
        let mut roll = rng.gen_range(0..total);
        let mut pref = &PREFECTURES[0];
        for p in PREFECTURES {
            if roll < p.weight {
                pref = p;
                break;
            }
            roll -= p.weight;
        }
        let (city, area) = *pick(&mut rng, pref.cities);
        Place {
            prefecture: pref.name,
            code: pref.code,
            city,
            area,
        }
    }

    /// Facility `j`'s number: the prefecture's JIS code and a serial, e.g. 04-0012.
    pub(super) fn facility_number(&self, j: usize) -> FacilityNumber {
        let place = self.place(j);
        FacilityNumber::parse(&format!("{}-{:04}", place.code, j + 1))
            .unwrap_or_else(|_| unreachable!("digits and '-' only"))
    }

    /// Facility `j`.
    pub(super) fn facility(&self, j: usize) -> Facility {
        let place = self.place(j);
        let mut rng = self.rng(Stream::Facility, j);
        let _: [u64; 2] = rng.r#gen();
        let dental = rng.gen_bool(0.08);
        let pattern = if dental {
            pick(&mut rng, DENTAL_HOSPITALS)
        } else {
            pick(&mut rng, HOSPITALS)
        };
        let stem = place
            .city
            .strip_suffix('市')
            .or_else(|| place.city.strip_suffix('区'))
            .unwrap_or(place.city);
        let office = place
            .prefecture
            .chars()
            .last()
            .map_or(String::new(), String::from);
        let name = pattern
            .replace("{c}", place.city)
            .replace("{s}", stem)
            .replace("{p}", &office);
        let certified = rng.gen_bool(0.95);
        let contact_email = rng
            .gen_bool(0.95)
            .then(|| format!("kenshu{}@hosp{}.example.jp", j + 1, j + 1));
        Facility {
            facility_number: self.facility_number(j),
            name,
            prefecture: place.prefecture.to_string(),
            medical_area: Some(place.area.to_string()),
            dental,
            priority_area: PRIORITY_AREAS.contains(&place.area),
            certified,
            contact_email,
            last_report: None,
            // Drawn last, so the fields above stay as they were.
            designated: !rng.gen_bool(0.06),
        }
    }

    /// Physician `k` belongs to facility `k % facilities`; mostly a valid
    /// supervisor there, sometimes not renewed, part-time, registered elsewhere,
    /// or holding a dental certificate at a non-dental facility.
    pub(super) fn physician(&self, k: usize) -> Physician {
        let mut rng = self.rng(Stream::Physician, k);
        let facilities = self.facility_count();
        let home = k % facilities;
        let dental_home = self.facility(home).dental;
        let certification = if rng.gen_bool(if dental_home { 0.7 } else { 0.05 }) {
            Certification::Dental
        } else {
            Certification::General
        };
        let workplace = if rng.gen_bool(0.1) {
            (home + rng.gen_range(1..facilities.max(2))) % facilities
        } else {
            home
        };
        let person = (k * 31 + 5) % self.person_count();
        Physician {
            cert_number: format!("C-{:06}", k + 1),
            registration_number: self.regno(person),
            name: self.person_name(person).0,
            certification,
            renewed: rng.gen_bool(0.9),
            full_time: rng.gen_bool(0.9),
            workplace: self.facility_number(workplace),
        }
    }
}
