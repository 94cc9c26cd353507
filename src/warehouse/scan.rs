//! Reading the warehouse back with polars: each table as a lazy Parquet scan, for
//! `cifras query` and the reports, so that a query reads only the files, row groups and
//! columns it needs.

use super::schema::Table;
use super::table_files;
use crate::error::Error;
use polars::prelude::*;
use std::path::Path;

/// A lazy scan of one table, or `None` when the warehouse does not hold it.
pub fn scan(warehouse: &Path, t: &Table) -> Result<Option<LazyFrame>, Error> {
    if table_files(warehouse, t.name).is_empty() {
        return Ok(None);
    }
    let dir = warehouse.join(t.name);
    let mut args = ScanArgsParquet::default();
    if t.partitioned {
        // The key is typed from our schema, not guessed from the folder names, so that a
        // warehouse whose only partition is the null one still has an integer `year`.
        let hive_schema = Schema::from_iter([Field::new("year".into(), DataType::Int64)]);
        let mut hive = HiveOptions::new_enabled();
        hive.schema = Some(Arc::new(hive_schema));
        args.hive_options = hive;
    } else {
        args.hive_options = HiveOptions::new_disabled();
    }
    let path = PlRefPath::new(dir.to_string_lossy().as_ref());
    LazyFrame::scan_parquet(path, args)
        .map(Some)
        .map_err(|e| Error::library(format!("cannot scan table {}", t.name), e))
}
