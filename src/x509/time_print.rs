//! `ASN1_TIME_print`'s text: "Mon DD HH:MM:SS[.fff] YYYY GMT", the format
//! OpenSSL 3.0 calls RFC 822 (`ASN1_DTFLGS_RFC822`), from a UTCTime or
//! GeneralizedTime's characters.

#![forbid(unsafe_code)]

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// What OpenSSL writes (and returns 0 after) for a time it cannot read.
pub const BAD_TIME: &str = "Bad time value";

fn num(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// The printed time of a UTCTime (`generalized` false: YYMMDDHHMM[SS]Z,
/// years 1950-2049) or GeneralizedTime (YYYYMMDDHHMM[SS[.f...]]Z); None
/// for malformed ones. A zone offset is applied, as OpenSSL does.
pub fn print(generalized: bool, text: &[u8]) -> Option<String> {
    let (year, rest) = if generalized {
        (num(text.get(..4)?)?, text.get(4..)?)
    } else {
        let yy = num(text.get(..2)?)?;
        (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
    };
    let field = |i: usize| rest.get(i..i + 2).and_then(num);
    let (month, day) = (field(0)?, field(2)?);
    let (h, m) = (field(4)?, field(6)?);
    // OpenSSL reads a time without seconds as ":00".
    let (s, mut tail) = if rest.get(8) == Some(&b'Z') {
        (0, &rest[8..])
    } else {
        (field(8)?, rest.get(10..)?)
    };
    let mut fraction = "";
    if generalized && tail.first() == Some(&b'.') {
        let digits = tail[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        fraction = std::str::from_utf8(&tail[..=digits]).ok()?;
        tail = &tail[digits + 1..];
    }
    // A zone offset (+hhmm, -hhmm): OpenSSL prints the time moved to GMT.
    let mut offset = 0i64;
    if let [sign @ (b'+' | b'-'), oh1, oh2, om1, om2] = tail {
        let (oh, om) = (num(&[*oh1, *oh2])?, num(&[*om1, *om2])?);
        if oh > 12 || om > 59 {
            return None;
        }
        let secs = i64::from(oh * 3600 + om * 60);
        offset = if *sign == b'+' { secs } else { -secs };
        tail = b"Z";
    }
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let month_name = MONTHS.get(usize::try_from(month).ok()?.checked_sub(1)?)?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let max_day = if month == 2 && !leap {
        28
    } else {
        days[(month - 1) as usize]
    };
    if tail != b"Z" || day == 0 || day > max_day || h > 23 || m > 59 || s > 59 {
        return None;
    }
    if offset != 0 {
        let t = days_from_civil(i64::from(year), i64::from(month), i64::from(day)) * 86400
            + i64::from(h * 3600 + m * 60 + s)
            - offset;
        let (y, mo, d) = civil_from_days(t.div_euclid(86400));
        let secs = t.rem_euclid(86400);
        let month_name = MONTHS.get(usize::try_from(mo - 1).ok()?)?;
        return Some(format!(
            "{month_name} {d:2} {:02}:{:02}:{:02}{fraction} {y} GMT",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ));
    }
    Some(format!(
        "{month_name} {day:2} {h:02}:{m:02}:{s:02}{fraction} {year} GMT"
    ))
}

/// A time in milliseconds since the epoch (an SCT's timestamp) as OpenSSL
/// prints it: a GeneralizedTime with three fraction digits.
pub fn print_millis(ms: u64) -> Option<String> {
    let secs = i64::try_from(ms / 1000).ok()?;
    let (y, mo, d) = civil_from_days(secs.div_euclid(86400));
    let t = secs.rem_euclid(86400);
    let text = format!(
        "{y:04}{mo:02}{d:02}{:02}{:02}{:02}.{:03}Z",
        t / 3600,
        t / 60 % 60,
        t % 60,
        ms % 1000
    );
    print(true, text.as_bytes())
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
}

/// The date of a day number (the inverse of `days_from_civil`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(
            print(false, b"260105093000Z").as_deref(),
            Some("Jan  5 09:30:00 2026 GMT")
        );
        assert_eq!(
            print(true, b"21200101000000.5Z").as_deref(),
            Some("Jan  1 00:00:00.5 2120 GMT")
        );
        assert_eq!(
            print(false, b"2601050930Z").as_deref(),
            Some("Jan  5 09:30:00 2026 GMT")
        );
        assert_eq!(print(false, b"26010509Z"), None);
        assert_eq!(
            print(false, b"000101003000+0100").as_deref(),
            Some("Dec 31 23:30:00 1999 GMT")
        );
        assert_eq!(print(false, b"260230093000Z"), None);
    }
}
