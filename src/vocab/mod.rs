//! The domain vocabulary (`pipelines/vocabulary.toml`): metrics and the Spanish phrases
//! that name them, the OOAD and UMAE with canonical codes and aliases, the jornada series.
//! Matching ignores case and accents. `cifras validate` checks the file (unknown keys,
//! duplicate codes, one alias for two entities).

use crate::domain::Scope;
use crate::error::Error;
use crate::fold::fold;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The vocabulary as shipped, compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("../../pipelines/vocabulary.toml");
pub const DEFAULT_PATH: &str = "pipelines/vocabulary.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    #[serde(rename = "metric")]
    pub metrics: Vec<Metric>,
    #[serde(rename = "ooad")]
    pub ooads: Vec<Entity>,
    #[serde(rename = "umae")]
    pub umaes: Vec<Entity>,
    #[serde(rename = "series")]
    pub series: Vec<Series>,
    /// How sentences are read: the cue phrases of the facts stage's frames.
    pub cues: Cues,
    /// Entity names by their first folded word: (is a UMAE, index, folded name). Fx-hashed:
    /// looked up at every word of a ranking sentence.
    #[serde(skip)]
    names_by_first_word: FxHashMap<String, Vec<(bool, usize, String)>>,
    /// Metric phrases by their first folded word: (metric index, is one of its `acumulado`
    /// phrases, folded phrase), in the order the metrics list them. A unit is compared only
    /// with the phrases that start with its first word.
    #[serde(skip)]
    metrics_by_first_word: FxHashMap<String, Vec<(usize, bool, String)>>,
    /// Every series name contains "jornada" (folded): a text without it names none, and
    /// most sentences are spared a search per name.
    #[serde(skip)]
    series_say_jornada: bool,
    /// The lists every sentence's frame asks about, matched in one pass: see
    /// [`Vocabulary::frame_cues`].
    #[serde(skip)]
    frame_cues: CueSet,
    /// The phrases that open a list of parts: see [`Vocabulary::part_list_leads`].
    #[serde(skip)]
    part_list_leads: Vec<PartListLead>,
}

/// A phrase that opens a list of a total's parts ("gestiones para …").
#[derive(Debug, Clone)]
pub struct PartListLead {
    /// "{total} para".
    pub phrase: String,
    /// The total's metric code.
    pub total: String,
    /// The phrase folds to itself: then it is in a lowercased text only where it is in the
    /// text folded, which a document has already.
    pub folds_to_itself: bool,
}

/// What a figure counts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Column-style code, in Spanish as bulletins say it ("consultas_medicina_familiar").
    pub code: String,
    /// What it means.
    pub doc: String,
    /// Noun phrases that name it after a figure ("Consultas de Medicina Familiar").
    pub phrases: Vec<String>,
    /// For a kind of something ("gestiones_estudios"): the metric it is a part of. Such a
    /// metric is read only in a list introduced by its total ("gestiones para …").
    #[serde(default)]
    pub part_of: Option<String>,
    /// Phrases that name it only in a sentence about the year or the series so far ("más
    /// de tres millones de consultas" there counts every attention).
    #[serde(default)]
    pub acumulado_phrases: Vec<String>,
    /// Phrases that name a kind of it, never the whole ("trasplantes renales": the kidney
    /// transplants of a list of kinds).
    #[serde(default)]
    pub narrower: Vec<String>,
    /// The phrases folded, computed once at load.
    #[serde(skip)]
    folded: Vec<String>,
    #[serde(skip)]
    folded_acumulado: Vec<String>,
    #[serde(skip)]
    folded_narrower: Vec<String>,
}

/// An OOAD or a UMAE.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// Other names bulletins use.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Name and aliases folded and padded with spaces (" ciudad de mexico norte "),
    /// computed once at load.
    #[serde(skip)]
    folded: Vec<String>,
}

/// A series of jornadas and its names over the years.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub code: String,
    /// The years it ran: a year written in a bulletin of the series counts as the
    /// jornada's year only among these (a dateline's year always counts).
    pub years: Vec<i32>,
    /// Its names as bulletins write them.
    pub names: Vec<String>,
    /// Words that, within a few words after "jornada(s)", name the series however the
    /// rest is worded ("Jornada Nacional para la Continuidad de los Servicios" →
    /// "continuidad").
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Whether its jornadas are rows of the `jornadas` table (keyed by year and number,
    /// one series a year); otherwise its facts still carry the series.
    #[serde(default = "yes")]
    pub rows: bool,
    #[serde(skip)]
    folded: Vec<String>,
}

fn yes() -> bool {
    true
}

/// Cue phrases, as written in the vocabulary and folded for matching (see the `[cues]`
/// section of `pipelines/vocabulary.toml` for what each list decides).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    pub acumulado: CueList,
    pub acumulado_excepto: CueList,
    pub pointer: CueList,
    pub nacional: CueList,
    pub por_entidad: CueList,
    pub ranking: CueList,
    pub grupo_ooad: CueList,
    pub grupo_umae: CueList,
    pub meta_antes: CueList,
    pub meta_despues: CueList,
    pub logro: CueList,
    pub productividad_despues: CueList,
    pub productividad_antes: CueList,
    pub exceso_antes: CueList,
    pub exceso_despues: CueList,
    pub anuncio: CueList,
    pub resultado: CueList,
    pub numero_jornada: CueList,
}

/// A list of cue phrases. Each matches whole words of a folded text; a last word ending in
/// `*` matches any word that starts with it, and a word `#` any number ("13", "nueve").
#[derive(Debug, Clone, Default)]
pub struct CueList {
    /// (as written, folded words; the last may be a prefix)
    phrases: Vec<(String, Vec<String>, bool)>,
    /// The phrases by their first word (when it is a whole word; with the word's
    /// [`first_key`]), and the others (a first word that is a number "#" or a prefix):
    /// `find` looks only at the phrases that can start at each word instead of scanning
    /// the text once per phrase. A list has a few dozen first words at most, sorted by key:
    /// a word is compared only with those of its key (`key_starts`), no hashing.
    by_first: Vec<(String, Vec<usize>)>,
    /// Where each key's first words start in `by_first` (and end: the next key's start).
    /// (257 entries; none in an empty list)
    key_starts: Vec<u16>,
    wild: Vec<usize>,
    /// The keys of the words in `by_first`: most words of a text start no phrase, and
    /// this one bit test spares them the scan.
    first_keys: [u64; 4],
}

