//! CSV downloads: one writer for every report. Text cells that a spreadsheet would run as a
//! formula are prefixed with an apostrophe; numbers are written as numbers.
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A value with this many decimals.
    Num(f64, usize),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

macro_rules! int_cell {
    ($($t:ty),*) => {$(
        impl From<$t> for Cell {
            fn from(n: $t) -> Self {
                i64::try_from(n).map_or(Cell::Empty, Cell::Int)
            }
        }
    )*};
}
int_cell!(i32, u32, i64, usize);

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => guard(s),
            Cell::Int(n) => n.to_string(),
            Cell::Num(v, d) => format!("{v:.d$}"),
            Cell::Empty => String::new(),
        }
    }
}

/// Text that spreadsheets will not run as a formula.
pub fn guard(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A table to download: its file name, header and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub file_name: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(file_name: impl Into<String>, header: &[&str]) -> Self {
        Table {
            file_name: file_name.into(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    pub fn rows(&self) -> &[Vec<Cell>] {
        &self.rows
    }

    /// The CSV text (RFC 4180: quoted where needed, CRLF-free `\n` lines).
    pub fn to_csv(&self) -> Result<String, AppError> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let fail = |e: csv::Error| {
            tracing::error!(error = %e, "writing csv");
            AppError::Internal
        };
        w.write_record(self.header.iter().map(|h| guard(h)))
            .map_err(fail)?;
        for row in &self.rows {
            w.write_record(row.iter().map(Cell::text)).map_err(fail)?;
        }
        let bytes = w.into_inner().map_err(|_| AppError::Internal)?;
        String::from_utf8(bytes).map_err(|_| AppError::Internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_a_formula_and_numbers_stay_numbers() {
        let mut t = Table::new("t.csv", &["name", "change", "share"]);
        t.row(vec![
            "=HYPERLINK(\"x\")".into(),
            Cell::Int(-5),
            Cell::Num(12.345, 1),
        ]);
        t.row(vec![
            "-1 and a comma, here".into(),
            Cell::Empty,
            None::<i32>.into(),
        ]);
        t.row(vec!["@sum".into(), 3usize.into(), Some(7).into()]);
        assert_eq!(
            t.to_csv().unwrap_or_default(),
            "name,change,share\n\"'=HYPERLINK(\"\"x\"\")\",-5,12.3\n\"'-1 and a comma, here\",,\n'@sum,3,7\n"
        );
    }
}
