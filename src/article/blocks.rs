//! Splitting a text into blocks: the Markdown (or plain-text) paragraphs,
//! headings, list items, fenced code and front matter that the anatomy is
//! built from. This pass looks at lines only; it is cheap and runs on every
//! version of a document.

use std::ops::Range;

/// The shape of a block, as its lines show it (before the anatomy decides
/// what role it plays in the story).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// YAML between `---` lines at the very start.
    FrontMatter,
    /// `# Heading` (level 1 to 6) or a setext heading.
    Heading(u8),
    /// A list item (`- `, `* `, `+ `, `1. `).
    ListItem,
    /// A fenced code block.
    Code,
    /// A thematic break (`---`, `***`).
    Rule,
    /// A run of text lines.
    Paragraph,
}

/// One block: `range` covers its content (markers such as `## ` or `- `
/// left out, trailing line break left out); `outer` covers its whole lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawBlock {
    pub shape: Shape,
    pub range: Range<usize>,
    pub outer: Range<usize>,
}

/// Lines of `text` as (start, end-of-content, end-including-break).
fn lines(text: &str) -> Lines<'_> {
    Lines { text, pos: 0 }
}

/// The iterator of [`lines`].
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Lines<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<(usize, usize, usize)> {
        let bytes = self.text.as_bytes();
        let pos = &mut self.pos;
        if *pos >= bytes.len() {
            return None;
        }
        let start = *pos;
        let mut i =
            memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |p| start + p);
        let content_end = i;
        if i < bytes.len() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 2;
            } else {
                i += 1;
            }
        }
        *pos = i;
        Some((start, content_end, i))
    }
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn heading_level(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &trimmed[hashes..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let skip = rest.len() - rest.trim_start().len();
    Some((hashes as u8, indent + hashes + skip))
}

fn list_marker(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    let b = trimmed.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && (b[1] == b' ' || b[1] == b'\t') {
        // `* *emphasis*` is a list item too; `**bold**` is not (no space).
        return Some(indent + 2);
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && b.len() > digits + 1
        && matches!(b[digits], b'.' | b')')
        && b[digits + 1] == b' '
    {
        return Some(indent + digits + 2);
    }
    None
}

fn is_thematic_break(line: &str) -> bool {
    let mut marks = line.bytes().filter(|b| !b.is_ascii_whitespace());
    let Some(first) = marks.next() else {
        return false;
    };
    if !matches!(first, b'-' | b'*' | b'_') {
        return false;
    }
    let mut count = 1;
    for b in marks {
        if b != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}
fn fence(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// Split `text` into blocks.
pub fn split(text: &str) -> Vec<RawBlock> {
    let all: Vec<(usize, usize, usize)> = lines(text).collect();
    split_lines(text, &all, true)
}

/// Blocks of the lines `all` of `text` (each `(start, content end, end)`,
/// in order); `front_matter` when `all` starts the text.
fn split_lines(text: &str, all: &[(usize, usize, usize)], front_matter: bool) -> Vec<RawBlock> {
    let mut blocks = Vec::with_capacity(all.len() / 2 + 1);
    let mut i = 0usize;

    // Front matter: `---` on the first line (after an optional BOM), closed
    // by `---` or `...`.
    if let Some(&(s, e, _)) = all.first().filter(|_| front_matter) {
        let first = text[s..e].trim_start_matches('\u{feff}');
        if first.trim_end() == "---" {
            if let Some(close) = all
                .iter()
                .skip(1)
                .position(|&(s, e, _)| matches!(text[s..e].trim_end(), "---" | "..."))
            {
                let close = close + 1;
                let inner_start = all[0].2;
                let inner_end = all[close].0;
                blocks.push(RawBlock {
                    shape: Shape::FrontMatter,
                    range: inner_start..inner_end,
                    outer: s..all[close].2,
                });
                i = close + 1;
            }
        }
    }

    let mut para: Option<(usize, usize, usize)> = None; // (start, content end, outer end)
    let flush = |para: &mut Option<(usize, usize, usize)>, blocks: &mut Vec<RawBlock>| {
        if let Some((s, e, o)) = para.take() {
            blocks.push(RawBlock {
                shape: Shape::Paragraph,
                range: s..e,
                outer: s..o,
            });
        }
    };

    while i < all.len() {
        let (s, e, o) = all[i];
        let line = &text[s..e];
        if is_blank(line) {
            flush(&mut para, &mut blocks);
            i += 1;
            continue;
        }
        if let Some(marker) = fence(line) {
            flush(&mut para, &mut blocks);
            let mut j = i + 1;
            while j < all.len() {
                let (s2, e2, _) = all[j];
                if text[s2..e2].trim_start().starts_with(marker) {
                    break;
                }
                j += 1;
            }
            let last = j.min(all.len() - 1);
            blocks.push(RawBlock {
                shape: Shape::Code,
                range: s..all[last].1,
                outer: s..all[last].2,
            });
            i = last + 1;
            continue;
        }
        if let Some((level, skip)) = heading_level(line) {
            flush(&mut para, &mut blocks);
            let content = line[skip..].trim_end();
            let content = content.trim_end_matches('#').trim_end();
            let start = s + skip.min(line.len());
            blocks.push(RawBlock {
                shape: Shape::Heading(level),
                range: start..start + content.len(),
                outer: s..o,
            });
            i += 1;
            continue;
        }
        // Setext heading: a paragraph line followed by === or ---.
        if let Some((s0, e0, _)) = para {
            let t = line.trim();
            if !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-')) {
                let level = if t.starts_with('=') { 1 } else { 2 };
                para = None;
                blocks.push(RawBlock {
                    shape: Shape::Heading(level),
                    range: s0..e0,
                    outer: s0..o,
                });
                i += 1;
                continue;
            }
        }
        if is_thematic_break(line) {
            flush(&mut para, &mut blocks);
            blocks.push(RawBlock {
                shape: Shape::Rule,
                range: s..e,
                outer: s..o,
            });
            i += 1;
            continue;
        }
        if let Some(skip) = list_marker(line) {
            flush(&mut para, &mut blocks);
            let mut j = i + 1;
            let mut end = (e, o);
            while j < all.len() {
                let (s2, e2, o2) = all[j];
                let l2 = &text[s2..e2];
                if is_blank(l2)
                    || list_marker(l2).is_some()
                    || heading_level(l2).is_some()
                    || fence(l2).is_some()
                {
                    break;
                }
                end = (e2, o2);
                j += 1;
            }
            blocks.push(RawBlock {
                shape: Shape::ListItem,
                range: s + skip..end.0,
                outer: s..end.1,
            });
            i = j;
            continue;
        }
        match &mut para {
            Some(p) => {
                p.1 = e;
                p.2 = o;
            }
            None => para = Some((s, e, o)),
        }
        i += 1;
    }
    flush(&mut para, &mut blocks);
    // Trim trailing spaces from each block's content.
    for b in &mut blocks {
        let content = &text[b.range.clone()];
        let trimmed = content.trim_end();
        b.range.end = b.range.start + trimmed.len();
        let lead = trimmed.len() - trimmed.trim_start().len();
        if b.shape != Shape::Code && b.shape != Shape::FrontMatter {
            b.range.start += lead;
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<(Shape, &str)> {
        split(text)
            .into_iter()
            .map(|b| (b.shape, &text[b.range]))
            .collect()
    }

    #[test]
    fn paragraphs_headings_lists() {
        let t = "# Head line\n\nBy A and B\n\nFirst para\ncontinues.\n\n- tag one\n- tag two\n";
        assert_eq!(
            shapes(t),
            vec![
                (Shape::Heading(1), "Head line"),
                (Shape::Paragraph, "By A and B"),
                (Shape::Paragraph, "First para\ncontinues."),
                (Shape::ListItem, "tag one"),
                (Shape::ListItem, "tag two"),
            ]
        );
    }

    #[test]
    fn front_matter_and_code() {
        let t = "---\nbyline: A\n---\nText\n\n```\ncode \"x\n```\nMore";
        let s = shapes(t);
        assert_eq!(s[0], (Shape::FrontMatter, "byline: A"));
        assert_eq!(s[1], (Shape::Paragraph, "Text"));
        assert_eq!(s[2].0, Shape::Code);
        assert_eq!(s[3], (Shape::Paragraph, "More"));
    }

    #[test]
    fn crlf_lines() {
        let t = "# H\r\n\r\nOne\r\ntwo\r\n\r\nThree\r\n";
        assert_eq!(
            shapes(t),
            vec![
                (Shape::Heading(1), "H"),
                (Shape::Paragraph, "One\r\ntwo"),
                (Shape::Paragraph, "Three"),
            ]
        );
    }

    #[test]
    fn setext_and_rule() {
        let t = "Title\n=====\n\n---\n\ntext";
        let s = shapes(t);
        assert_eq!(s[0], (Shape::Heading(1), "Title"));
        assert_eq!(s[1].0, Shape::Rule);
        assert_eq!(s[2], (Shape::Paragraph, "text"));
    }

    #[test]
    fn bold_paragraph_is_not_a_list_item() {
        let t = "**Bold promo**\n\n* item";
        let s = shapes(t);
        assert_eq!(s[0], (Shape::Paragraph, "**Bold promo**"));
        assert_eq!(s[1], (Shape::ListItem, "item"));
    }

    /// Splitting again around an edit gives what splitting the whole new
    /// text gives, for many random edits of a text with every shape.
    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let t = "a\n\n```\nx\ny";
        let s = shapes(t);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].0, Shape::Code);
    }
}