#[inline]
fn has_key(keys: &[u64; 4], key: usize) -> bool {
    keys[key >> 6] & (1 << (key & 63)) != 0
}

/// Adds a word's bucket to `keys` (read by [`has_key`]).
fn add_key(keys: &mut [u64; 4], w: &str) {
    let key = first_key(w);
    keys[key >> 6] |= 1 << (key & 63);
}

/// Whether a phrase (its folded words, `prefix`: its last word is a prefix) can start at
/// any word: a number "#" first, or a lone prefix.
fn starts_anywhere(ws: &[String], prefix: bool) -> bool {
    ws.first().is_some_and(|w| w == "#") || (prefix && ws.len() == 1)
}

/// A word's bucket among 256: its length (to 7) and its first byte's low five bits.
#[inline]
fn first_key(w: &str) -> usize {
    let b = w.as_bytes();
    let first = b.first().map_or(0, |&c| usize::from(c & 31));
    (b.len().min(7) << 5) | first
}

impl<'de> Deserialize<'de> for CueList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: Vec<String> = Vec::deserialize(d)?;
        let phrases: Vec<(String, Vec<String>, bool)> = raw
            .into_iter()
            .map(|p| {
                let prefix = p.trim_end().ends_with('*');
                let words = p
                    .trim_end()
                    .trim_end_matches('*')
                    .split_whitespace()
                    .flat_map(|w| match w {
                        "#" => vec!["#".to_string()],
                        w => fold(w).split(' ').map(str::to_string).collect(),
                    })
                    .filter(|w| !w.is_empty())
                    .collect();
                (p, words, prefix)
            })
            .collect();
        let mut by_first: Vec<(String, Vec<usize>)> = Vec::new();
        let mut wild = Vec::new();
        let mut first_keys = [0u64; 4];
        for (k, (_, ws, prefix)) in phrases.iter().enumerate() {
            match ws.first() {
                None => {}
                Some(_) if starts_anywhere(ws, *prefix) => wild.push(k),
                Some(w) => {
                    add_key(&mut first_keys, w);
                    match by_first.iter_mut().find(|(x, _)| x == w) {
                        Some((_, ks)) => ks.push(k),
                        None => by_first.push((w.clone(), vec![k])),
                    }
                }
            }
        }
        // stable: a key's words keep the order they were first listed in
        by_first.sort_by_key(|(w, _)| first_key(w));
        let key_starts = (0..=256)
            .map(|k| by_first.partition_point(|(w, _)| first_key(w) < k) as u16)
            .collect();
        Ok(CueList {
            phrases,
            by_first,
            key_starts,
            wild,
            first_keys,
        })
    }
}

/// A folded, space-padded name and, when it holds "cmn" or "centro medico nacional", the
/// same name with the other spelling: bulletins write both.
fn spelled_both_ways(padded: &str) -> Vec<String> {
    const SHORT: &str = " cmn ";
    const LONG: &str = " centro medico nacional ";
    let mut out = vec![padded.to_string()];
    if padded.contains(SHORT) {
        out.push(padded.replace(SHORT, LONG));
    } else if padded.contains(LONG) {
        out.push(padded.replace(LONG, SHORT));
    }
    out
}

impl CueList {
    /// The first phrase found in `words` (a folded text split at spaces), with the index of
    /// the word where it starts.
    pub fn find(&self, words: &[&str]) -> Option<(usize, &str)> {
        (0..words.len()).find_map(|at| self.first_at(words, at).map(|raw| (at, raw)))
    }

    /// The last place a phrase starts in `words` (the first listed of those starting
    /// there).
    pub fn rfind(&self, words: &[&str]) -> Option<(usize, &str)> {
        (0..words.len())
            .rev()
            .find_map(|at| self.first_at(words, at).map(|raw| (at, raw)))
    }

    /// Of the phrases that start at word `at`, the first listed.
    #[inline]
    fn first_at(&self, words: &[&str], at: usize) -> Option<&str> {
        let key = first_key(words[at]);
        if !has_key(&self.first_keys, key) && self.wild.is_empty() {
            return None; // most words: one bit
        }
        self.first_at_slow(words, at, key)
    }

    #[inline(never)]
    fn first_at_slow(&self, words: &[&str], at: usize, key: usize) -> Option<&str> {
        // the first words with the same bucket (one or two)
        let w = words[at];
        let (from, to) = match (self.key_starts.get(key), self.key_starts.get(key + 1)) {
            (Some(&f), Some(&t)) => (usize::from(f), usize::from(t)),
            _ => (0, 0),
        };
        let named = self.by_first[from..to]
            .iter()
            .find(|(x, _)| x == w)
            .map_or(&[][..], |(_, ks)| ks.as_slice());
        // a named phrase's first word is `w` already
        let matches = |k: usize, from: usize| {
            let (_, ws, prefix) = &self.phrases[k];
            matches_from(words, at, ws, *prefix, from)
        };
        let first = match self.wild.is_empty() {
            // in list order: the first that matches is the first listed
            true => named.iter().copied().find(|&k| matches(k, 1)),
            false => named
                .iter()
                .map(|&k| (k, 1))
                .chain(self.wild.iter().map(|&k| (k, 0)))
                .filter(|&(k, from)| matches(k, from))
                .map(|(k, _)| k)
                .min(),
        };
        first.map(|k| self.phrases[k].0.as_str())
    }

    /// A phrase that `words` start with.
    pub fn starts(&self, words: &[&str]) -> Option<&str> {
        self.phrases
            .iter()
            .find(|(_, ws, prefix)| !ws.is_empty() && matches_at(words, 0, ws, *prefix))
            .map(|(raw, _, _)| raw.as_str())
    }

    /// A phrase that `words` end with.
    pub fn ends(&self, words: &[&str]) -> Option<&str> {
        self.phrases
            .iter()
            .find(|(_, ws, prefix)| {
                !ws.is_empty()
                    && ws.len() <= words.len()
                    && matches_at(words, words.len() - ws.len(), ws, *prefix)
            })
            .map(|(raw, _, _)| raw.as_str())
    }
}

