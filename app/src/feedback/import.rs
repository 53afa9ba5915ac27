//! Reading customer feedback from any CSV export: the mapping from the file's columns and values
//! to Rapport's, date formats and their detection, and a streaming reader that turns each line
//! into a response or a problem with its line number. No database here: `service` resolves names
//! and writes.
//!
//! What real exports do and this reads: UTF-8 with or without a BOM, comma, semicolon or tab
//! (detected from the header line), quoted fields spanning lines, CRLF, extra columns (ignored),
//! blank ratings (missing, not zero).
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::feedback::types::{CesScale, Channel, CsatScale, Problem, Ratings, ValueKind};

/// Longest comment, contact and external id, in characters: the same for every way in.
pub use crate::feedback::api_doc::{MAX_COMMENT, MAX_SHORT};
/// Rows looked at to detect the date format.
const SAMPLE_ROWS: usize = 500;

/// How a file's dates are written. Each may have a time (`10:30` or `10:30:15`, after a space or
/// `T`); ISO may also carry a zone (`Z`, `+01:00`), converted to the organisation's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateFormat {
    /// 2026-03-31
    Iso,
    /// 31-03-2026, 31/03/2026 or 31.03.2026
    Dmy,
    /// 03/31/2026
    Mdy,
}

impl DateFormat {
    pub const ALL: [DateFormat; 3] = [DateFormat::Iso, DateFormat::Dmy, DateFormat::Mdy];

    pub fn label(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::Dmy => "DD-MM-YYYY",
            DateFormat::Mdy => "MM/DD/YYYY",
        }
    }

    /// Reads one date, with or without a time, as the organisation's local time.
    pub fn parse(self, raw: &str, tz: chrono_tz::Tz) -> Result<NaiveDateTime, String> {
        let raw = raw.trim();
        let fail = || format!("\"{raw}\" is not a date in the form {}.", self.label());
        if raw.is_empty() {
            return Err("The date is blank.".into());
        }
        if self == DateFormat::Iso
            && let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw)
        {
            return Ok(tz.from_utc_datetime(&t.naive_utc()).naive_local());
        }
        let (date, time) = match raw.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t.trim())),
            None => (raw, None),
        };
        let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
        let [a, b, c] = parts[..] else {
            return Err(fail());
        };
        let num = |s: &str| {
            s.parse::<u32>()
                .ok()
                .filter(|_| s.len() <= 4 && !s.is_empty())
        };
        let (y, m, d) = match self {
            DateFormat::Iso if a.len() == 4 => (num(a), num(b), num(c)),
            DateFormat::Dmy if c.len() == 4 => (num(c), num(b), num(a)),
            DateFormat::Mdy if c.len() == 4 => (num(c), num(a), num(b)),
            _ => return Err(fail()),
        };
        let (Some(y), Some(m), Some(d)) = (y, m, d) else {
            return Err(fail());
        };
        let day = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(fail)?;
        let time = match time {
            None | Some("") => NaiveTime::MIN,
            Some(t) => {
                let t = t.trim_end_matches('Z');
                NaiveTime::parse_from_str(t, "%H:%M:%S%.f")
                    .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
                    .map_err(|_| {
                        format!("\"{raw}\" has a time that does not read (use 14:30 or 14:30:00).")
                    })?
            }
        };
        Ok(day.and_time(time))
    }

    /// The format most samples read in (a few bad dates are each line's own problem); an error
    /// names what is wrong or ambiguous.
    pub fn detect<'a>(
        samples: impl IntoIterator<Item = &'a str> + Clone,
        tz: chrono_tz::Tz,
    ) -> Result<DateFormat, String> {
        let reads: Vec<(DateFormat, usize)> = DateFormat::ALL
            .into_iter()
            .map(|f| {
                let n = samples
                    .clone()
                    .into_iter()
                    .filter(|s| f.parse(s, tz).is_ok())
                    .count();
                (f, n)
            })
            .collect();
        let best = reads.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let fits: Vec<DateFormat> = reads
            .iter()
            .filter(|(_, n)| *n == best)
            .map(|(f, _)| *f)
            .collect();
        if best == 0 {
            let first = samples.into_iter().next().unwrap_or_default();
            return Err(format!(
                "The dates are not in a format Rapport reads (YYYY-MM-DD, DD-MM-YYYY or MM/DD/YYYY, each with or without a time), for example \"{first}\"."
            ));
        }
        if fits.contains(&DateFormat::Dmy) && fits.contains(&DateFormat::Mdy) {
            return Err("The dates read both as day-month-year and as month-day-year (no day after the 12th in the first rows); choose the date format.".into());
        }
        Ok(fits[0])
    }
}

