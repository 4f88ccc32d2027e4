//! Training-period records: per fiscal year, no gaps, no overlaps.

use super::flags::{Check, CheckDetail, DateSpan, Flag, PeriodSpan};
use super::model::TrainingPeriod;
use super::time::{add_days, fiscal_year, fiscal_year_bounds};
use chrono::NaiveDate;

/// Splits a period at every March 31 it crosses, as the board's system wants
/// it registered (one record per fiscal year). A period within one fiscal
/// year, or one that ends before it starts, comes back as it is.
pub fn split_by_fiscal_year(p: &TrainingPeriod) -> Vec<TrainingPeriod> {
    let mut out = Vec::new();
    let mut start = p.start;
    while start <= p.end {
        let (_, fy_end) = fiscal_year_bounds(fiscal_year(start));
        // A fiscal year past what chrono holds has no end to cut at.
        let end = if fy_end >= start {
            fy_end.min(p.end)
        } else {
            p.end
        };
        out.push(TrainingPeriod {
            facility: p.facility.clone(),
            start,
            end,
        });
        if end == NaiveDate::MAX {
            break;
        }
        start = add_days(end, 1);
    }
    if out.is_empty() {
        out.push(p.clone());
    }
    out
}

fn span(p: &TrainingPeriod) -> PeriodSpan {
    PeriodSpan {
        facility_number: p.facility.clone(),
        start: p.start,
        end: p.end,
    }
}

/// Checks a person's training periods: crossing a fiscal year (with the split),
/// gaps and overlaps. Each finding is one raised check; a clean kind of
/// finding gives one clear check, so the lookup can show what was checked.
pub fn checks(periods: &[TrainingPeriod]) -> Vec<Check> {
    let mut out = Vec::new();
    let mut sorted: Vec<&TrainingPeriod> = periods.iter().collect();
    sorted.sort_by_key(|p| (p.start, p.end));

    let mut crossing = false;
    for p in &sorted {
        let parts = split_by_fiscal_year(p);
        if parts.len() > 1 {
            crossing = true;
            out.push(Check::raised(
                Flag::TrainingPeriodCrossesFiscalYear,
                CheckDetail::FiscalYearSplit {
                    period: span(p),
                    parts: parts
                        .iter()
                        .map(|q| DateSpan {
                            from: q.start,
                            to: q.end,
                        })
                        .collect(),
                },
            ));
        }
    }
    if !crossing {
        out.push(Check::clear(
            Flag::TrainingPeriodCrossesFiscalYear,
            CheckDetail::Nothing,
        ));
    }

    let (mut gap, mut overlap) = (false, false);
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.start > add_days(a.end, 1) {
            gap = true;
            let first = add_days(a.end, 1);
            let last = add_days(b.start, -1);
            out.push(Check::raised(
                Flag::TrainingPeriodGap,
                CheckDetail::TrainingGap {
                    from: first,
                    to: last,
                    days: (last - first).num_days() + 1,
                },
            ));
        } else if b.start <= a.end {
            overlap = true;
            let last = a.end.min(b.end);
            out.push(Check::raised(
                Flag::TrainingPeriodOverlap,
                CheckDetail::TrainingOverlap {
                    first: span(a),
                    second: span(b),
                    from: b.start,
                    to: last,
                },
            ));
        }
    }
    if !gap {
        out.push(Check::clear(Flag::TrainingPeriodGap, CheckDetail::Nothing));
    }
    if !overlap {
        out.push(Check::clear(
            Flag::TrainingPeriodOverlap,
            CheckDetail::Nothing,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flags::raised_flags;
    use crate::domain::ids::FacilityNumber;
    use crate::domain::time::ymd;

    fn p(f: &str, s: (i32, u32, u32), e: (i32, u32, u32)) -> TrainingPeriod {
        TrainingPeriod {
            facility: FacilityNumber::parse(f).unwrap(),
            start: ymd(s.0, s.1, s.2),
            end: ymd(e.0, e.1, e.2),
        }
    }

    #[test]
    fn seed_example_splits_at_march_31() {
        let x = p("K1", (2018, 4, 1), (2019, 9, 30));
        assert_eq!(
            split_by_fiscal_year(&x),
            vec![
                p("K1", (2018, 4, 1), (2019, 3, 31)),
                p("K1", (2019, 4, 1), (2019, 9, 30))
            ]
        );
        let c = checks(&[x]);
        assert_eq!(
            raised_flags(&c),
            vec![Flag::TrainingPeriodCrossesFiscalYear]
        );
        assert_eq!(
            c[0].detail,
            CheckDetail::FiscalYearSplit {
                period: PeriodSpan {
                    facility_number: FacilityNumber::parse("K1").unwrap(),
                    start: ymd(2018, 4, 1),
                    end: ymd(2019, 9, 30),
                },
                parts: vec![
                    DateSpan {
                        from: ymd(2018, 4, 1),
                        to: ymd(2019, 3, 31)
                    },
                    DateSpan {
                        from: ymd(2019, 4, 1),
                        to: ymd(2019, 9, 30)
                    },
                ],
            }
        );
    }

    #[test]
    fn long_period_splits_into_three() {
        let x = p("K1", (2018, 10, 1), (2020, 4, 30));
        assert_eq!(split_by_fiscal_year(&x).len(), 3);
        let y = p("K1", (2019, 4, 1), (2020, 3, 31));
        assert_eq!(split_by_fiscal_year(&y), vec![y.clone()]);
    }

    #[test]
    fn gaps_and_overlaps() {
        let clean = [
            p("K1", (2019, 4, 1), (2020, 3, 31)),
            p("K2", (2020, 4, 1), (2020, 9, 30)),
        ];
        assert!(raised_flags(&checks(&clean)).is_empty());

        let gap = [
            p("K2", (2020, 5, 1), (2020, 9, 30)),
            p("K1", (2019, 4, 1), (2020, 3, 31)),
        ];
        let c = checks(&gap);
        assert_eq!(raised_flags(&c), vec![Flag::TrainingPeriodGap]);
        let g = c.iter().find(|x| x.raised).unwrap();
        assert_eq!(
            g.detail,
            CheckDetail::TrainingGap {
                from: ymd(2020, 4, 1),
                to: ymd(2020, 4, 30),
                days: 30
            }
        );

        let overlap = [
            p("K1", (2019, 4, 1), (2020, 3, 31)),
            p("K2", (2020, 3, 1), (2020, 9, 30)),
        ];
        assert_eq!(
            raised_flags(&checks(&overlap)),
            vec![
                Flag::TrainingPeriodCrossesFiscalYear,
                Flag::TrainingPeriodOverlap
            ]
        );
    }

    #[test]
    fn periods_at_the_ends_of_the_calendar_do_not_panic() {
        let edge = |start: NaiveDate, end: NaiveDate| TrainingPeriod {
            facility: FacilityNumber::parse("F-1").unwrap(),
            start,
            end,
        };
        let near_max = NaiveDate::MAX - chrono::Days::new(400);
        let periods = [
            edge(near_max, NaiveDate::MAX),
            edge(NaiveDate::MIN, NaiveDate::MIN + chrono::Days::new(400)),
            edge(ymd(1989, 12, 31), ymd(2100, 1, 1)),
        ];
        for p in &periods {
            let parts = split_by_fiscal_year(p);
            assert_eq!(parts.last().map(|q| q.end), Some(p.end));
        }
        let _ = checks(&periods);
    }
}