impl Cues {
    /// The lists a sentence's frame asks about, in the order [`Vocabulary::frame_cues`]
    /// answers: acumulado, pointer, nacional, por_entidad, ranking, grupo_umae, grupo_ooad.
    pub fn frame_lists(&self) -> [&CueList; FRAME_LISTS] {
        [
            &self.acumulado,
            &self.pointer,
            &self.nacional,
            &self.por_entidad,
            &self.ranking,
            &self.grupo_umae,
            &self.grupo_ooad,
        ]
    }
}

/// How many lists [`Cues::frame_lists`] gives.
pub const FRAME_LISTS: usize = 7;

/// Several cue lists matched in one pass over a text's words: each word is looked up once
/// for the phrases of every list that start with it, where each list's own
/// [`find`](CueList::find) went over the words again (a sentence's frame asks seven lists).
/// A phrase of a [`CueSet`]: its list, and its place in the list.
type At = (usize, usize);

#[derive(Debug, Clone, Default)]
pub struct CueSet {
    /// Each list's phrases, as in [`CueList`].
    phrases: Vec<Vec<(String, Vec<String>, bool)>>,
    /// First word → the phrases that start with it, by their second word.
    by_first: FxHashMap<String, Starts>,
    /// The phrases that can start at any word (a number "#" or a lone prefix first).
    wild: Vec<At>,
    /// The buckets ([`first_key`]) of the words in `by_first`: most words of a sentence
    /// start no phrase, and this bit test spares them the hash.
    first_keys: [u64; 4],
}

/// The phrases of a [`CueSet`] that start with one word: most words that start a phrase
/// ("en", "de", "se") start several, and the next word tells which can match.
#[derive(Debug, Clone, Default)]
struct Starts {
    /// (list, phrase) by their whole second word.
    by_second: FxHashMap<String, Vec<At>>,
    /// (list, phrase) of one word, or whose second word is a number "#" or a prefix.
    others: Vec<At>,
}

impl CueSet {
    pub fn of(lists: &[&CueList]) -> CueSet {
        let mut set = CueSet::default();
        for (l, list) in lists.iter().enumerate() {
            for (k, (_, ws, prefix)) in list.phrases.iter().enumerate() {
                match ws.first() {
                    None => {}
                    Some(_) if starts_anywhere(ws, *prefix) => set.wild.push((l, k)),
                    Some(w) => {
                        add_key(&mut set.first_keys, w);
                        let starts = set.by_first.entry(w.clone()).or_default();
                        match ws.get(1) {
                            Some(second) if second != "#" && !(*prefix && ws.len() == 2) => starts
                                .by_second
                                .entry(second.clone())
                                .or_default()
                                .push((l, k)),
                            _ => starts.others.push((l, k)),
                        }
                    }
                }
            }
            set.phrases.push(list.phrases.clone());
        }
        set
    }

    /// For each list, what its [`find`](CueList::find) gives on `words`: the first place a
    /// phrase starts, and the first listed of the phrases that start there.
    /// (`N` lists are answered: the first `N` of the set, or all of them if fewer.)
    pub fn find_all<'s, const N: usize>(
        &'s self,
        words: &[&str],
        found: &mut [Option<(usize, &'s str)>; N],
    ) {
        found.fill(None);
        let lists = self.phrases.len().min(found.len());
        let mut left = lists;
        // per list, the first listed phrase matching at the current word
        let mut here: [Option<usize>; N] = [None; N];
        for at in 0..words.len() {
            if left == 0 {
                break;
            }
            // the phrases whose first words are these (`from`: how many are known equal)
            let (two, one): (&[At], &[At]) = match has_key(&self.first_keys, first_key(words[at]))
                .then(|| self.by_first.get(words[at]))
                .flatten()
            {
                None => (&[], &[]),
                Some(st) => (
                    words
                        .get(at + 1)
                        .and_then(|w| st.by_second.get(*w))
                        .map_or(&[][..], Vec::as_slice),
                    &st.others,
                ),
            };
            if two.is_empty() && one.is_empty() && self.wild.is_empty() {
                continue; // most words
            }
            let tries = two
                .iter()
                .map(|&e| (e, 2))
                .chain(one.iter().map(|&e| (e, 1)))
                .chain(self.wild.iter().map(|&e| (e, 0)));
            let mut any = false;
            for ((l, k), from) in tries {
                if l >= lists || found[l].is_some() || here[l].is_some_and(|h| h <= k) {
                    continue;
                }
                let (_, ws, prefix) = &self.phrases[l][k];
                if matches_from(words, at, ws, *prefix, from) {
                    here[l] = Some(k);
                    any = true;
                }
            }
            if !any {
                continue;
            }
            for l in 0..lists {
                if let Some(k) = here[l].take() {
                    found[l] = Some((at, self.phrases[l][k].0.as_str()));
                    left -= 1;
                }
            }
        }
    }
}

fn matches_at(words: &[&str], at: usize, ws: &[String], prefix: bool) -> bool {
    matches_from(words, at, ws, prefix, 0)
}

/// [`matches_at`] for the phrase's words from the `from`th on (those before are known to
/// match).
#[inline]
fn matches_from(words: &[&str], at: usize, ws: &[String], prefix: bool, from: usize) -> bool {
    if at + ws.len() > words.len() {
        return false;
    }
    ws.iter().enumerate().skip(from).all(|(k, w)| {
        let t = words[at + k];
        if w == "#" {
            crate::figures::is_number_word(t)
        } else if prefix && k + 1 == ws.len() {
            t.starts_with(w.as_str())
        } else {
            t == w
        }
    })
}

impl Vocabulary {
    /// The frame lists of each sentence ([`Cues::frame_lists`]) matched in one pass.
    pub fn frame_cues(&self) -> &CueSet {
        &self.frame_cues
    }

    /// The phrases that open a list of parts, one per total (in code order), made once with
    /// the vocabulary.
    pub fn part_list_leads(&self) -> &[PartListLead] {
        &self.part_list_leads
    }

    /// Whether the series `code` gives rows to the `jornadas` table.
    pub fn gives_rows(&self, code: &str) -> bool {
        self.series.iter().any(|s| s.code == code && s.rows)
    }