/// How a file maps onto Rapport: which column holds what (by header, ignoring case and
/// surrounding spaces), the scales, and what the file's site, department and channel values
/// mean. Saved per source and reused; the same shape in TOML for the command line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mapping {
    /// The source's name ("Medallia export"): with the external id, what makes a response the same
    /// response when it comes again.
    pub origin: String,
    /// `,`, `;` or tab; detected from the header line when unset.
    pub delimiter: Option<char>,
    pub date: String,
    /// Detected from the first rows when unset.
    pub date_format: Option<DateFormat>,
    pub site: String,
    pub department: Option<String>,
    /// The person who served: an email address or a full name.
    pub person: Option<String>,
    pub channel: Option<String>,
    /// The channel of rows with no channel column or a blank one.
    pub default_channel: Option<Channel>,
    pub csat: Option<String>,
    pub csat_scale: CsatScale,
    pub nps: Option<String>,
    pub ces: Option<String>,
    pub ces_scale: CesScale,
    pub comment: Option<String>,
    pub contact: Option<String>,
    /// A column that names each response uniquely in the source; without it, a response is named
    /// by its content (and which repeat of that content it is in the file).
    pub external_id: Option<String>,
    /// The file's site names that are called something else in Rapport.
    pub site_names: BTreeMap<String, String>,
    /// The file's site names whose rows are left out.
    pub skip_sites: Vec<String>,
    /// The file's department names that are called something else in Rapport.
    pub department_names: BTreeMap<String, String>,
    /// The file's department names whose rows are kept at their site with no department.
    pub skip_departments: Vec<String>,
    /// The file's channel values and the channel each means.
    pub channel_values: BTreeMap<String, Channel>,
}

/// Reads a saved mapping: TOML, or JSON when it starts with `{`.
pub fn read_mapping(text: &str) -> Result<Mapping, String> {
    let m: Mapping = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| format!("The mapping does not read: {e}"))?
    } else {
        toml::from_str(text).map_err(|e| format!("The mapping does not read: {e}"))?
    };
    check_mapping(&m)?;
    Ok(m)
}

/// Problems with a mapping before any row is read.
pub fn check_mapping(m: &Mapping) -> Result<(), String> {
    let mut problems = Vec::new();
    if m.origin.trim().is_empty() {
        problems.push(
            "Name the source (origin), so a second import of the same file is recognised."
                .to_owned(),
        );
    } else if m.origin.chars().count() > MAX_SHORT {
        problems.push(format!(
            "The source name is longer than {MAX_SHORT} characters."
        ));
    }
    if m.date.trim().is_empty() {
        problems.push("Choose the column with the date.".into());
    }
    if m.site.trim().is_empty() {
        problems.push("Choose the column with the site.".into());
    }
    if m.csat.is_none() && m.nps.is_none() && m.ces.is_none() {
        problems.push("Choose at least one rating column: CSAT, NPS or CES.".into());
    }
    if let Some(d) = m.delimiter
        && ![',', ';', '\t'].contains(&d)
    {
        problems.push(format!(
            "The delimiter is a comma, a semicolon or a tab, not \"{d}\"."
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join(" "))
    }
}

/// What the mapped columns of one line hold, as text, before names are resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow {
    /// The line the record starts on (1 is the header).
    pub line: u64,
    pub external_id: String,
    pub occurred_at: NaiveDateTime,
    pub site: String,
    pub department: Option<String>,
    pub person: Option<String>,
    pub channel: Channel,
    pub ratings: Ratings,
    pub comment: Option<String>,
    pub contact: Option<String>,
}

/// The offsets of the line breaks that have gone by, shared between the reader that sees the
/// bytes and `Rows`, which turns a record's byte offset into its line (the csv crate miscounts
/// lines after CRLF).
type Breaks = std::sync::Arc<std::sync::Mutex<(u64, std::collections::VecDeque<u64>)>>;

