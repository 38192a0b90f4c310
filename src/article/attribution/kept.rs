//! The story's attributions kept from one build to the next.
//!
//! [`super::attribute`] is a story-wide pass, but before pronouns are
//! resolved a quotation's attribution reads little beyond its own
//! paragraph: its paragraph's own attributions, the body paragraph before
//! (a lead-in, or the same speaker going on), a chain of continued
//! quotations, and, for the first body paragraph, the one after. So when
//! an edit changed one paragraph, the attributions before it stand; from
//! it on they are worked out again paragraph by paragraph until three
//! paragraphs in a row come out as they were (moved by the edit), and the
//! rest are moved. Near a continued quotation or the story's first body
//! paragraph, where they reach further, the whole pass runs. Pronouns are
//! then resolved over the whole story, as always.

use super::{carried, lead_in, own, resolve_pronouns, unresolved, Attribution, Link};
use crate::article::splice::Edit;
use crate::article::{Article, Blocks, Since};
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

/// The last build's attributions before pronouns were resolved, with what
/// they were found from.
struct Last {
    text: Arc<str>,
    blocks: Blocks,
    unresolved: Vec<Option<Attribution>>,
    /// The build's [`crate::article::Lineage::stamp`].
    stamp: u64,
    /// The speakers pronouns were resolved to ([`resolve_pronouns`]).
    resolved: Vec<(usize, Arc<str>)>,
}

/// [`moved`]'s attributions, with the blocks where they may differ from
/// the last build's.
struct Moved {
    found: Vec<Option<Attribution>>,
    changed: Vec<usize>,
    /// Every block's mark counts are the last build's.
    marks_kept: bool,
    /// Every quotation's range is the last build's, moved.
    quotes_moved: bool,
}

thread_local! {
    static LAST: RefCell<Option<Last>> = const { RefCell::new(None) };
}