    /// Parses and checks a vocabulary; every problem is reported.
    pub fn parse(text: &str, source: &str) -> Result<Vocabulary, Error> {
        let mut v: Vocabulary = toml::from_str(text)
            .map_err(|e| Error::Config(format!("{source}: {}", e.to_string().trim())))?;
        for m in &mut v.metrics {
            m.folded = m.phrases.iter().map(|p| fold(p)).collect();
            m.folded_acumulado = m.acumulado_phrases.iter().map(|p| fold(p)).collect();
            m.folded_narrower = m.narrower.iter().map(|p| fold(p)).collect();
        }
        let mut by_word: FxHashMap<String, Vec<(usize, bool, String)>> = FxHashMap::default();
        for (k, m) in v.metrics.iter().enumerate() {
            let phrases = m.folded.iter().map(|p| (false, p));
            for (acumulado, p) in phrases.chain(m.folded_acumulado.iter().map(|p| (true, p))) {
                let first = p.split(' ').next().unwrap_or("").to_string();
                by_word
                    .entry(first)
                    .or_default()
                    .push((k, acumulado, p.clone()));
            }
        }
        v.metrics_by_first_word = by_word;
        for e in v.ooads.iter_mut().chain(v.umaes.iter_mut()) {
            e.folded = std::iter::once(&e.name)
                .chain(&e.aliases)
                .flat_map(|n| spelled_both_ways(&format!(" {} ", fold(n))))
                .collect();
            e.folded.dedup();
        }
        let mut all_jornada = true;
        for s in &mut v.series {
            s.folded = s.names.iter().map(|n| fold(n)).collect();
            all_jornada &= s.folded.iter().all(|n| n.contains("jornada"));
        }
        let mut index: FxHashMap<String, Vec<(bool, usize, String)>> = FxHashMap::default();
        for (umae, list) in [(false, &v.ooads), (true, &v.umaes)] {
            for (k, e) in list.iter().enumerate() {
                for n in &e.folded {
                    let name = n.trim().to_string();
                    let first = name.split(' ').next().unwrap_or("").to_string();
                    index.entry(first).or_default().push((umae, k, name));
                }
            }
        }
        v.names_by_first_word = index;
        v.series_say_jornada = all_jornada;
        v.frame_cues = CueSet::of(&v.cues.frame_lists());
        let totals: std::collections::BTreeSet<&str> = v
            .metrics
            .iter()
            .filter_map(|m| m.part_of.as_deref())
            .collect();
        v.part_list_leads = totals
            .into_iter()
            .map(|total| {
                let phrase = format!("{total} para");
                PartListLead {
                    folds_to_itself: fold(&phrase) == phrase,
                    phrase,
                    total: total.to_string(),
                }
            })
            .collect();
        let problems = v.problems();
        if problems.is_empty() {
            Ok(v)
        } else {
            Err(Error::Config(format!("{source}: {}", problems.join("; "))))
        }
    }

    /// Duplicate codes, one name or alias for two entities, empty phrase lists.
    pub fn problems(&self) -> Vec<String> {
        let mut v = Vec::new();
        let mut codes: HashMap<String, &str> = HashMap::new();
        let all_codes = self
            .metrics
            .iter()
            .map(|m| ("metric", &m.code))
            .chain(self.ooads.iter().map(|e| ("ooad", &e.code)))
            .chain(self.umaes.iter().map(|e| ("umae", &e.code)))
            .chain(self.series.iter().map(|s| ("series", &s.code)));
        for (kind, code) in all_codes {
            if code.trim().is_empty() {
                v.push(format!("a {kind} has an empty code"));
            } else if let Some(prev) = codes.insert(code.clone(), kind) {
                v.push(format!("duplicate code {code:?} ({prev} and {kind})"));
            }
        }
        let mut names: HashMap<String, String> = HashMap::new();
        for (kind, e) in self
            .ooads
            .iter()
            .map(|e| ("ooad", e))
            .chain(self.umaes.iter().map(|e| ("umae", e)))
        {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                let key = fold(n);
                let who = format!("{kind} {}", e.code);
                match names.get(&key) {
                    Some(prev) if *prev != who => {
                        v.push(format!("name {n:?} is used by both {prev} and {who}"))
                    }
                    _ => {
                        names.insert(key, who);
                    }
                }
            }
        }
        let mut phrases: HashMap<String, &str> = HashMap::new();
        for m in &self.metrics {
            if m.phrases.is_empty() {
                v.push(format!("metric {} has no phrases", m.code));
            }
            for p in &m.phrases {
                let key = format!("{}|{}", m.part_of.as_deref().unwrap_or(""), fold(p));
                if let Some(prev) = phrases.insert(key, &m.code)
                    && prev != m.code
                {
                    v.push(format!("phrase {p:?} names both {prev} and {}", m.code));
                }
            }
        }
        for m in &self.metrics {
            if let Some(total) = &m.part_of
                && !self.metrics.iter().any(|t| &t.code == total)
            {
                v.push(format!(
                    "metric {} is part of {total:?}, which is no metric",
                    m.code
                ));
            }
        }
        for s in &self.series {
            if s.names.is_empty() {
                v.push(format!("series {} has no names", s.code));
            }
        }
        v
    }

    /// The metric a counted noun phrase names: the longest phrase that starts it, as whole
    /// words ("Consultas de Medicina Familiar" → consultas_medicina_familiar).
    pub fn metric_for_unit(&self, unit: &str) -> Option<&Metric> {
        self.metric_among(unit, None)
    }

    /// Like [`metric_for_unit`](Self::metric_for_unit) among the parts of `total` (when
    /// given) or among the metrics that are no part (when not).
    pub fn metric_among(&self, unit: &str, total: Option<&str>) -> Option<&Metric> {
        self.metric_in(unit, total, false)
    }

    /// [`metric_among`](Self::metric_among), with the phrases that name a metric only in
    /// a sentence about the year so far when `acumulado`.
    pub fn metric_in(&self, unit: &str, total: Option<&str>, acumulado: bool) -> Option<&Metric> {
        self.metric_in_folded(&fold(unit), total, acumulado)
    }

