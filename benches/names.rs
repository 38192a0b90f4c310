//! The name checks at scale: a 2,000-word story checked with the shipped
//! packs and with a synthetic 100,000-name pack added, and the time to
//! build the authority from that pack.
//!
//! `cargo bench --bench names -- --warm-up-time 1 --measurement-time 3`

use copydesk::checks::check_text;
use copydesk::stylebook::names::{NameAuthority, NameEntry, NameKind, Pack, PackInfo};
use copydesk::stylebook::{embedded_files, StyleBook};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::sync::Arc;

const FIRST: &[&str] = &[
    "Maria", "Oleksii", "James", "Amara", "Tomasz", "Lucia", "Kenji", "Fatima", "Noah", "Ines",
];
const LAST: &[&str] = &[
    "Ellison",
    "Hrytsenko",
    "Baker",
    "Okafor",
    "Wrona",
    "Ferreira",
    "Tanaka",
    "Haddad",
    "Lindqvist",
    "Moreau",
];

/// A story of about 2,000 words: headline, byline, dateline, body
/// paragraphs naming people (some misspelled once), quotes, a credit line.
fn story() -> String {
    let mut s = String::from(
        "# Talks on grain exports resume in Kyiv\n\nBy Maria Ellison and Tomasz Wrona\n\n",
    );
    s.push_str(
        "KYIV, Ukraine (AP) — Negotiators met on Monday to restart talks on grain shipments.\n\n",
    );
    let mut words = 20;
    let mut i = 0;
    while words < 2000 {
        let (f, l) = (FIRST[i % FIRST.len()], LAST[(i * 3) % LAST.len()]);
        let para = match i % 5 {
            0 => format!(
                "{f} {l}, an adviser to President Volodymyr Zelenskyy, said the talks in Kyiv would go on through the week and that officials expected progress on the corridor."
            ),
            1 => format!(
                "“We are closer than we were a month ago,” {l} said. “But nobody should expect a deal before the ministers meet in Brussels.”"
            ),
            2 => format!(
                "Officials in Moscow did not comment. Kremlin spokesman Dmitry Peskov said on Tuesday that Vladimir Putin had been briefed, and {l}'s office said a reply was due."
            ),
            3 => "Shipping rates fell after the announcement, and insurers said they would review premiums for vessels calling at ports on the Black Sea, according to brokers.".to_string(),
            _ => format!(
                "Analysts said the agreement could add millions of tons to world supply. {l} told reporters that inspections would continue at the ports."
            ),
        };
        words += para.split_whitespace().count();
        s.push_str(&para);
        s.push_str("\n\n");
        i += 1;
    }
    // One slip, so the consistency pass has something to find.
    s.push_str("Elison said the next round would start on Friday.\n\n");
    s.push_str("Maria Ellison reported from Kyiv and Tomasz Wrona from Warsaw.\n");
    s
}

fn shipped_packs() -> Vec<Pack> {
    embedded_files()
        .iter()
        .filter(|(p, _)| p.starts_with("names/"))
        .map(|(p, t)| Pack::parse(p, t).expect("shipped pack"))
        .collect()
}

fn synthetic_pack(n: usize) -> Pack {
    // Deterministic pseudo-names from syllables.
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ran", "tes", "vu", "zor", "bel", "din", "gra", "hol", "jen", "pos",
        "qui", "sta", "wel", "yan", "fer", "nik", "dor",
    ];
    let word = |mut x: usize, len: usize| {
        let mut w = String::new();
        for _ in 0..len {
            w.push_str(SYL[x % SYL.len()]);
            x /= SYL.len();
        }
        let mut c = w.chars();
        let first = c
            .next()
            .map(|f| f.to_uppercase().collect::<String>())
            .unwrap_or_default();
        first + c.as_str()
    };
    let names = (0..n)
        .map(|i| {
            let first = word(i.wrapping_mul(7919) + 3, 2);
            let last = word(i, 4);
            NameEntry {
                canonical: format!("{first} {last}"),
                kind: NameKind::Person,
                variants: vec![format!("{first} {last}s"), format!("{first}a {last}")],
                note: format!("Synthetic person {i}"),
                // A public-figures pack: staff lists are small and come
                // from the newsroom's own file.
                staff: false,
                pack: String::new(),
            }
        })
        .collect();
    Pack {
        pack: PackInfo {
            id: "synthetic".into(),
            ..Default::default()
        },
        names,
    }
}

fn bench(c: &mut Criterion) {
    let text = story();
    let shipped = StyleBook::builtin().expect("built-in style book");
    let mut packs = shipped_packs();
    packs.push(synthetic_pack(100_000));
    let mut big = shipped.clone();
    let t = std::time::Instant::now();
    big.names = Arc::new(NameAuthority::from_packs(packs.clone()));
    eprintln!(
        "story: {} words; authority with 100,000 more entries built in {:.0} ms ({} entries)",
        text.split_whitespace().count(),
        t.elapsed().as_secs_f64() * 1e3,
        big.names.len()
    );
    let found = check_text(&text, &shipped);
    assert!(
        found.iter().any(|f| f.rule == "names.consistency"),
        "the slip is found"
    );

    let mut g = c.benchmark_group("names");
    g.bench_function("check 2000 words, shipped packs", |b| {
        b.iter(|| check_text(black_box(&text), &shipped))
    });
    g.bench_function("check 2000 words, shipped + 100000 names", |b| {
        b.iter(|| check_text(black_box(&text), &big))
    });
    g.sample_size(10);
    g.bench_function("build authority, shipped + 100000 names", |b| {
        b.iter(|| NameAuthority::from_packs(black_box(packs.clone())))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
