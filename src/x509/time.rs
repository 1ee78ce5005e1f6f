//! A certificate's validity window, for reporting which certificate of a
//! chain is out of date (OpenSSL names the depth in its verify callback).

use super::der;

const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// (notBefore, notAfter) of a DER certificate, in seconds since the epoch.
pub fn validity(cert_der: &[u8]) -> Option<(i64, i64)> {
    let (cert, _) = der::expect(cert_der, der::SEQUENCE)?;
    let (tbs, _) = der::expect(cert.content, der::SEQUENCE)?;
    let mut body = tbs.content;
    if body.first() == Some(&der::CONTEXT_0) {
        body = der::read(body)?.1;
    }
    let (_serial, body) = der::expect(body, der::INTEGER)?;
    let (_alg, body) = der::expect(body, der::SEQUENCE)?;
    let (_issuer, body) = der::expect(body, der::SEQUENCE)?;
    let (validity, _) = der::expect(body, der::SEQUENCE)?;
    let (not_before, rest) = der::read(validity.content)?;
    let (not_after, _) = der::read(rest)?;
    Some((time(not_before)?, time(not_after)?))
}

/// A UTCTime (YYMMDDHHMMSSZ, years 1950-2049) or GeneralizedTime
/// (YYYYMMDDHHMMSSZ), as RFC 5280 restricts them.
fn time(t: der::Tlv<'_>) -> Option<i64> {
    let s = t.content;
    let (year, rest) = match t.tag {
        UTC_TIME => {
            let yy = digits(s.get(..2)?)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, s.get(2..)?)
        }
        GENERALIZED_TIME => (digits(s.get(..4)?)?, s.get(4..)?),
        _ => return None,
    };
    if rest.len() != 11 || rest.get(10) != Some(&b'Z') {
        return None;
    }
    let field = |i: usize| digits(rest.get(i..i + 2)?);
    let (month, day) = (field(0)?, field(2)?);
    let (h, m, sec) = (field(4)?, field(6)?, field(8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86400 + h * 3600 + m * 60 + sec)
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
        assert_eq!(days_from_civil(2120, 1, 1) * 86400, 4733510400);
    }

    #[test]
    fn utc_and_generalized() {
        let utc = der::Tlv {
            tag: UTC_TIME,
            content: b"000101000000Z",
            raw: &[],
        };
        assert_eq!(time(utc), Some(946684800));
        let gen_t = der::Tlv {
            tag: GENERALIZED_TIME,
            content: b"21200101000000Z",
            raw: &[],
        };
        assert_eq!(time(gen_t), Some(4733510400));
        let bad = der::Tlv {
            tag: UTC_TIME,
            content: b"0001010000Z",
            raw: &[],
        };
        assert_eq!(time(bad), None);
    }
}