    /// [`metric_in`](Self::metric_in) of a unit folded already.
    pub fn metric_in_folded(
        &self,
        u: &str,
        total: Option<&str>,
        acumulado: bool,
    ) -> Option<&Metric> {
        // "58.5 millones de consultas de Medicina Familiar": the noun after "de"
        if let Some(rest) = u.strip_prefix("de ") {
            let with = self.metric_folded(u, total, acumulado);
            let without = self.metric_folded(rest, total, acumulado);
            return match (with, without) {
                (Some((a, la)), Some((b, lb))) => Some(if lb > la { b } else { a }),
                (a, b) => a.or(b).map(|(m, _)| m),
            };
        }
        self.metric_folded(u, total, acumulado).map(|(m, _)| m)
    }

    /// [`metric_in`](Self::metric_in) of a folded unit, with the length of the phrase.
    fn metric_folded(
        &self,
        u: &str,
        total: Option<&str>,
        acumulado: bool,
    ) -> Option<(&Metric, usize)> {
        let mut best: Option<(&Metric, usize)> = None;
        // a phrase that matches whole words at the start has the unit's first word first
        let first = u.split(' ').next().unwrap_or("");
        let cands = self
            .metrics_by_first_word
            .get(first)
            .map_or(&[][..], Vec::as_slice);
        for (k, from_acumulado, p) in cands {
            let m = &self.metrics[*k];
            if (*from_acumulado && !acumulado) || m.part_of.as_deref() != total {
                continue;
            }
            let whole_words =
                u == *p || (u.starts_with(p.as_str()) && u.as_bytes().get(p.len()) == Some(&b' '));
            if whole_words && best.is_none_or(|(_, len)| p.len() > len) {
                best = Some((m, p.len()));
            }
        }
        let (m, len) = best?;
        let u = u.to_string();
        // a kind of it ("trasplantes renales") is not the whole
        if m.folded_narrower.iter().any(|n| {
            u == *n || (u.starts_with(n.as_str()) && u.as_bytes().get(n.len()) == Some(&b' '))
        }) {
            return None;
        }
        // two metrics joined ("consultas de Especialidad y de Medicina Familiar") are
        // neither one
        let rest = u[len..].trim_start();
        if let Some(other) = rest.strip_prefix("y ").or_else(|| rest.strip_prefix("e ")) {
            let other = other.trim_start();
            let names_another = self.metrics.iter().any(|x| {
                x.code != m.code
                    && x.part_of.as_deref() == total
                    && x.folded.iter().any(|p| {
                        other == p
                            || (other.starts_with(p.as_str())
                                && other.as_bytes().get(p.len()) == Some(&b' '))
                    })
            });
            if names_another {
                return None;
            }
        }
        Some((m, len))
    }

    /// The OOAD or UMAE named in a text: the longest name or alias it contains, as whole
    /// words (a UMAE wins a tie). Returns the scope (OOAD or UMAE) and the entity.
    pub fn entity_in(&self, text: &str) -> Option<(Scope, &Entity)> {
        self.entity_in_folded(&fold(text))
    }

    /// [`entity_in`](Self::entity_in) of a text folded already.
    pub fn entity_in_folded(&self, t: &str) -> Option<(Scope, &Entity)> {
        let mut best: Option<(bool, usize, usize)> = None; // (umae, index, name length)
        // at each word, the names that start with it
        let mut at = 0;
        for word in t.split(' ') {
            if let Some(cands) = self.names_by_first_word.get(word) {
                let rest = &t[at..];
                for (umae, k, name) in cands {
                    let whole = rest.starts_with(name.as_str())
                        && matches!(rest.as_bytes().get(name.len()), None | Some(b' '));
                    let better = best.is_none_or(|(bu, _, len)| {
                        name.len() > len || (name.len() == len && *umae && !bu)
                    });
                    if whole && better {
                        best = Some((*umae, *k, name.len()));
                    }
                }
            }
            at += word.len() + 1;
        }
        best.map(|(umae, k, _)| {
            if umae {
                (Scope::Umae, &self.umaes[k])
            } else {
                (Scope::Ooad, &self.ooads[k])
            }
        })
    }

    /// The jornada series a text names, if any: one of its names, else one of its keywords
    /// within six words after "jornada" or "jornadas".
    pub fn series_in(&self, text: &str) -> Option<&Series> {
        self.series_in_folded(&fold(text))
    }

    /// [`series_in`](Self::series_in) of a text folded already.
    pub fn series_in_folded(&self, t: &str) -> Option<&Series> {
        // by name or by a keyword after "jornada(s)": both need the word; its places, in
        // one search (where every name has it)
        // (a searcher made once: `match_indices` built one for every sentence asked)
        static JORNADA: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("jornada"));
        let places: Vec<usize> = match self.series_say_jornada {
            true => JORNADA.find_iter(t.as_bytes()).collect(),
            false => Vec::new(),
        };
        if self.series_say_jornada && places.is_empty() {
            return None;
        }
        // a name is in `t` where its own first "jornada" is one of `t`'s: the few places of
        // the word are compared with each name, instead of a search of `t` per name
        let contains = |n: &str| match self.series_say_jornada {
            true => {
                let off = n.find("jornada").unwrap_or(0);
                places
                    .iter()
                    .any(|&p| p >= off && t.as_bytes()[p - off..].starts_with(n.as_bytes()))
            }
            false => t.contains(n),
        };
        let mut best: Option<(&Series, usize)> = None;
        for s in &self.series {
            for n in &s.folded {
                if best.is_none_or(|(_, len)| n.len() > len) && contains(n) {
                    best = Some((s, n.len()));
                }
            }
        }
        if let Some((s, _)) = best {
            return Some(s);
        }
        // a keyword within six words after the word "jornada" or "jornadas": the first such
        // word with one decides, the nearest keyword wins (the series listed first on a tie)
        let keyword_after = |next: &[&str]| -> Option<&Series> {
            let mut found: Option<(usize, &Series)> = None;
            for s in &self.series {
                if let Some(k) = next
                    .iter()
                    .position(|x| s.keywords.iter().any(|kw| kw == x))
                    && found.is_none_or(|(fk, _)| k < fk)
                {
                    found = Some((k, s));
                }
            }
            found.map(|(_, s)| s)
        };
        if !self.series_say_jornada {
            let words: Vec<&str> = t.split(' ').collect();
            return words.iter().enumerate().find_map(|(i, w)| {
                (*w == "jornada" || *w == "jornadas")
                    .then(|| keyword_after(&words[i + 1..(i + 7).min(words.len())]))
                    .flatten()
            });
        }
        // the words are read only after the places that are the whole word
        let b = t.as_bytes();
        let mut next: Vec<&str> = Vec::with_capacity(6);
        for &p in &places {
            let mut end = p + "jornada".len();
            if b.get(end) == Some(&b's') {
                end += 1;
            }
            if (p > 0 && b[p - 1] != b' ') || (end < b.len() && b[end] != b' ') {
                continue;
            }
            next.clear();
            if end < b.len() {
                next.extend(t[end + 1..].split(' ').take(6));
            }
            if let Some(s) = keyword_after(&next) {
                return Some(s);
            }
        }
        None
    }
}