#[cfg(test)]
thread_local! {
    /// How many times the last attributions were moved (for tests).
    pub(super) static MOVES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `article`'s attributions: [`super::attribute`]'s, from the last
/// build's when they can be; then also the last build's stamp and the
/// blocks whose quotations' attributions may differ from its (see
/// [`crate::article::Lineage::since`]).
pub(super) fn attribute(article: &Article) -> (Vec<Option<Attribution>>, Option<Since>) {
    // Taken out, so that nothing half moved is left if a pass panics.
    let last = LAST.with(|l| l.borrow_mut().take());
    let (found, since) = match last.and_then(|mut l| {
        let resolved = std::mem::take(&mut l.resolved);
        let stamp = l.stamp;
        Some((moved(l, article)?, stamp, resolved))
    }) {
        Some((m, stamp, resolved)) => {
            #[cfg(test)]
            MOVES.with(|c| c.set(c.get() + 1));
            debug_assert!(
                m.found == unresolved(article),
                "moved attributions differ from a fresh pass"
            );
            let since = m
                .marks_kept
                .then_some((stamp, m.changed, resolved, m.quotes_moved));
            (m.found, since)
        }
        None => (unresolved(article), None),
    };
    let mut out = found.clone();
    let resolved = resolve_pronouns(article, &mut out);
    // Pronouns are resolved over the whole story: a quotation anywhere
    // may have been given another speaker. (The quotations are the last
    // build's, one for one.)
    let since = since.map(|(stamp, mut changed, was, quotes_moved)| {
        use std::cmp::Ordering;
        let (mut i, mut j) = (0, 0);
        let mut differs = |k: usize| changed.push(article.quotes[k].block);
        while i < was.len() || j < resolved.len() {
            let order = match (was.get(i), resolved.get(j)) {
                (Some(x), Some(y)) => x.0.cmp(&y.0),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            match order {
                Ordering::Less => {
                    differs(was[i].0);
                    i += 1;
                }
                Ordering::Greater => {
                    differs(resolved[j].0);
                    j += 1;
                }
                Ordering::Equal => {
                    if was[i].1 != resolved[j].1 {
                        differs(was[i].0);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        // An attribution read from another block across the edit is no
        // longer as far from its quotation's block as it was.
        // Only a quotation lede's is read forward across it, from the
        // paragraph after (a continued quotation's chain crosses no edit
        // here: see `moved`); the rest, from the edit on.
        if let Some((from, prefix, suffix)) = &article.edit {
            if from.len() != article.text.len() {
                let after = |x: usize| x >= article.text.len() - suffix;
                let lede = article
                    .body()
                    .next()
                    .map_or(0..0, |(_, b)| b.quotes.clone());
                let first = article.quotes.partition_point(|q| q.range.start < *prefix);
                for k in lede.chain(first..article.quotes.len()) {
                    let (q, a) = (&article.quotes[k], &out[k]);
                    let Some(a) = a else { continue };
                    if !matches!(a.link, Link::Sentence | Link::Adjacent | Link::Paragraph)
                        && after(a.range.start) != after(article.blocks[q.block].range.start)
                    {
                        changed.push(q.block);
                    }
                }
            }
        }
        changed.sort_unstable();
        changed.dedup();
        Since {
            from: stamp,
            changed,
            quotes_moved,
        }
    });
    LAST.with(|l| {
        *l.borrow_mut() = Some(Last {
            text: article.text.clone(),
            blocks: article.blocks.clone(),
            unresolved: found,
            stamp: article.lineage.stamp,
            resolved,
        })
    });
    (out, since)
}

/// Where offsets of the last text are in the new one.
struct Map(Edit);

impl Map {
    /// Where an attribution of the old text reads in the new (its range
    /// and its speaker's); `None` when either is inside the edit.
    #[allow(clippy::type_complexity)]
    #[inline]
    fn places(&self, a: &Attribution) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let speaker = match &a.speaker_range {
            Some(r) => Some(self.0.moved_range(r)?),
            None => None,
        };
        Some((self.0.moved_range(&a.range)?, speaker))
    }

    /// Is `is` (of the new text) `was` (of the old) moved?
    fn same(&self, was: &Attribution, is: &Attribution) -> bool {
        // Every field named, so that one added cannot be left out.
        let Attribution {
            range: _,
            verb,
            loaded,
            speaker,
            speaker_range: _,
            link,
        } = was;
        self.places(was)
            .is_some_and(|(r, s)| r == is.range && s == is.speaker_range)
            && *verb == is.verb
            && *loaded == is.loaded
            && *speaker == is.speaker
            && *link == is.link
    }
}

/// `last`'s attributions (before pronouns) made over for `article`, when
/// the edit between them changed one block's facts and no block's role
/// or number of quotations; `None` otherwise.
fn moved(mut last: Last, article: &Article) -> Option<Moved> {
    let (from, prefix, suffix) = article.edit.as_ref()?;
    let blocks = &article.blocks;
    if !Arc::ptr_eq(from, &last.text)
        || blocks.len() != last.blocks.len()
        || article.quotes.len() != last.unresolved.len()
    {
        return None;
    }
    let (old_len, new_len) = (last.text.len(), article.text.len());
    if prefix + suffix > old_len.min(new_len) {
        return None;
    }
    let map = Map(Edit {
        prefix: *prefix,
        suffix: *suffix,
        old_len,
        new_len,
    });
    let mut changed = None;
    let mut marks_kept = true;
    let mut quotes_moved = true;
    for (i, (n, o)) in blocks.iter().zip(last.blocks.iter()).enumerate() {
        if n.role != o.role || n.quotes != o.quotes {
            return None;
        }
        if Arc::ptr_eq(&n.facts, &o.facts) {
            // The same text: it moves with the edit as a whole.
            if map.0.moved_range(&o.range) != Some(n.range.clone()) {
                return None;
            }
        } else if changed.replace(i).is_some() {
            return None;
        } else {
            marks_kept = n.summary.marks == o.summary.marks;
            let at = |b: &crate::article::Block, x: usize| b.range.start + x;
            quotes_moved = n.facts.quotes.quotes.len() == o.facts.quotes.quotes.len()
                && n.facts
                    .quotes
                    .quotes
                    .iter()
                    .zip(&o.facts.quotes.quotes)
                    .all(|(n_q, o_q)| {
                        [
                            (n_q.range.start, o_q.range.start),
                            (n_q.range.end, o_q.range.end),
                            (n_q.inner.start, o_q.inner.start),
                            (n_q.inner.end, o_q.inner.end),
                        ]
                        .into_iter()
                        .all(|(x, y)| {
                            // An end at the edit's start may stay or
                            // take what was written there: either way,
                            // what lies outside the edit is on the same
                            // side of it.
                            let (was, is) = (at(o, y), at(n, x));
                            map.0.moved(was) == Some(is)
                                || was == *prefix && is == new_len - *suffix
                        })
                    });
        }
    }
    // The edited block, and those whose attributions came out otherwise.
    let mut differ: Vec<usize> = changed.into_iter().collect();
    let pre = &mut last.unresolved;
    // Blocks before the edited one read nothing of it, nor anything after
    // it; from quotation `to` on, they are as they were, moved.
    let to = match changed {
        // An edit between blocks: a continued quotation's chain reads
        // across it when the block before it ends inside a quotation.
        None if blocks[..blocks.partition_point(|b| b.range.end <= *prefix)]
            .last()
            .is_some_and(|b| b.summary.ends_open) =>
        {
            return None
        }
        None => 0,
        Some(i) => {
            // The first body paragraph reads up to three blocks on; a
            // continued quotation reads any way along its chain. A chain
            // links a block that ends inside a quotation to a body block
            // up to three on: with none ending so from three before the
            // edited block to the last worked out again (here and below,
            // the same facts as the last build's but for the edited
            // block's), no chain reaches those blocks, in either build.
            let first_body = article.body().next().map(|(j, _)| j)?;
            if i <= first_body + 3
                || blocks[i.saturating_sub(3)..=i]
                    .iter()
                    .any(|b| b.summary.ends_open)
            {
                return None;
            }
            let mut same = 0;
            let mut j = i;
            // Block `j` reads the facts and attributions of the three
            // blocks before it at most.
            while j < blocks.len() && !(j > i + 3 && same >= 3) {
                if blocks[j].summary.ends_open {
                    return None;
                }
                if redo(article, j, first_body, pre, &map) {
                    differ.push(j);
                    same = 0;
                } else {
                    same += 1;
                }
                j += 1;
            }
            blocks[j - 1].quotes.end
        }
    };
    if old_len != new_len {
        for a in pre[to..].iter_mut().flatten() {
            (a.range, a.speaker_range) = map.places(a)?;
        }
    }
    Some(Moved {
        found: last.unresolved,
        changed: differ,
        marks_kept,
        quotes_moved,
    })
}

/// Work block `j`'s attributions out again in `pre` (the blocks' before
/// are this build's, the rest the last build's), with no continued
/// quotation reaching it; `true` when any differs from the last, moved.
fn redo(
    article: &Article,
    j: usize,
    first_body: usize,
    pre: &mut [Option<Attribution>],
    map: &Map,
) -> bool {
    let b = &article.blocks[j];
    let quotes = b.quotes.clone();
    let outer = |k: &usize| article.quotes[*k].depth == 0;
    let first = quotes.clone().find(outer);
    let own = own(article, j);
    let mut changed = false;
    for (k, a) in quotes.clone().zip(own.iter()) {
        let mut a = a.clone().map(|a| a.shifted(b.range.start, true));
        if a.is_none() {
            a = lead_in(article, k, first);
        }
        if a.is_none() {
            a = carried(article, k, first, Some(first_body), |p| {
                let q = article.blocks[p].quotes.clone();
                q.rev().find(outer).and_then(|x| pre[x].clone())
            });
        }
        changed |= match (&pre[k], &a) {
            (None, None) => false,
            (Some(was), Some(is)) => !map.same(was, is),
            _ => true,
        };
        pre[k] = a;
    }
    changed
}

#[cfg(test)]
mod tests {
    use crate::article::attribution::Link;
    use crate::article::{Article, FactCache};
    use crate::stylebook::StyleBook;
    use std::sync::Arc;

    /// A story with every way a quotation gets its speaker from beyond its
    /// sentence: lead-ins, the same speaker going on, continued
    /// quotations, pronouns, subjects and a quotation lede.
    fn story() -> String {
        let mut s = String::from(
            "# Grain talks resume\n\nBy Anna Reyes\n\n\
             KYIV, Ukraine (AP) — “We cannot wait for another harvest to rot in the port \
             while the world watches and does nothing.”\n\n\
             Olena Melnyk, a farmer, said it on Monday as the talks resumed.\n\n",
        );
        let paragraphs = [
            "“We will wait for the ships to come back,” Olena Melnyk said. She left early.",
            "“The port is open again and the grain is moving at last.”",
            "## The harvest",
            "“We have not seen a harvest like this in years, and we will not again.”",
            "“Nobody in the village remembers a summer this long and this dry.”",
            "“The buyers came back in the spring and paid what they owed us.”",
            "Melnyk told reporters:",
            "## Prices",
            "## Markets",
            "“The port is open again and the grain is moving.”",
            "Kovalenko called the plan “a very difficult decision for the farmers.”",
            "“It is not over,” he said. “We go on.”",
            "“Prices rose again this week and nobody knows when they will fall",
            "“and the farmers are the ones who pay for it,” Ivan Bondar said.",
            "The ministry said prices rose. Farmers disagreed.",
            "“They said it would be fine, and it was not fine for anyone here,” she said.",
            "Andriy Shevchenko, a trader, says prices rose.",
        ];
        for k in 0..3 {
            for (i, p) in paragraphs.iter().enumerate() {
                // One continued quotation: they are rare, and the pass
                // runs whole near one.
                let continued = p.ends_with("fall") || p.starts_with("“and");
                if (i + k) % 9 != 8 && (!continued || k == 0) {
                    s.push_str(p);
                    s.push_str("\n\n");
                }
            }
        }
        s.push_str("Anna Reyes reported from Kyiv.\n");
        s
    }

    /// What the random edits below write.
    const SNIPPETS: [&str; 18] = [
        "a",
        "e",
        " ",
        "said",
        "told",
        "claimed",
        "he",
        "she",
        "Peskov",
        "Olena Melnyk",
        "“",
        "”",
        "\"",
        ":",
        ",",
        ".",
        "\n\n",
        "",
    ];

    /// Attributions kept from the last build and worked out again near
    /// the edit are those of a fresh parse, over random edits that write
    /// and break lead-ins, continued quotations, names and pronouns.
    #[test]
    fn kept_attributions_are_a_fresh_parse() {
        let book = StyleBook::builtin().unwrap();
        let mut text = story();
        let links: Vec<Link> = Article::parse(&text, &book)
            .quotes
            .iter()
            .filter_map(|q| Some(q.attribution.as_ref()?.link))
            .collect();
        for link in [
            Link::LeadIn,
            Link::Continuation,
            Link::SameSpeaker,
            Link::Following,
        ] {
            assert!(links.contains(&link), "the story has no {link:?}");
        }
        let mut cache = FactCache::default();
        let _ = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let mut rng = crate::checks::testing::Rng::new(31337);
        let snippets = SNIPPETS;
        let before = super::MOVES.with(|c| c.get());
        let steps = 800;
        for step in 0..steps {
            // Back to the story now and then, before the edits have left
            // a quotation open in every paragraph.
            if step % 25 == 0 {
                text = story();
            }
            rng.edit(&mut text, &snippets, 3, 8);
            let kept = Article::build(Arc::from(text.as_str()), &book, &mut cache);
            // Parsed on a thread of its own, which keeps no last build.
            let fresh =
                std::thread::scope(|s| s.spawn(|| Article::parse(&text, &book)).join().unwrap());
            let found = |a: &Article| -> Vec<_> {
                a.quotes
                    .iter()
                    .map(|q| (q.range.clone(), q.attribution.clone()))
                    .collect()
            };
            assert_eq!(found(&kept), found(&fresh), "step {step}: {text:?}");
        }
        let moves = super::MOVES.with(|c| c.get()) - before;
        assert!(
            moves > steps / 3,
            "only {moves} builds moved the attributions"
        );
    }

    /// What [`crate::article::Since`] says of the blocks it does not list:
    /// their quotations' attributions, relative to the block, and their
    /// mark counts are `last`'s.
    fn assert_since_holds(last: &Article, kept: &Article, what: &str) {
        let since = kept.lineage.since.as_ref().unwrap();
        assert_eq!(since.from, last.lineage.stamp);
        let relative = |a: &Article, k: usize| {
            let q = &a.quotes[k];
            let start = a.blocks[q.block].range.start;
            let at =
                |r: &std::ops::Range<usize>| r.start.wrapping_sub(start)..r.end.wrapping_sub(start);
            let attribution = q.attribution.as_ref().map(|x| {
                (
                    at(&x.range),
                    x.verb.clone(),
                    x.loaded,
                    x.speaker.clone(),
                    x.link,
                )
            });
            (q.block, attribution, a.blocks[q.block].summary.marks)
        };
        for k in 0..kept.quotes.len() {
            if !since.changed.contains(&kept.quotes[k].block) {
                assert_eq!(relative(kept, k), relative(last, k), "{what}");
            }
        }
    }

    /// The quotes check's findings in `a`.
    fn quote_findings(a: &Article, book: &StyleBook) -> Vec<crate::finding::Finding> {
        use crate::checks::{quotes::Quotes, Check};
        let mut out = Vec::new();
        Quotes.check(a, book, &mut out);
        out
    }

    /// The quotes check's findings, kept from the last check but near the
    /// blocks a build lists as changed since the last, are those of a
    /// fresh check, over random edits of a story with every kind of
    /// attribution.
    #[test]
    fn quote_findings_kept_by_lineage_are_a_fresh_check() {
        let book = StyleBook::builtin().unwrap();
        let check = |a: &Article| quote_findings(a, &book);
        let mut text = story();
        let mut cache = FactCache::default();
        let first = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let _ = check(&first);
        let mut last = first;
        let mut rng = crate::checks::testing::Rng::new(4242);
        let (mut lineages, mut listed, mut blocks) = (0, 0, 0);
        let kept_before = crate::checks::quotes::KEPT.with(|c| c.get());
        let steps = 600;
        for step in 0..steps {
            if step % 25 == 0 {
                text = story();
            }
            rng.edit(&mut text, &SNIPPETS, 3, 8);
            let kept = Article::build(Arc::from(text.as_str()), &book, &mut cache);
            if let Some(since) = &kept.lineage.since {
                let changed = &since.changed;
                lineages += 1;
                listed += changed.len();
                blocks += kept.blocks.len();
                assert_since_holds(&last, &kept, &format!("step {step}: {text:?}"));
            }
            last = kept.clone();
            // Checked on a thread of its own, which keeps no last check.
            let fresh = std::thread::scope(|s| {
                s.spawn(|| check(&Article::parse(&text, &book)))
                    .join()
                    .unwrap()
            });
            assert_eq!(check(&kept), fresh, "step {step}: {text:?}");
        }
        assert!(
            lineages > steps / 3,
            "only {lineages} builds knew what changed since the last"
        );
        assert!(
            listed * 10 < blocks,
            "builds listed {listed} of {blocks} blocks as changed"
        );
        let kept = crate::checks::quotes::KEPT.with(|c| c.get()) - kept_before;
        assert!(
            kept > steps / 3,
            "only {kept} checks kept the last one's findings"
        );
    }

    /// A build lists as changed the blocks whose pronoun now means someone
    /// else, however far from the edit, and the block whose attribution an
    /// edit outside any block moved; the quotes check's findings kept from
    /// the last check are then a fresh check's.
    #[test]
    fn lineage_lists_far_pronouns_and_moved_attributions() {
        let book = StyleBook::builtin().unwrap();
        let check = |a: &Article| quote_findings(a, &book);
        let mut text = String::from(
            "# Talks resume\n\nBy Anna Reyes\n\n\
             KYIV, Ukraine (AP) — Officials met on Monday, officials said.\n\n",
        );
        for _ in 0..4 {
            text.push_str("Prices rose again in the port this week.\n\n");
        }
        text.push_str("“It is ‘a long wait for the farmers,” he said.\n\n");
        text.push_str("“We will wait for the ships,” Olena Melnyk said.\n\n");
        for _ in 0..12 {
            text.push_str("“We go on,” she said.\n\nThe ships came back.\n\n");
        }
        let mut cache = FactCache::default();
        let before = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let _ = check(&before);
        let last = before.blocks.len() - 2;
        assert_eq!(
            before
                .quotes
                .last()
                .unwrap()
                .attribution
                .as_ref()
                .unwrap()
                .speaker
                .as_deref(),
            Some("Olena Melnyk")
        );
        text = text.replacen("Olena Melnyk", "Olena Melnik", 1);
        let after = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let changed = &after.lineage.since.as_ref().expect("a lineage").changed;
        assert!(changed.contains(&last), "{changed:?}");
        let fresh = std::thread::scope(|s| {
            s.spawn(|| check(&Article::parse(&text, &book)))
                .join()
                .unwrap()
        });
        assert_eq!(check(&after), fresh);

        // A space in the blank line inside a continued quotation's chain
        // moves the attribution the chain reads from its end.
        let mut text = story();
        let before = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        text = text.replacen("will fall\n\n", "will fall\n \n", 1);
        let after = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        if after.lineage.since.is_some() {
            assert_since_holds(&before, &after, "a space inside a chain");
        }

        // A space in the blank line between a quotation lede and the
        // paragraph that attributes it changes no block, but moves the
        // attribution.
        let mut text = story();
        let before = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let _ = check(&before);
        let lede = before.quotes.first().unwrap().attribution.clone().unwrap();
        assert_eq!(lede.link, Link::Following);
        text = text.replacen("”\n\n", "”\n \n", 1);
        let after = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let changed = &after.lineage.since.as_ref().expect("a lineage").changed;
        assert_eq!(changed, &[after.quotes[0].block]);
        let fresh = std::thread::scope(|s| {
            s.spawn(|| check(&Article::parse(&text, &book)))
                .join()
                .unwrap()
        });
        assert_eq!(check(&after), fresh);
    }
}
