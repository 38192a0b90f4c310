//! Checking speed: a cold check of a story (what `copydesk check` does per
//! file) and a warm re-check after a one-character edit (what the language
//! server does per keystroke, reusing the per-paragraph facts).

use copydesk::article::{Article, FactCache};
use copydesk::{checks, StyleBook};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::sync::Arc;

/// A story of about `words` words in AP wire form, with quotes, names and
/// a few errors, written here so the benchmark needs no fixture.
pub fn story(words: usize) -> String {
    let paragraphs = [
        "Officials in Kiev said the talks would resume Wednesday, according to a statement from the foreign ministry, which gave no further details about the schedule or the delegations.",
        "\"We are ready to continue, but not at any price,\" President Volodymyr Zelenskyy said in his nightly address, adding that the country's partners had been told of every step.",
        "Kremlin spokesman Dmitry Peskov told reporters that Moscow saw \"no reason\" to change its position, and that the next round would depend on what the other side brought to the table.",
        "Farmers in the Odesa region said grain prices had begun to move towards prewar levels. \"We lost two harvests,\" said Oksana Melnyk, a trader in the port city. \"We will not lose a third.\"",
        "The talks, the first since the autumn, came as both sides reported heavy shelling along the front line in the east, where villages have changed hands several times this year.",
    ];
    let mut s = String::from("# Talks resume as shelling continues in the east\n\nBy Marta Hrytsenko and Daniel Okafor\n\nKYIV, Ukraine (AP) — Ukrainian and Russian negotiators met again on Tuesday.\n\n");
    let mut n = 0;
    let mut i = 0;
    while n < words {
        let p = paragraphs[i % paragraphs.len()];
        s.push_str(p);
        s.push_str("\n\n");
        n += p.split_whitespace().count();
        i += 1;
    }
    s.push_str("Marta Hrytsenko reported from Kyiv and Daniel Okafor from Istanbul.\n");
    s
}

fn bench(c: &mut Criterion) {
    let book = StyleBook::builtin().unwrap();
    for words in [2_000usize, 10_000, 100_000] {
        let text = story(words);
        c.bench_function(&format!("cold check, {words} words"), |b| {
            b.iter(|| {
                let a = Article::parse(black_box(&text), &book);
                black_box(checks::run(&a, &book))
            })
        });
        // Warm: type one character into a paragraph in the middle.
        let mid = text.len() / 2;
        let at = text[mid..].find(". ").map(|p| mid + p).unwrap_or(mid);
        let mut cache = FactCache::default();
        let _ = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let mut flip = false;
        c.bench_function(&format!("re-check after a keystroke, {words} words"), |b| {
            b.iter(|| {
                flip = !flip;
                let mut edited = text.clone();
                edited.insert(at, if flip { 'x' } else { 'y' });
                // The edited paragraph's facts are worked out afresh each
                // time (the cache keeps the last two versions' facts).
                let a = Article::build(Arc::from(edited.as_str()), &book, &mut cache);
                black_box(checks::run(&a, &book))
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