/// A vocabulary with where it came from and the SHA-256 of its text, hex.
#[derive(Debug, Clone)]
pub struct LoadedVocabulary {
    pub vocabulary: Vocabulary,
    pub source: String,
    pub hash: String,
}

/// Loads the vocabulary: `pipelines/vocabulary.toml` in the working directory, else the
/// built-in one.
pub fn load(explicit: Option<&Path>) -> Result<LoadedVocabulary, Error> {
    let (text, source) = match explicit {
        Some(p) => (
            std::fs::read_to_string(p)
                .map_err(|e| Error::Config(format!("cannot read {}: {e}", p.display())))?,
            p.display().to_string(),
        ),
        None if Path::new(DEFAULT_PATH).is_file() => (
            std::fs::read_to_string(DEFAULT_PATH)
                .map_err(|e| Error::Config(format!("cannot read {DEFAULT_PATH}: {e}")))?,
            DEFAULT_PATH.to_string(),
        ),
        None => (
            DEFAULT_TOML.to_string(),
            "(built-in vocabulary)".to_string(),
        ),
    };
    Ok(LoadedVocabulary {
        vocabulary: Vocabulary::parse(&text, &source)?,
        hash: crate::digest::sha256_hex(text.as_bytes()),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The metric of a unit by trying every phrase of every metric, as before the index by
    /// first word: the index must pick the same one.
    fn metric_by_scan<'v>(
        v: &'v Vocabulary,
        u: &str,
        total: Option<&str>,
        acumulado: bool,
    ) -> Option<(&'v str, usize)> {
        let mut best: Option<(&str, usize)> = None;
        for m in v.metrics.iter().filter(|m| m.part_of.as_deref() == total) {
            let extra: &[String] = if acumulado { &m.folded_acumulado } else { &[] };
            for p in m.folded.iter().chain(extra) {
                let whole = u == *p
                    || (u.starts_with(p.as_str()) && u.as_bytes().get(p.len()) == Some(&b' '));
                if whole && best.is_none_or(|(_, len)| p.len() > len) {
                    best = Some((m.code.as_str(), p.len()));
                }
            }
        }
        best
    }

    #[test]
    fn metric_phrases_by_first_word_pick_what_a_scan_picks() {
        let v = vocab();
        let mut units: Vec<String> = vec![String::new(), "de".into(), "x y z".into()];
        for m in &v.metrics {
            for p in m
                .folded
                .iter()
                .chain(&m.folded_acumulado)
                .chain(&m.folded_narrower)
            {
                units.push(p.clone());
                units.push(format!("{p} de medicina familiar"));
                units.push(format!("{p}s"));
                units.push(p.split(' ').next().unwrap_or("").to_string());
            }
        }
        let totals: Vec<Option<&str>> = std::iter::once(None)
            .chain(
                v.metrics
                    .iter()
                    .filter_map(|m| m.part_of.as_deref())
                    .map(Some),
            )
            .collect();
        for u in &units {
            for &total in &totals {
                for acumulado in [false, true] {
                    let got = v
                        .metric_folded(u, total, acumulado)
                        .map(|(m, len)| (m.code.as_str(), len));
                    let want = metric_by_scan(&v, u, total, acumulado);
                    // the scan's choice, then the checks after it (a narrower kind, two joined)
                    if got.is_some() {
                        assert_eq!(got, want, "{u:?} {total:?} {acumulado}");
                    } else if let Some((code, _)) = want {
                        let m = v.metrics.iter().find(|m| m.code == code).unwrap();
                        let narrower = m.folded_narrower.iter().any(|n| {
                            u == n
                                || (u.starts_with(n.as_str())
                                    && u.as_bytes().get(n.len()) == Some(&b' '))
                        });
                        assert!(
                            narrower || u.contains(" y ") || u.contains(" e "),
                            "{u:?} {total:?} {acumulado}: {want:?}"
                        );
                    }
                }
            }
        }
    }

    fn vocab() -> Vocabulary {
        Vocabulary::parse(DEFAULT_TOML, "default").unwrap()
    }

    /// `series_in_folded` as it was before its keyword search read the words after the
    /// places of "jornada" alone (issue 14), kept as its reference.
    fn series_in_folded_reference<'v>(v: &'v Vocabulary, t: &str) -> Option<&'v Series> {
        if v.series_say_jornada && !t.contains("jornada") {
            return None;
        }
        let mut best: Option<(&Series, usize)> = None;
        for s in &v.series {
            for n in &s.folded {
                if best.is_none_or(|(_, len)| n.len() > len) && t.contains(n.as_str()) {
                    best = Some((s, n.len()));
                }
            }
        }
        if let Some((s, _)) = best {
            return Some(s);
        }
        let words: Vec<&str> = t.split(' ').collect();
        let mut found: Option<(usize, &Series)> = None;
        for (i, w) in words.iter().enumerate() {
            if *w != "jornada" && *w != "jornadas" {
                continue;
            }
            for s in &v.series {
                if let Some(k) = words[i + 1..(i + 7).min(words.len())]
                    .iter()
                    .position(|x| s.keywords.iter().any(|kw| kw == x))
                    && found.is_none_or(|(fk, _)| k < fk)
                {
                    found = Some((k, s));
                }
            }
            if let Some((_, s)) = found {
                return Some(s);
            }
        }
        None
    }

    #[test]
    fn series_found_as_the_word_by_word_search_found_them() {
        let v = vocab();
        let mut pieces: Vec<String> = vec![
            "jornada".into(),
            "jornadas".into(),
            "jornadasx".into(),
            "lajornada".into(),
            "de".into(),
            "la".into(),
            "salud".into(),
            "".into(),
        ];
        for s in &v.series {
            pieces.extend(s.keywords.iter().cloned());
            pieces.extend(s.folded.iter().cloned());
        }
        let mut rng = crate::testing::Rng::new(0x1234_5678_9ABC_DEF1);
        let mut named = 0;
        for _ in 0..20_000 {
            let n = 1 + rng.below(12);
            let t: Vec<&str> = (0..n).map(|_| rng.pick(&pieces).as_str()).collect();
            let t = t.join(" ");
            let got = v.series_in_folded(&t).map(|s| &s.code);
            assert_eq!(
                got,
                series_in_folded_reference(&v, &t).map(|s| &s.code),
                "{t:?}"
            );
            named += usize::from(got.is_some());
        }
        assert!(named > 1_000, "{named}");
    }

    #[test]
    fn a_misspelled_cue_list_is_an_error() {
        let bad = DEFAULT_TOML.replace("\npointer = [", "\npointers = [");
        assert_ne!(bad, DEFAULT_TOML);
        let e = Vocabulary::parse(&bad, "bad").unwrap_err().to_string();
        assert!(e.contains("pointers"), "{e}");
    }

    #[test]
    fn cues_match_whole_words_prefixes_and_numbers() {
        let v = vocab();
        let w = |t: &str| fold(t);
        let t = w("Las nueve Jornadas suman 1.4 millones");
        let ws: Vec<&str> = t.split(' ').collect();
        assert!(
            v.cues.acumulado.find(&ws).is_some(),
            "las # jornadas, suman"
        );
        let t = w("frente a 163 mil 110 programadas");
        let ws: Vec<&str> = t.split(' ').collect();
        assert!(v.cues.meta_despues.starts(&ws[ws.len() - 1..]).is_some());
        // "sumaron" is not "suman"
        let t = w("A ello se sumaron 51 mil detecciones");
        let ws: Vec<&str> = t.split(' ').collect();
        assert!(v.cues.acumulado.find(&ws).is_none());
    }

    /// `find` gives the earliest place, `rfind` the last; at one place the phrase listed
    /// first wins; a phrase never reaches past the words given.
    #[test]
    fn find_and_rfind_pick_places_then_list_order() {
        #[derive(Deserialize)]
        struct L {
            l: CueList,
        }
        let l = toml::from_str::<L>(r##"l = ["la meta", "la", "meta de *", "# jornadas", "en"]"##)
            .unwrap()
            .l;
        let t = fold("En la meta de la jornada, la meta de atenciones en 13 jornadas");
        let ws: Vec<&str> = t.split(' ').collect();
        assert_eq!(l.find(&ws), Some((0, "en")));
        assert_eq!(l.find(&ws[1..]), Some((0, "la meta")));
        assert_eq!(l.rfind(&ws), Some((11, "# jornadas")));
        assert_eq!(l.rfind(&ws[..11]), Some((10, "en")));
        // "meta de *": its last word is a prefix ("de", "desde", …)
        assert_eq!(l.rfind(&ws[..9]), Some((7, "meta de *")));
        assert_eq!(l.rfind(&ws[..8]), Some((6, "la meta")));
        assert_eq!(l.rfind(&ws[7..8]), None);
    }

    /// One pass for several lists finds, for each, what its own `find` finds: on texts made
    /// of every phrase of every frame list, alone, inside a sentence, cut at its end, and
    /// next to the phrases of the other lists; with number and prefix first words too.
    #[test]
    fn a_cue_set_finds_what_each_list_finds() {
        let v = vocab();
        let lists = v.cues.frame_lists();
        let mut texts: Vec<String> = vec![
            String::new(),
            "sin nada".into(),
            fold("En la meta de la jornada, la meta de atenciones en 13 jornadas"),
        ];
        let phrases: Vec<String> = lists
            .iter()
            .flat_map(|l| l.phrases.iter().map(|(_, ws, _)| ws.join(" ")))
            .map(|p| p.replace('#', "13"))
            .collect();
        for (i, p) in phrases.iter().enumerate() {
            let other = &phrases[(i * 7 + 3) % phrases.len()];
            let cut = p.rsplit_once(' ').map_or("", |(a, _)| a);
            texts.push(p.clone());
            texts.push(format!("se dieron {p} en todo el ano"));
            texts.push(format!("{cut} y {other}"));
            texts.push(format!("{other} de {p} {other}"));
        }
        fn check<const N: usize>(set: &CueSet, lists: &[&CueList; N], t: &str) {
            let ws: Vec<&str> = t.split(' ').filter(|w| !w.is_empty()).collect();
            let mut found = [None; N];
            set.find_all(&ws, &mut found);
            for (l, list) in lists.iter().enumerate() {
                assert_eq!(found[l], list.find(&ws), "list {l} in {t:?}");
            }
        }
        let set = v.frame_cues();
        for t in &texts {
            check(set, &lists, t);
        }
        // lists whose phrases may start anywhere: a number, a lone prefix
        // (c and d: a lone prefix and a named phrase match at one word; the one listed
        // first wins either way)
        #[derive(Deserialize)]
        struct L {
            a: CueList,
            b: CueList,
            c: CueList,
            d: CueList,
        }
        let l = toml::from_str::<L>(
            r##"a = ["la meta", "# jornadas", "meta de *", "en"]
b = ["programad*", "la", "13 jornadas"]
c = ["la*", "la meta"]
d = ["la meta", "la*"]"##,
        )
        .unwrap();
        let both = [&l.a, &l.b, &l.c, &l.d];
        let set = CueSet::of(&both);
        for t in texts.iter().chain([&fold(
            "En la meta de la jornada, las 13 jornadas programadas",
        )]) {
            check(&set, &both, t);
        }
        // fewer answers than lists: the first ones; more: the others stay empty
        let ws: Vec<&str> = vec!["en", "la", "meta", "programadas"];
        let mut two = [None; 2];
        set.find_all(&ws, &mut two);
        assert_eq!(two, [l.a.find(&ws), l.b.find(&ws)]);
        let mut twelve = [Some((0, "x")); 12];
        set.find_all(&ws, &mut twelve);
        assert_eq!(
            twelve[..4],
            [l.a.find(&ws), l.b.find(&ws), l.c.find(&ws), l.d.find(&ws)]
        );
        assert!(twelve[4..].iter().all(Option::is_none));
    }

    #[test]
    fn the_default_vocabulary_checks_and_is_complete() {
        let v = vocab();
        assert_eq!(v.ooads.len(), 35, "35 OOAD");
        assert_eq!(v.umaes.len(), 25, "25 UMAE");
    }

    #[test]
    fn metrics_from_units() {
        let v = vocab();
        let table = [
            (
                "Consultas de Medicina Familiar",
                Some("consultas_medicina_familiar"),
            ),
            ("de Especialidad", Some("consultas_especialidad")),
            (
                "detecciones de enfermedades crónico-degenerativas",
                Some("detecciones"),
            ),
            (
                "Estudios Auxiliares de Diagnóstico y Tratamiento",
                Some("estudios_auxiliares"),
            ),
            ("intervenciones quirúrgicas", Some("cirugias")),
            ("trasplantes de órganos", Some("trasplantes")),
            ("atenciones médicas", Some("atenciones")),
            ("servicios", Some("atenciones")),
            ("gestiones", Some("gestiones")),
            // the same services said otherwise
            ("de especialidades", Some("consultas_especialidad")),
            (
                "atenciones de Medicina Familiar",
                Some("consultas_medicina_familiar"),
            ),
            ("pruebas de detección", Some("detecciones")),
            ("pruebas de laboratorio", Some("estudios_auxiliares")),
            ("procedimientos quirúrgicos", Some("cirugias")),
            ("quirófanos", None),
            ("serviciosx", None),
        ];
        for (unit, want) in table {
            assert_eq!(
                v.metric_for_unit(unit).map(|m| m.code.as_str()),
                want,
                "{unit}"
            );
        }
    }

    #[test]
    fn entities_by_longest_name() {
        let v = vocab();
        let table = [
            ("Puebla con 15 mil 813", Some((Scope::Ooad, "PUE"))),
            (
                "Ciudad de México Norte con 13 mil 683",
                Some((Scope::Ooad, "CDMX_N")),
            ),
            (
                "Hospital de Especialidades del Centro Médico Nacional (CMN) Siglo XXI con 2 mil 753",
                Some((Scope::Umae, "HE_CMN_SXXI")),
            ),
            (
                "Hospital General del CMN La Raza con 999",
                Some((Scope::Umae, "HG_CMN_RAZA")),
            ),
            (
                "el Hospital de Traumatología y Ortopedia en Magdalena de las Salinas, Ciudad de México Norte, con 870",
                Some((Scope::Umae, "HTO_MS")),
            ),
            (
                "Hospital de Especialidades de Torreón, Coahuila con mil 56",
                Some((Scope::Umae, "HE71_TRC")),
            ),
            // "CMN" spelled out, and an alias added for the CMN La Raza
            (
                "el Centro Médico Nacional Siglo XXI con mil 958",
                Some((Scope::Umae, "HE_CMN_SXXI")),
            ),
            (
                "el Centro Médico Nacional La Raza con 2 mil",
                Some((Scope::Umae, "HE_CMN_RAZA")),
            ),
            ("Oficinas centrales", None),
        ];
        for (text, want) in table {
            let got = v.entity_in(text).map(|(s, e)| (s, e.code.as_str()));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn series_by_name() {
        let v = vocab();
        let s = v.series_in(
            "la decimocuarta Jornada Extraordinaria de Continuidad de Servicios de Salud 2023",
        );
        assert_eq!(s.map(|s| s.code.as_str()), Some("jornada_continuidad"));
        let s = v.series_in("las Jornadas Nacionales de Recuperación de Servicios");
        assert_eq!(s.map(|s| s.code.as_str()), Some("jornada_recuperacion"));
        assert!(v.series_in("la Semana Nacional de Salud Pública").is_none());
        // a series whose name does not say "jornada" is still found (the quick test for
        // the word holds only while every name has it)
        let semana = DEFAULT_TOML.replacen(
            "names = [\"Jornadas Nacionales de Recuperación de Servicios\",",
            "names = [\"Semana Nacional de Salud Pública\", \"Jornadas Nacionales de Recuperación de Servicios\",",
            1,
        );
        assert_ne!(semana, DEFAULT_TOML);
        let w = Vocabulary::parse(&semana, "t").unwrap();
        let s = w.series_in("durante la Semana Nacional de Salud Pública");
        assert_eq!(s.map(|s| s.code.as_str()), Some("jornada_recuperacion"));
        // the name at the second "jornada" of the text; a name with words before "jornada"
        let s = v.series_in("tras la jornada de ayer, la Jornada Nacional de Continuidad");
        assert_eq!(s.map(|s| s.code.as_str()), Some("jornada_continuidad"));
        let gran = DEFAULT_TOML.replacen(
            "names = [\"Jornadas Nacionales de Recuperación de Servicios\",",
            "names = [\"Gran Jornada de Salud\", \"Jornadas Nacionales de Recuperación de Servicios\",",
            1,
        );
        let g = Vocabulary::parse(&gran, "t").unwrap();
        let s = g.series_in("la Gran Jornada de Salud del IMSS");
        assert_eq!(s.map(|s| s.code.as_str()), Some("jornada_recuperacion"));
        assert!(g.series_in("una jornada de salud").is_none());
    }

    #[test]
    fn problems_are_reported() {
        let dup_code = DEFAULT_TOML.replacen("code = \"PUE\"", "code = \"JAL\"", 1);
        let err = Vocabulary::parse(&dup_code, "t").unwrap_err().to_string();
        assert!(err.contains("duplicate code \"JAL\""), "{err}");
        let dup_alias = DEFAULT_TOML.replacen(
            "aliases = [\"Lomas Verdes\"]",
            "aliases = [\"Magdalena de las Salinas\"]",
            1,
        );
        let err = Vocabulary::parse(&dup_alias, "t").unwrap_err().to_string();
        assert!(err.contains("is used by both"), "{err}");
        let typo = DEFAULT_TOML.replacen(
            "aliases = [\"Lomas Verdes\"]",
            "alias = [\"Lomas Verdes\"]",
            1,
        );
        assert!(Vocabulary::parse(&typo, "t").is_err());
        let unknown = format!("{DEFAULT_TOML}\n[[hospital]]\ncode = \"X\"\n");
        assert!(Vocabulary::parse(&unknown, "t").is_err());
    }
}
