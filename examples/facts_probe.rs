//! Prints the facts, checks and jornadas of bulletin files (a development aid):
//! `cargo run --example facts_probe -- data/raw/*.txt`.
fn main() {
    let p = cifras::config::Pipeline::parse(cifras::config::DEFAULT_TOML, "d").unwrap();
    let v = cifras::vocab::Vocabulary::parse(cifras::vocab::DEFAULT_TOML, "v").unwrap();
    let mut jornadas = cifras::facts::Jornadas::default();
    let quiet = std::env::var_os("QUIET").is_some();
    for path in std::env::args().skip(1) {
        let input = cifras::ingest::Input::from_path(path.as_ref()).unwrap();
        let cifras::ingest::Ingested::Document(d) = cifras::ingest::ingest(&input, &p.ingest)
        else {
            continue;
        };
        let rows = cifras::extract::extract(&d, &p.extract);
        let (ctx, facts) = cifras::facts::facts(&d, &rows, &v);
        println!("== {} {:?}", path.rsplit('/').next().unwrap(), ctx);
        if !quiet {
            for f in &facts {
                let m = &rows[f.mention_id as usize];
                println!(
                    "   {:>3} {:<28} {:<12} {:<10} {:<8} {:<12} {} | {}",
                    f.mention_id,
                    f.metric,
                    f.value,
                    f.modality,
                    f.scope,
                    f.entity_code.clone().unwrap_or_default(),
                    f.qualifier,
                    m.text(&d.body)
                );
            }
        }
        for c in cifras::facts::checks(&d.body, &rows, &facts, &v) {
            println!(
                "   CHECK {} {} {} {} | {}",
                c.check, c.status, c.expected, c.observed, c.detail
            );
        }
        jornadas.add(&d.doc_id[..8], d.published_date, &ctx, &facts);
    }
    let (rows, checks) = jornadas.finish();
    for r in rows {
        println!("JORNADA {:?}", r);
    }
    for (d, c) in checks {
        println!(
            "JCHECK {d} {} {} {} {} | {}",
            c.check, c.status, c.expected, c.observed, c.detail
        );
    }
}