/// Passes bytes through, noting where each line break is.
struct Counting<R> {
    inner: R,
    offset: u64,
    breaks: Breaks,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut b) = self.breaks.lock() {
            for (i, byte) in buf[..n].iter().enumerate() {
                if *byte == b'\n' {
                    b.1.push_back(self.offset + i as u64);
                }
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Which column holds each mapped field.
#[derive(Clone, Debug)]
struct Columns {
    date: usize,
    site: usize,
    department: Option<usize>,
    person: Option<usize>,
    channel: Option<usize>,
    csat: Option<usize>,
    nps: Option<usize>,
    ces: Option<usize>,
    comment: Option<usize>,
    contact: Option<usize>,
    external_id: Option<usize>,
}

/// Streams a file's rows through a mapping.
pub struct Rows<R: Read> {
    reader: csv::Reader<Counting<BufReader<R>>>,
    breaks: Breaks,
    columns: Columns,
    mapping: Mapping,
    pub format: DateFormat,
    pub delimiter: u8,
    tz: chrono_tz::Tz,
    /// Records read ahead to detect the date format, served first.
    ahead: std::collections::VecDeque<csv::StringRecord>,
    /// Without an id column: how often each content has come so far (by a digest of it).
    seen: HashMap<[u8; 16], u32>,
    record: csv::StringRecord,
    pub headers: Vec<String>,
}

fn norm_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
}

/// The delimiter of a header line: the most frequent of comma, semicolon and tab outside quotes.
fn sniff(first: &[u8]) -> u8 {
    let line = first.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The start of a file as its mapping page shows it: the delimiter, the header's column names
/// and the first records' cells (a record cut off at the end of `first` is left out).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Peek {
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub records: Vec<Vec<String>>,
}

impl Peek {
    /// The non-blank cells of the column named `name` (any case), or None without that column.
    pub fn values(&self, name: &str) -> Option<Vec<&str>> {
        let at = self
            .headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))?;
        Some(
            self.records
                .iter()
                .filter_map(|r| r.get(at))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }
}

/// Reads the start of a file (its first bytes) without a mapping.
pub fn peek(first: &[u8], records: usize) -> Result<Peek, String> {
    let body = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
    let delimiter = sniff(body);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| "The header line could not be read: is this a CSV file?".to_owned())?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err("The file is empty: it needs a header line naming its columns.".into());
    }
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut last_end = 0;
    while out.len() < records {
        match reader.read_record(&mut record) {
            Ok(true) => {
                out.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
                last_end = reader.position().byte();
            }
            Ok(false) => break,
            Err(_) => continue,
        }
    }
    // The last record read may be cut off where `first` ends.
    if last_end as usize >= body.len() && first.len() >= PEEK_BYTES && !out.is_empty() {
        out.pop();
    }
    Ok(Peek {
        delimiter,
        headers,
        records: out,
    })
}

/// Bytes of a file `peek` is given.
pub const PEEK_BYTES: usize = 256 * 1024;

/// A first mapping for a file nobody has mapped yet, from its column names ("Date", "Hotel",
/// "Likelihood to recommend"...): each field takes the first column whose name says it.
pub fn guess(headers: &[String]) -> Mapping {
    let keys: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
    let mut taken = vec![false; headers.len()];
    let mut pick = |words: &[&str]| -> Option<String> {
        for w in words {
            if let Some(i) = (0..keys.len()).find(|i| !taken[*i] && keys[*i].contains(w)) {
                taken[i] = true;
                return Some(headers[i].clone());
            }
        }
        None
    };
    let external_id = pick(&[
        "response id",
        "response_id",
        "external",
        "ticket",
        "survey id",
    ])
    .or_else(|| pick(&["id"]).filter(|h| norm_header(h) == "id"));
    let date = pick(&["date", "time", "created", "submitted", "received", "when"]);
    let site = pick(&["site", "hotel", "property", "location", "store", "branch"]);
    let department = pick(&["department", "dept", "team", "area"]);
    let csat = pick(&["csat", "satisf"]);
    let nps = pick(&["nps", "recommend", "likelihood"]);
    let ces = pick(&["ces", "effort", "easy", "ease"]);
    let person = pick(&[
        "served",
        "agent",
        "staff",
        "employee",
        "person",
        "associate",
    ]);
    let channel = pick(&["channel", "touchpoint", "source", "medium"]);
    let comment = pick(&["comment", "verbatim", "feedback", "text", "remark", "why"]);
    let contact = pick(&["contact", "email", "phone"]);
    Mapping {
        date: date.unwrap_or_default(),
        site: site.unwrap_or_default(),
        department,
        person,
        channel,
        csat,
        nps,
        ces,
        comment,
        contact,
        external_id,
        ..Mapping::default()
    }
}

