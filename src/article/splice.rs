//! Scanning a block again only near an edit.
//!
//! Typing changes one paragraph a keystroke, and its facts were worked out
//! afresh each time. Some of them come from scans that read the text left
//! to right and find hits that do not overlap, where what is found at a
//! place depends only on the text a bounded distance around it: the name
//! authority's spellings, the data rules with a bounded match, and the
//! runs of capitalized words that may be names (bounded in words rather
//! than bytes: [`crate::article::people::find_after`]). For those, the
//! hits well before an edit are the old ones, the hits well after it are
//! the old ones moved, and only a window around the edit is scanned again
//! ([`splice`]). The attribution phrases, whose speakers are looked for
//! back to the start of a clause, are scanned again between sentence ends
//! instead ([`crate::article::attribution::scan_after`]).

use crate::positions::{ceil_char_boundary, floor_char_boundary};
use std::ops::Range;

/// Where two versions of a block's text differ: the first `prefix` bytes
/// and the last `suffix` are the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub prefix: usize,
    pub suffix: usize,
    pub old_len: usize,
    pub new_len: usize,
}

/// The part of the new text scanned again, and where its end is in the
/// old text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// Hits starting before this are the old ones.
    pub from: usize,
    /// Hits starting here or later are the old ones, moved.
    pub to: usize,
    /// `to` in the old text.
    pub old_to: usize,
}

impl Edit {
    /// Where offset `x` of the old text is in the new: the same before the
    /// edit (and at its start), moved by the change in length after it;
    /// `None` inside it.
    pub fn moved(&self, x: usize) -> Option<usize> {
        if x <= self.prefix {
            Some(x)
        } else if x >= self.old_len - self.suffix {
            Some(x + self.new_len - self.old_len)
        } else {
            None
        }
    }

    /// [`Edit::moved`] of both ends of `r`.
    pub fn moved_range(&self, r: &Range<usize>) -> Option<Range<usize>> {
        Some(self.moved(r.start)?..self.moved(r.end)?)
    }

    /// The edit that makes `new` of `old`.
    pub fn between(old: &str, new: &str) -> Edit {
        let (prefix, suffix) = crate::document::changed_span(old.as_bytes(), new.as_bytes());
        // Whole characters: the bytes compared may share a lead byte.
        let prefix = floor_char_boundary(new, prefix);
        let suffix = new.len() - ceil_char_boundary(new, new.len() - suffix);
        Edit {
            prefix,
            suffix,
            old_len: old.len(),
            new_len: new.len(),
        }
    }

    /// The edit of a block at `old` in the old text, now at `new`, from
    /// the edit of the whole text (`whole`: the old and new lengths and
    /// the bytes they share at their start and end), so that the block's
    /// two texts need not be compared; `None` when the block did not keep
    /// its start and its distance from the end.
    pub fn in_block(
        whole: &Edit,
        old: &Range<usize>,
        new: &Range<usize>,
        new_text: &str,
    ) -> Option<Edit> {
        if old.start != new.start || whole.old_len - old.end != whole.new_len - new.end {
            return None;
        }
        let (old_len, new_len) = (old.len(), new.len());
        let prefix = whole
            .prefix
            .saturating_sub(new.start)
            .min(old_len)
            .min(new_len);
        let suffix = whole
            .suffix
            .saturating_sub(whole.new_len - new.end)
            .min(old_len - prefix)
            .min(new_len - prefix);
        let block = &new_text[new.clone()];
        // Whole characters, as in `between`.
        let prefix = floor_char_boundary(block, prefix);
        let suffix = new_len - ceil_char_boundary(block, new_len - suffix);
        Some(Edit {
            prefix,
            suffix,
            old_len,
            new_len,
        })
    }

    /// The window for a scan whose hits read at most `reach` bytes from
    /// their start and `behind` bytes before it, in `new`.
    pub fn window(&self, new: &str, reach: usize, behind: usize) -> Window {
        let from = floor_char_boundary(new, self.prefix.saturating_sub(reach));
        let new_end = self.new_len - self.suffix;
        let to = ceil_char_boundary(new, new_end + behind);
        Window {
            from,
            to,
            old_to: to - new_end + (self.old_len - self.suffix),
        }
    }
}

