//! The typed values of the tables' categorical columns: what a mention is
//! ([`MentionKind`]), how a fact counts ([`Modality`]) and whose it is ([`Scope`]), which
//! reconciliation ran ([`Check`]) and how it came out ([`CheckStatus`]); the reader's
//! [`Kind`](crate::figures::Kind) and [`Qualifier`](crate::figures::Qualifier) are made the
//! same way. The code compares variants, never strings; each enum is written to the tables
//! (and to JSON) as the name beside its variant, and `ALL` lists the accepted values.

/// A fieldless enum whose variants are written as the given names: `as_str`, `parse`,
/// `ALL`, `Display` and serde's `Serialize`, all from the one list.
macro_rules! categorical {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order declared: the column's accepted values.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The name the tables and JSON use.
            pub const fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value a table names, if it is one.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

categorical! {
    /// What a mention is: a figure of one of the reader's kinds, or a date.
    pub enum MentionKind {
        Cardinal = "cardinal",
        Decimal = "decimal",
        Percent = "percent",
        Ordinal = "ordinal",
        Money = "money",
        Duration = "duration",
        Age = "age",
        Date = "date",
    }
}

impl From<crate::figures::Kind> for MentionKind {
    fn from(k: crate::figures::Kind) -> Self {
        use crate::figures::Kind;
        match k {
            Kind::Cardinal => MentionKind::Cardinal,
            Kind::Decimal => MentionKind::Decimal,
            Kind::Percent => MentionKind::Percent,
            Kind::Ordinal => MentionKind::Ordinal,
            Kind::Money => MentionKind::Money,
            Kind::Duration => MentionKind::Duration,
            Kind::Age => MentionKind::Age,
        }
    }
}

categorical! {
    /// How a fact counts.
    pub enum Modality {
        /// Done in the period the text speaks of.
        Realizado = "realizado",
        /// The goal set for it.
        Meta = "meta",
        /// Done so far in the year (or since a program began).
        Acumulado = "acumulado",
    }
}

categorical! {
    /// Whose a fact is.
    pub enum Scope {
        Nacional = "nacional",
        /// One of the 35 OOAD (`entity_code` names it).
        Ooad = "ooad",
        /// One of the 25 UMAE (`entity_code` names it).
        Umae = "umae",
    }
}

categorical! {
    /// Which reconciliation a `checks` row is (SPEC §4; `cifras schema checks`).
    pub enum Check {
        /// The six services of a jornada sum to its stated total.
        ServiciosSumanTotal = "servicios_suman_total",
        /// The parts a bulletin lists sum to the whole it states.
        PartesSumanTotal = "partes_suman_total",
        /// The stated productivity is the total over the goal.
        Productividad = "productividad",
        /// A percent with its count beside it ("99 por ciento (255 casos)") is that count
        /// over the document's stated total.
        PorcentajeDeBase = "porcentaje_de_base",
        /// A ranking is in order: consecutive figures of one scope's entities do not rise.
        RankingEnOrden = "ranking_en_orden",
        /// The share of goals met ("el 58.33 por ciento de las metas") is the jornadas
        /// held over those programmed.
        JornadasDeProgramadas = "jornadas_de_programadas",
        /// Two bulletins disagree on a jornada's figure.
        JornadaDesacuerdo = "jornada_desacuerdo",
        /// One bulletin states two numbers for its jornada.
        JornadaNumero = "jornada_numero",
        /// A year's running total does not fall from one jornada to the next.
        AcumuladoNoDecrece = "acumulado_no_decrece",
    }
}

categorical! {
    /// How a check came out.
    pub enum CheckStatus {
        Ok = "ok",
        Mismatch = "mismatch",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Kind, Qualifier};

    /// Each value reads back from its name, names are unique, and serde writes the name.
    fn round_trips<T>(
        all: &[T],
        as_str: impl Fn(&T) -> &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) where
        T: PartialEq + std::fmt::Debug + serde::Serialize,
    {
        let mut names: Vec<&str> = all.iter().map(&as_str).collect();
        for v in all {
            assert_eq!(parse(as_str(v)).as_ref(), Some(v));
            assert_eq!(
                serde_json::to_string(v).unwrap(),
                format!("\"{}\"", as_str(v))
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len(), "a name is used twice");
        assert_eq!(parse("no such value"), None);
    }

    #[test]
    fn every_categorical_value_round_trips_through_its_name() {
        round_trips(MentionKind::ALL, MentionKind::as_str, MentionKind::parse);
        round_trips(Modality::ALL, Modality::as_str, Modality::parse);
        round_trips(Scope::ALL, Scope::as_str, Scope::parse);
        round_trips(Check::ALL, Check::as_str, Check::parse);
        round_trips(CheckStatus::ALL, CheckStatus::as_str, CheckStatus::parse);
        round_trips(Kind::ALL, Kind::as_str, Kind::parse);
        round_trips(Qualifier::ALL, Qualifier::as_str, Qualifier::parse);
    }

    #[test]
    fn a_figure_kind_is_the_mention_kind_of_the_same_name() {
        for k in Kind::ALL {
            assert_eq!(MentionKind::from(*k).as_str(), k.as_str());
        }
        // every mention kind but the date is a figure's
        assert_eq!(MentionKind::ALL.len(), Kind::ALL.len() + 1);
    }

    /// `cifras schema` tells each categorical column's values in its doc: the doc must
    /// name exactly the enum's values.
    #[test]
    fn the_schema_docs_name_every_accepted_value() {
        use crate::warehouse::schema::{CHECKS, FACTS, MENTIONS, Table};
        fn named_in<T: PartialEq + std::fmt::Debug + Copy>(
            t: &Table,
            column: &str,
            all: &[T],
            parse: fn(&str) -> Option<T>,
        ) {
            let c = t.columns.iter().find(|c| c.name == column).expect(column);
            let mut seen: Vec<T> = c
                .doc
                .split(|ch: char| !(ch.is_ascii_lowercase() || ch == '_'))
                .filter_map(parse)
                .collect();
            seen.dedup();
            assert_eq!(seen, all, "{}.{column}: {:?}", t.name, c.doc);
        }
        named_in(&MENTIONS, "kind", MentionKind::ALL, MentionKind::parse);
        named_in(&MENTIONS, "qualifier", Qualifier::ALL, Qualifier::parse);
        named_in(&FACTS, "qualifier", Qualifier::ALL, Qualifier::parse);
        named_in(&FACTS, "modality", Modality::ALL, Modality::parse);
        named_in(&FACTS, "scope", Scope::ALL, Scope::parse);
        named_in(&CHECKS, "check", Check::ALL, Check::parse);
        named_in(&CHECKS, "status", CheckStatus::ALL, CheckStatus::parse);
    }
}