impl<R: Read> Rows<R> {
    /// Opens a file: reads the header line, finds the mapped columns and, when the mapping does
    /// not name it, detects the date format from the first rows. `Err` is a problem with the
    /// whole file or the mapping.
    pub fn open(input: R, mapping: &Mapping, tz: chrono_tz::Tz) -> Result<Rows<R>, String> {
        check_mapping(mapping)?;
        let mut input = BufReader::with_capacity(64 * 1024, input);
        let head = input
            .fill_buf()
            .map_err(|e| format!("The file could not be read: {e}"))?;
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        let delimiter = match mapping.delimiter {
            Some(d) => d as u8,
            None => sniff(if bom { &head[3..] } else { head }),
        };
        if bom {
            input.consume(3);
        }
        let breaks = Breaks::default();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(Counting {
                inner: input,
                offset: 0,
                breaks: breaks.clone(),
            });
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| format!("The header line could not be read: {e}"))?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        if headers.iter().all(|h| h.is_empty()) {
            return Err("The file is empty: it needs a header line naming its columns.".into());
        }
        let keys: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
        let mut missing = Vec::new();
        let mut find = |name: &str| -> Option<usize> {
            let at = keys.iter().position(|k| *k == norm_header(name));
            if at.is_none() {
                missing.push(format!("\"{}\"", name.trim()));
            }
            at
        };
        let date = find(&mapping.date).unwrap_or(0);
        let site = find(&mapping.site).unwrap_or(0);
        let mut opt = |name: &Option<String>| name.as_deref().and_then(&mut find);
        let columns = Columns {
            date,
            site,
            department: opt(&mapping.department),
            person: opt(&mapping.person),
            channel: opt(&mapping.channel),
            csat: opt(&mapping.csat),
            nps: opt(&mapping.nps),
            ces: opt(&mapping.ces),
            comment: opt(&mapping.comment),
            contact: opt(&mapping.contact),
            external_id: opt(&mapping.external_id),
        };
        if !missing.is_empty() {
            return Err(format!(
                "The file has no column {}. Its columns are: {}.",
                missing.join(", "),
                headers
                    .iter()
                    .map(|h| format!("\"{h}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut rows = Rows {
            reader,
            breaks,
            columns,
            mapping: mapping.clone(),
            format: DateFormat::Iso,
            delimiter,
            tz,
            ahead: Default::default(),
            seen: HashMap::new(),
            record: csv::StringRecord::new(),
            headers,
        };
        rows.format = match mapping.date_format {
            Some(f) => f,
            None => rows.detect()?,
        };
        Ok(rows)
    }

    /// Reads up to `SAMPLE_ROWS` records ahead and detects their date format.
    fn detect(&mut self) -> Result<DateFormat, String> {
        let mut record = csv::StringRecord::new();
        while self.ahead.len() < SAMPLE_ROWS {
            match self.reader.read_record(&mut record) {
                Ok(true) => self.ahead.push_back(record.clone()),
                Ok(false) => break,
                // A broken record is reported in its turn; detection reads the others.
                Err(e) if e.is_io_error() => {
                    return Err(format!("The file could not be read: {e}"));
                }
                Err(_) => {}
            }
        }
        let at = self.columns.date;
        let samples: Vec<&str> = self
            .ahead
            .iter()
            .filter_map(|r| r.get(at))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if samples.is_empty() {
            return Ok(DateFormat::Iso);
        }
        DateFormat::detect(samples.iter().copied(), self.tz)
    }

    /// The line a record starting at byte `at` starts on: one more than the breaks before it.
    /// Records come in order, so the breaks behind are counted and dropped. A break at `at`
    /// itself is behind: after CRLF the csv crate starts the record on its LF.
    fn line_at(&self, at: u64) -> u64 {
        let Ok(mut b) = self.breaks.lock() else {
            return 0;
        };
        while b.1.front().is_some_and(|x| *x <= at) {
            b.1.pop_front();
            b.0 += 1;
        }
        b.0 + 1
    }

    /// The next line, read or with its problem; None at the end. `Err` is a failure to read the
    /// file at all (the rest cannot be read).
    pub fn next_row(&mut self) -> Option<Result<Result<RawRow, Problem>, String>> {
        // Rows are read into one record whose buffers are kept from row to row.
        let mut record = match self.ahead.pop_front() {
            Some(r) => r,
            None => {
                let mut record = std::mem::take(&mut self.record);
                match self.reader.read_record(&mut record) {
                    Ok(true) => record,
                    Ok(false) => return None,
                    Err(e) => {
                        let line = e.position().map_or(0, |p| self.line_at(p.byte()));
                        if e.is_io_error() {
                            return Some(Err(format!("The file could not be read: {e}")));
                        }
                        let message = match e.kind() {
                            csv::ErrorKind::Utf8 { .. } => {
                                "This line is not UTF-8 text; save the file as UTF-8.".to_owned()
                            }
                            _ => "This line could not be read as CSV.".to_owned(),
                        };
                        return Some(Ok(Err(Problem {
                            line,
                            message,
                            unmatched: None,
                        })));
                    }
                }
            }
        };
        let line = record.position().map_or(0, |p| self.line_at(p.byte()));
        let row = self.read(&record, line);
        record.clear();
        self.record = record;
        Some(Ok(row))
    }

    fn read(&mut self, r: &csv::StringRecord, line: u64) -> Result<RawRow, Problem> {
        let problem = |message: String| Problem {
            line,
            message,
            unmatched: None,
        };
        if r.iter().all(|f| f.trim().is_empty()) {
            return Err(problem("The line is blank.".into()));
        }
        if r.iter().any(|f| f.contains('\0')) {
            return Err(problem(
                "The line holds a NUL character, which is not text; check that the file is saved as UTF-8 text.".into(),
            ));
        }
        let c = &self.columns;
        let get = |i: usize| r.get(i).map(str::trim).unwrap_or_default();
        let opt = |i: Option<usize>| i.map(get).filter(|s| !s.is_empty());
        let occurred_at = self.format.parse(get(c.date), self.tz).map_err(&problem)?;
        let site = get(c.site);
        if site.is_empty() {
            return Err(problem("The site is blank.".into()));
        }
        let rating = |i: Option<usize>, name: &str| -> Result<Option<i64>, Problem> {
            match opt(i) {
                None => Ok(None),
                Some(v) => {
                    let n: f64 = v
                        .replace(',', ".")
                        .parse()
                        .map_err(|_| problem(format!("{name} \"{v}\" is not a number.")))?;
                    if n.fract() != 0.0 || !n.is_finite() {
                        return Err(problem(format!("{name} \"{v}\" is not a whole number.")));
                    }
                    Ok(Some(n as i64))
                }
            }
        };
        let ratings = Ratings {
            csat: rating(c.csat, "CSAT")?
                .map(|v| self.mapping.csat_scale.read(v))
                .transpose()
                .map_err(&problem)?,
            nps: rating(c.nps, "NPS")?
                .map(|v| {
                    u8::try_from(v)
                        .ok()
                        .filter(|v| *v <= 10)
                        .ok_or_else(|| format!("NPS is from 0 to 10, not {v}."))
                })
                .transpose()
                .map_err(&problem)?,
            ces: rating(c.ces, "CES")?
                .map(|v| self.mapping.ces_scale.read(v))
                .transpose()
                .map_err(&problem)?,
        }
        .checked()
        .map_err(|_| problem("The line has no rating (CSAT, NPS and CES are all blank).".into()))?;
        let channel = match opt(c.channel) {
            None => self.mapping.default_channel.unwrap_or(Channel::Other),
            Some(v) => self
                .mapping
                .channel_values
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(v))
                .map(|(_, ch)| *ch)
                .or_else(|| Channel::parse(v))
                .ok_or_else(|| Problem {
                    line,
                    message: format!("No channel is called \"{v}\"."),
                    unmatched: Some((ValueKind::Channel, v.to_owned())),
                })?,
        };
        let comment = opt(c.comment).map(str::to_owned);
        if let Some(t) = &comment
            && t.chars().count() > MAX_COMMENT
        {
            return Err(problem(format!(
                "The comment is longer than {MAX_COMMENT} characters."
            )));
        }
        let contact = opt(c.contact).map(str::to_owned);
        if let Some(t) = &contact
            && t.chars().count() > MAX_SHORT
        {
            return Err(problem(format!(
                "The contact is longer than {MAX_SHORT} characters."
            )));
        }
        let (department, person) = (opt(c.department), opt(c.person));
        let external_id = match c.external_id {
            Some(i) => {
                let id = get(i);
                if id.is_empty() {
                    return Err(problem("The response id is blank.".into()));
                }
                if id.chars().count() > MAX_SHORT {
                    return Err(problem(format!(
                        "The response id is longer than {MAX_SHORT} characters."
                    )));
                }
                id.to_owned()
            }
            None => {
                // The same content twice in one file is two responses: the repeat is numbered.
                let mut h = Sha256::new();
                for part in [
                    occurred_at.to_string().as_str(),
                    site,
                    department.unwrap_or_default(),
                    person.unwrap_or_default(),
                    channel.key(),
                    &format!("{:?}", ratings),
                    comment.as_deref().unwrap_or_default(),
                    contact.as_deref().unwrap_or_default(),
                ] {
                    h.update(part.as_bytes());
                    h.update([0x1f]);
                }
                let digest = h.finalize();
                let mut key = [0u8; 16];
                key.copy_from_slice(&digest[..16]);
                let n = self.seen.entry(key).or_insert(0);
                *n += 1;
                let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
                format!("sha256:{hex}#{n}")
            }
        };
        Ok(RawRow {
            line,
            external_id,
            occurred_at,
            site: site.to_owned(),
            department: department.map(str::to_owned),
            person: person.map(str::to_owned),
            channel,
            ratings,
            comment,
            contact,
        })
    }

    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TZ: chrono_tz::Tz = chrono_tz::UTC;

    fn mapping() -> Mapping {
        Mapping {
            origin: "test".into(),
            date: "Date".into(),
            site: "Hotel".into(),
            department: Some("Dept".into()),
            channel: Some("Channel".into()),
            csat: Some("CSAT".into()),
            nps: Some("NPS".into()),
            comment: Some("Comment".into()),
            ..Mapping::default()
        }
    }

    fn all(text: &[u8], m: &Mapping) -> Result<Vec<Result<RawRow, Problem>>, String> {
        let mut rows = Rows::open(text, m, TZ)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next_row() {
            out.push(r?);
        }
        Ok(out)
    }

    #[test]
    fn dates_in_each_format_with_and_without_time() {
        let at = |y, m, d, h, mi| {
            NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|x| x.and_hms_opt(h, mi, 0))
                .unwrap_or_default()
        };
        assert_eq!(
            DateFormat::Iso.parse("2026-03-31", TZ),
            Ok(at(2026, 3, 31, 0, 0))
        );
        assert_eq!(
            DateFormat::Iso.parse("2026-03-31T14:05:00", TZ),
            Ok(at(2026, 3, 31, 14, 5))
        );
        assert_eq!(
            DateFormat::Iso.parse("2026-03-31 14:05", TZ),
            Ok(at(2026, 3, 31, 14, 5))
        );
        assert_eq!(
            DateFormat::Dmy.parse("31/03/2026 14:05", TZ),
            Ok(at(2026, 3, 31, 14, 5))
        );
        assert_eq!(
            DateFormat::Dmy.parse("31.03.2026", TZ),
            Ok(at(2026, 3, 31, 0, 0))
        );
        assert_eq!(
            DateFormat::Mdy.parse("03/31/2026", TZ),
            Ok(at(2026, 3, 31, 0, 0))
        );
        // A zone is converted to the organisation's time.
        let lisbon: chrono_tz::Tz = chrono_tz::Europe::Lisbon;
        assert_eq!(
            DateFormat::Iso.parse("2026-07-01T10:00:00Z", lisbon),
            Ok(at(2026, 7, 1, 11, 0))
        );
        assert!(DateFormat::Mdy.parse("31/03/2026", TZ).is_err());
        assert!(DateFormat::Iso.parse("2026-02-30", TZ).is_err());
        assert!(DateFormat::Iso.parse("2026-03-01 25:00", TZ).is_err());
    }

    #[test]
    fn detection_picks_the_one_format_or_asks() {
        assert_eq!(
            DateFormat::detect(["2026-01-05", "2026-12-31 10:00"], TZ),
            Ok(DateFormat::Iso)
        );
        assert_eq!(
            DateFormat::detect(["05/01/2026", "31/12/2026"], TZ),
            Ok(DateFormat::Dmy)
        );
        assert_eq!(
            DateFormat::detect(["01/05/2026", "12/31/2026"], TZ),
            Ok(DateFormat::Mdy)
        );
        assert!(
            DateFormat::detect(["01/05/2026", "02/06/2026"], TZ)
                .is_err_and(|e| e.contains("choose the date format"))
        );
        assert!(DateFormat::detect(["yesterday"], TZ).is_err_and(|e| e.contains("\"yesterday\"")));
    }

    #[test]
    fn a_real_export_reads_semicolons_bom_crlf_and_multiline_quotes() {
        let text = "\u{feff}Date;Hotel;Dept;Channel;CSAT;NPS;Comment;Extra\r\n\
            31/03/2026 10:00;Harbour View;Front desk;Front desk;5;;\"Lovely stay;\r\nthank you\";x\r\n\
            01/04/2026;Harbour View;;phone;;3;;\r\n";
        let rows = all(text.as_bytes(), &mapping()).unwrap_or_default();
        assert_eq!(rows.len(), 2, "{rows:#?}");
        let a = rows[0].clone().unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(a.line, 2);
        assert_eq!(a.comment.as_deref(), Some("Lovely stay;\r\nthank you"));
        assert_eq!(
            a.ratings,
            Ratings {
                csat: Some(5),
                nps: None,
                ces: None
            }
        );
        assert_eq!(a.department.as_deref(), Some("Front desk"));
        let b = rows[1].clone().unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(b.line, 4);
        assert_eq!(b.channel, Channel::Phone);
        assert_eq!(b.department, None);
        assert!(b.ratings.unhappy());
    }

    #[test]
    fn every_problem_names_its_line() {
        let text = "Date,Hotel,Dept,Channel,CSAT,NPS,Comment\n\
            2026-03-31,A,,,,,\n\
            2026-03-31,,,,5,,\n\
            2026-03-31,A,,fax,5,,\n\
            2026-03-31,A,,,7,,\n\
            2026-03-31,A,,,4.5,,\n\
            2026-13-01,A,,,4,,\n\
            2026-03-31,A,,,4,11,\n";
        let rows = all(text.as_bytes(), &mapping()).unwrap_or_default();
        let problems: Vec<(u64, String)> = rows
            .into_iter()
            .filter_map(Result::err)
            .map(|p| (p.line, p.message))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    2,
                    "The line has no rating (CSAT, NPS and CES are all blank).".to_owned()
                ),
                (3, "The site is blank.".to_owned()),
                (4, "No channel is called \"fax\".".to_owned()),
                (5, "CSAT is from 1 to 5, not 7.".to_owned()),
                (6, "CSAT \"4.5\" is not a whole number.".to_owned()),
                (
                    7,
                    "\"2026-13-01\" is not a date in the form YYYY-MM-DD.".to_owned()
                ),
                (8, "NPS is from 0 to 10, not 11.".to_owned()),
            ]
        );
    }

    #[test]
    fn a_missing_column_names_the_columns_there_are() {
        let err = all(b"When,Hotel\n2026-01-01,A\n", &mapping())
            .err()
            .unwrap_or_default();
        assert!(err.contains("no column \"Date\""), "{err}");
        assert!(err.contains("\"When\", \"Hotel\""), "{err}");
        assert!(all(b"", &mapping()).is_err_and(|e| e.contains("empty")));
        let bad = Mapping {
            origin: " ".into(),
            ..mapping()
        };
        assert!(all(b"Date\n", &bad).is_err_and(|e| e.contains("Name the source")));
    }

    #[test]
    fn identical_lines_without_an_id_are_numbered_repeats() {
        let text = "Date,Hotel,CSAT\n2026-01-01,A,5\n2026-01-01,A,5\n2026-01-01,A,4\n";
        let m = Mapping {
            origin: "test".into(),
            date: "Date".into(),
            site: "Hotel".into(),
            csat: Some("CSAT".into()),
            ..Mapping::default()
        };
        let ids: Vec<String> = all(text.as_bytes(), &m)
            .unwrap_or_default()
            .into_iter()
            .filter_map(Result::ok)
            .map(|r| r.external_id)
            .collect();
        assert_eq!(ids.len(), 3);
        assert!(ids[0].ends_with("#1") && ids[1].ends_with("#2") && ids[2].ends_with("#1"));
        assert_eq!(ids[0].trim_end_matches("#1"), ids[1].trim_end_matches("#2"));
        assert_ne!(ids[0], ids[2]);
    }

    #[test]
    fn the_start_of_a_file_reads_without_a_mapping() {
        let text = "\u{feff}Response ID;Submitted;Hotel;Comment\r\nr1;28/11/2026;Harbour;\"two\r\nlines\"\r\nr2;29/11/2026;Harbour;ok\r\nr3;30/11/2026;Har";
        let p = peek(text.as_bytes(), 10).unwrap();
        assert_eq!(p.delimiter, b';');
        assert_eq!(p.headers, ["Response ID", "Submitted", "Hotel", "Comment"]);
        assert_eq!(p.records.len(), 3, "a short file is whole: {p:?}");
        assert_eq!(p.records[0][3], "two\r\nlines");
        // Cut where a sample of a longer file ends, the last record is left out.
        let mut long = text.as_bytes().to_vec();
        long.resize(PEEK_BYTES, b'x');
        let p = peek(&long, 10).unwrap();
        assert!(p.records.len() <= 3);
        assert!(peek(b"", 1).is_err());
        assert!(peek(b"\n\n", 1).is_err());
    }

    #[test]
    fn a_first_mapping_is_guessed_from_the_column_names() {
        let cols: Vec<String> = [
            "Response ID",
            "Submitted at",
            "Hotel",
            "Department",
            "Agent email",
            "Touchpoint",
            "Overall satisfaction",
            "Likelihood to recommend",
            "Effort",
            "Verbatim",
            "Guest email",
        ]
        .map(String::from)
        .to_vec();
        let m = guess(&cols);
        assert_eq!(m.external_id.as_deref(), Some("Response ID"));
        assert_eq!(m.date, "Submitted at");
        assert_eq!(m.site, "Hotel");
        assert_eq!(m.department.as_deref(), Some("Department"));
        assert_eq!(m.person.as_deref(), Some("Agent email"));
        assert_eq!(m.channel.as_deref(), Some("Touchpoint"));
        assert_eq!(m.csat.as_deref(), Some("Overall satisfaction"));
        assert_eq!(m.nps.as_deref(), Some("Likelihood to recommend"));
        assert_eq!(m.ces.as_deref(), Some("Effort"));
        assert_eq!(m.comment.as_deref(), Some("Verbatim"));
        assert_eq!(m.contact.as_deref(), Some("Guest email"));
        // Nothing fits: nothing is chosen.
        let m = guess(&["a".to_owned(), "b".to_owned()]);
        assert_eq!((m.date.as_str(), m.site.as_str(), m.csat), ("", "", None));
    }

    #[test]
    fn the_readmes_mapping_reads() {
        let readme = include_str!("../../../README.md");
        let start = readme
            .find("```toml\norigin")
            .map(|i| i + 8)
            .unwrap_or_default();
        let end = start + readme[start..].find("```").unwrap_or_default();
        let m = read_mapping(&readme[start..end]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.origin, "Guest survey export");
        assert_eq!(m.date_format, Some(DateFormat::Dmy));
        assert_eq!(m.csat_scale, CsatScale::OneToTen);
        assert_eq!(m.ces_scale, CesScale::OneToFive);
        assert_eq!(m.default_channel, Some(Channel::FrontDesk));
        assert_eq!(m.channel_values.get("FD"), Some(&Channel::FrontDesk));
        assert_eq!(
            m.site_names.get("Harbour View").map(String::as_str),
            Some("Harbour View Hotel")
        );
        assert!(
            read_mapping(
                "origin = \"x\"\ndate = \"d\"\nsite = \"s\"\nnps = \"n\"\ncolour = \"red\""
            )
            .is_err_and(|e| e.contains("colour"))
        );
        assert!(
            read_mapping("origin = \"x\"\ndate = \"d\"\nsite = \"s\"")
                .is_err_and(|e| e.contains("at least one rating"))
        );
    }

    proptest! {
        /// Random CSV (quotes, newlines, BOM, delimiters, blank cells, wrong types) never panics,
        /// every line is either read or named with a problem, and every accepted row holds
        /// exactly what was written.
        #[test]
        fn random_csv_never_panics_and_accepted_rows_round_trip(
            bom in any::<bool>(),
            semicolon in any::<bool>(),
            crlf in any::<bool>(),
            rows in proptest::collection::vec(
                (
                    prop_oneof![Just(String::new()), "[0-9]{4}-[0-9]{2}-[0-9]{2}", "\\PC{0,12}"],
                    prop_oneof![Just("Harbour View".to_owned()), "\\PC{0,10}"],
                    prop_oneof![Just(String::new()), (0u8..12).prop_map(|v| v.to_string()), "\\PC{0,4}"],
                    prop_oneof![Just(String::new()), "[a-z ;,\"\\n]{0,20}"],
                ),
                0..20,
            ),
            junk in proptest::collection::vec(any::<u8>(), 0..40),
        ) {
            let (d, nl) = (if semicolon { ';' } else { ',' }, if crlf { "\r\n" } else { "\n" });
            let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str(&format!("Date{d}Hotel{d}NPS{d}Comment{nl}"));
            for (date, site, nps, comment) in &rows {
                text.push_str(&[quote(date), quote(site), quote(nps), quote(comment)].join(&d.to_string()));
                text.push_str(nl);
            }
            let m = Mapping {
                origin: "p".into(),
                date: "Date".into(),
                date_format: Some(DateFormat::Iso),
                site: "Hotel".into(),
                nps: Some("NPS".into()),
                comment: Some("Comment".into()),
                ..Mapping::default()
            };
            let read = all(text.as_bytes(), &m).unwrap_or_default();
            prop_assert_eq!(read.len(), rows.len());
            for (got, (date, site, nps, comment)) in read.iter().zip(&rows) {
                if let Ok(r) = got {
                    prop_assert_eq!(r.occurred_at.date().format("%Y-%m-%d").to_string(), date.trim());
                    prop_assert_eq!(&r.site, site.trim());
                    prop_assert_eq!(r.ratings.nps.map(f64::from), nps.trim().replace(',', ".").parse::<f64>().ok());
                    let c = comment.trim();
                    prop_assert_eq!(r.comment.as_deref(), (!c.is_empty()).then_some(c));
                }
            }
            // Arbitrary bytes after a good header never panic either.
            let mut bytes = b"Date,Hotel,NPS\n".to_vec();
            bytes.extend(&junk);
            let _ = all(&bytes, &m);
        }
    }
}