/// The hits of a scan of the new text, made from `old` (the hits of the
/// same scan of the old text, in order and not overlapping) by scanning
/// again only the `window`: `scan(pos, within, out)` pushes the hits that
/// start in `within`, the last hit before having ended at `pos`. `None`
/// when a hit, old or new, spans the window's end: the scans may not line
/// up there.
pub fn splice<H>(
    old: &[H],
    range: impl Fn(&H) -> &Range<usize>,
    moved: impl Fn(&H, Range<usize>) -> H,
    edit: &Edit,
    window: &Window,
    scan: impl FnOnce(usize, Range<usize>, &mut Vec<H>),
) -> Option<Vec<H>>
where
    H: Clone,
{
    let kept = old.partition_point(|h| range(h).start < window.from);
    let before = old.partition_point(|h| range(h).start < window.old_to);
    if old[..before]
        .last()
        .is_some_and(|h| range(h).end > window.old_to)
    {
        return None;
    }
    let mut out = Vec::with_capacity(old.len() + 2);
    out.extend_from_slice(&old[..kept]);
    let pos = out
        .last()
        .map_or(window.from, |h| range(h).end.max(window.from));
    let at = out.len();
    scan(pos, window.from..window.to, &mut out);
    if out[at..].last().is_some_and(|h| range(h).end > window.to) {
        return None;
    }
    let by = |x: usize| x + edit.new_len - edit.old_len;
    out.extend(old[before..].iter().map(|h| {
        let r = range(h);
        moved(h, by(r.start)..by(r.end))
    }));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::blocks::Shape;
    use crate::article::BlockFacts;
    use crate::StyleBook;

    /// Facts worked out from the text before an edit hold the hits a
    /// fresh scan finds, over thousands of random edits of paragraphs
    /// full of names the authority knows and words the data rules flag;
    /// and most edits are scanned again only near the edit.
    #[test]
    fn scanning_near_an_edit_finds_what_a_whole_scan_finds() {
        let lex = crate::article::people::Lexicon::for_book(&StyleBook::builtin().unwrap());
        let book = StyleBook::builtin().unwrap();
        let pieces = [
            "Volodymyr Zelensky",
            "Zelenskyy",
            "Zelensky",
            "Kiev",
            "Kyiv",
            "Kyïv",
            "Dmitry Peskov",
            "Peskov’s",
            "Kievan",
            "towards",
            "per cent",
            "very unique",
            "e-mail",
            "web site",
            "said",
            "the ",
            " ",
            " ",
            ", ",
            ". ",
            "“",
            "”",
            "-",
            "é",
            "Mr. ",
            "a",
            "Z",
            "Anna Reyes",
            "Charles de Gaulle",
            "President ",
            "said ",
            "’s ",
            "Jr.",
            "U.S. ",
            "J. ",
            "\u{a0}",
            ", who ",
            "Hutton Group",
            "The ",
            "Officials met. ",
            "“We will wait,” he said. ",
            "“Go!” Reyes shouted. ",
            "“Go,” Reyes shouted. “Adding that ",
            "“It is over,” said Anna Reyes. ",
            "Peskov, a spokesman, said: ",
            "adding that ",
            "Dr. ",
            "she said? ",
            "The minister told reporters ",
        ];
        let snippets = [
            "", " ", "K", "ev", "y", "iv", "Kiev ", "s", ".", "-", "ï", "\u{301}", "`", "x", "per",
            " cent", "wards", "to", "Zelensky", "y ", "A", "R", ", ", "’", "de ", "said", ". ",
        ];
        let mut rng = crate::checks::testing::Rng::new(2026);
        let (mut spliced, mut whole) = (0, 0);
        for _ in 0..3000 {
            let old: String = (0..rng.below(40) + 1)
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            let old_facts = BlockFacts::compute(&old, Shape::Paragraph, &book);
            let mut new = old.clone();
            let del = rng.below(5);
            let range = rng.range_in(&old, del);
            new.replace_range(range, snippets[rng.below(snippets.len())]);
            let edit = Edit::between(&old, &new);
            let fresh = BlockFacts::compute(&new, Shape::Paragraph, &book);
            let after = BlockFacts::compute_after(
                &new,
                Shape::Paragraph,
                &book,
                Some((&old, &old_facts, None)),
            );
            assert_eq!(after.authority, fresh.authority, "{old:?} -> {new:?}");
            assert_eq!(after.rule_hits, fresh.rule_hits, "{old:?} -> {new:?}");
            assert_eq!(after.names, fresh.names, "{old:?} -> {new:?}");
            match book
                .names
                .find_after(&new, &old, &old_facts.authority, &edit)
            {
                Some(a) => {
                    assert_eq!(a, fresh.authority, "{old:?} -> {new:?}");
                    spliced += 1;
                }
                None => whole += 1,
            }
            if old_facts.excluded.is_empty() {
                let names = crate::article::people::find_after(&new, &lex, &old_facts.names, &edit);
                assert_eq!(names, fresh.names, "{old:?} -> {new:?}");
            }
            if old_facts.excluded.is_empty() && fresh.excluded.is_empty() {
                if let Some(a) = crate::article::attribution::scan_after(
                    &new,
                    &fresh.quotes,
                    &book,
                    &old,
                    (&old_facts.quotes, &old_facts.attribution),
                    &edit,
                ) {
                    assert_eq!(a, fresh.attribution, "{old:?} -> {new:?}");
                }
            }
            assert_eq!(after.attribution, fresh.attribution, "{old:?} -> {new:?}");
            if let Some(h) = crate::stylebook::rules::find_hits_after(
                &book.rules,
                &new,
                &old_facts.rule_hits,
                &edit,
            ) {
                assert_eq!(h, fresh.rule_hits, "{old:?} -> {new:?}");
            }
        }
        assert!(spliced > 1000, "spliced {spliced}, whole {whole}");
        let near = crate::article::people::NEAR.with(|n| n.get());
        assert!(near > 1000, "people read near the edit {near} times");
        let cut = crate::article::attribution::CUT.with(|n| n.get());
        assert!(cut > 1000, "attributions scanned between cuts {cut} times");
    }

    /// A block's edit worked out from the whole text's is the one found
    /// by comparing the block's two texts.
    #[test]
    fn a_blocks_edit_follows_from_the_whole_texts() {
        let paras = [
            "Kyïv said “yes.”",
            "Anna Reyes left",
            "é",
            "towards 😀 home",
            "x",
        ];
        let snippets = ["", "a", "é", "😀", " ", "said "];
        let mut rng = crate::checks::testing::Rng::new(77);
        let mut found = 0;
        for _ in 0..3000 {
            let ps: Vec<&str> = (0..rng.below(4) + 1)
                .map(|_| paras[rng.below(paras.len())])
                .collect();
            let k = rng.below(ps.len());
            let old_p = ps[k].to_string();
            let mut new_p = old_p.clone();
            let del = rng.below(3);
            let range = rng.range_in(&old_p, del);
            new_p.replace_range(range, snippets[rng.below(snippets.len())]);
            let start: usize = ps[..k].iter().map(|p| p.len() + 2).sum();
            let join = |p: &str| {
                let mut v = ps.clone();
                v[k] = p;
                v.join("\n\n")
            };
            let (old, new) = (join(&old_p), join(&new_p));
            let whole = Edit::between(&old, &new);
            let Some(e) = Edit::in_block(
                &whole,
                &(start..start + old_p.len()),
                &(start..start + new_p.len()),
                &new,
            ) else {
                continue;
            };
            found += 1;
            assert_eq!(e, Edit::between(&old_p, &new_p), "{old:?} -> {new:?}");
        }
        assert!(found > 2000, "{found}");
    }

    /// A hit across the window's end stops the splice.
    #[test]
    fn a_hit_across_the_window_end_is_not_spliced() {
        let old = [0..3, 10..30];
        let edit = Edit {
            prefix: 5,
            suffix: 22,
            old_len: 32,
            new_len: 33,
        };
        let w = Window {
            from: 0,
            to: 20,
            old_to: 19,
        };
        let r = splice(
            &old,
            |h| h,
            |_, r| r,
            &edit,
            &w,
            |_, _, out: &mut Vec<Range<usize>>| out.push(0..3),
        );
        assert_eq!(r, None);
        let w = Window {
            from: 0,
            to: 9,
            old_to: 8,
        };
        let r = splice(&old, |h| h, |_, r| r, &edit, &w, |_, _, out| out.push(0..3));
        assert_eq!(r, Some(vec![0..3, 11..31]));
    }
}
