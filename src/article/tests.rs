use super::*;

fn book() -> StyleBook {
    StyleBook::builtin().unwrap()
}

fn roles(a: &Article) -> Vec<(Role, String)> {
    a.blocks
        .iter()
        .map(|b| (b.role, a.text[b.range.clone()].chars().take(30).collect()))
        .collect()
}

/// A story as a web page pastes it: a kicker, time stamps, a byline spread
/// over lines with linked names, a captioned photo, promos, a credit line,
/// tags and navigation.
const WEB_PASTED: &str = "\
## Harbor strike — explained

# Dockworkers vote to end a two-week strike at the port

UPDATED MARCH 3, 2025 · 9:12 AM ET

By

[Mara Ellison](#)

,

[Tomasz Wrona](#)

,

[Ines Carvalho](#)



Cranes stand idle at the container terminal in Gdynia, Poland, on March 1.

*Piotr Nowak/AP*

Dockworkers at the port voted Tuesday to end a strike that had stalled shipping for two weeks, union leader Adam Brzeski said.

### EUROPE

**Ferry operator cuts routes after fuel prices climb**

\"We got most of what we asked for,\" Brzeski told reporters. \"Not all of it.\"

*Mara Ellison reported from Gdynia, Poland, Tomasz Wrona from Warsaw and Ines Carvalho from Lisbon.*

- labor
- poland

READ & LISTEN

[Home](#)

[News](#)
";

#[test]
fn web_pasted_story_anatomy() {
    let a = Article::parse(WEB_PASTED, &book());
    let r = roles(&a);
    assert_eq!(r[0].0, Role::Kicker, "{r:#?}");
    assert_eq!(r[1].0, Role::Headline);
    // A time stamp in capitals is not a dek.
    assert_eq!(r[2].0, Role::Meta);
    let by = a.byline.as_ref().expect("byline");
    assert!(by.web_pasted);
    let names: Vec<&str> = by.names.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(names, vec!["Mara Ellison", "Tomasz Wrona", "Ines Carvalho"]);
    for n in &by.names {
        assert_eq!(&a.text[n.range.clone()], n.text);
    }
    let caption = a
        .blocks
        .iter()
        .find(|b| b.role == Role::Caption)
        .expect("caption");
    assert!(a.text[caption.range.clone()].starts_with("Cranes stand idle"));
    assert_eq!(a.blocks_with(Role::PhotoCredit).count(), 1);
    let body: Vec<&str> = a.body().map(|(i, _)| a.block_text(i)).collect();
    assert_eq!(body.len(), 2, "{body:#?}");
    assert!(body[0].starts_with("Dockworkers at the port"));
    let credit = a.credit.as_ref().expect("credit");
    let cn: Vec<&str> = credit.names.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(cn, vec!["Mara Ellison", "Tomasz Wrona", "Ines Carvalho"]);
    assert_eq!(a.blocks_with(Role::Tag).count(), 2);
    assert!(a.blocks_with(Role::Boilerplate).count() >= 4);
    // Promos are not body text.
    assert!(!body.iter().any(|b| b.contains("Ferry operator")));
    // The first body paragraph has no dateline.
    assert!(a.dateline.is_none());
    // Link targets are excluded.
    let hash = WEB_PASTED.find("](#)").unwrap() + 1;
    assert!(a.is_excluded(&(hash..hash + 3)));
    // Quotes in the body.
    let q: Vec<&str> = a.quotes.iter().map(|q| &a.text[q.range.clone()]).collect();
    assert_eq!(
        q,
        vec![
            "\"We got most of what we asked for,\"",
            "\"Not all of it.\""
        ]
    );
}

const WIRE: &str = "\
# Grain prices climb as frost hits the Plains

By Dana Whitfield and Oscar Lindqvist

KANSAS CITY, Mo. (AP) — Wheat futures rose Monday after a late frost, traders said.

\"It's the worst April freeze in a decade,\" said grain analyst Ruth Okafor.

Associated Press writers Lena Park and Raúl Ortega contributed to this report.
";

#[test]
fn wire_story_anatomy() {
    let a = Article::parse(WIRE, &book());
    assert_eq!(a.headline, Some(0));
    let by = a.byline.as_ref().unwrap();
    assert!(!by.web_pasted);
    let names: Vec<&str> = by.names.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(names, vec!["Dana Whitfield", "Oscar Lindqvist"]);
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(&a.text[d.city.clone()], "KANSAS CITY");
    assert_eq!(&a.text[d.region.clone().unwrap()], "Mo.");
    assert_eq!(&a.text[d.agency.clone().unwrap()], "AP");
    assert_eq!(a.text[d.dash.clone().unwrap()].trim(), "—");
    let credit = a.credit.as_ref().expect("credit");
    let cn: Vec<&str> = credit.names.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(cn, vec!["Lena Park", "Raúl Ortega"]);
}

#[test]
fn plain_text_headline_and_crlf() {
    let t = "Council delays vote on budget\r\n\r\nBy Sam Reyes\r\n\r\nHOUSTON — The council delayed its vote.\r\n\r\nSam Reyes reported from Houston.\r\n";
    let a = Article::parse(t, &book());
    assert_eq!(a.headline, Some(0));
    assert_eq!(a.byline.as_ref().unwrap().names[0].text, "Sam Reyes");
    assert_eq!(
        &a.text[a.dateline.as_ref().unwrap().city.clone()],
        "HOUSTON"
    );
    assert_eq!(a.credit.as_ref().unwrap().names[0].text, "Sam Reyes");
}

#[test]
fn front_matter_fields() {
    let t = "---\ntitle: \"Talks\"\nbyline: Ana Ruiz\nauthors:\n  - Ana Ruiz\n  - Bo Li\ntags: [a, b]\n---\n\n# Talks\n\nText.\n";
    let a = Article::parse(t, &book());
    let fm = a.front_matter.as_ref().unwrap();
    let authors: Vec<&str> = fm.get("authors").map(|f| f.value.as_str()).collect();
    assert_eq!(authors, vec!["Ana Ruiz", "Bo Li"]);
    let by = fm.get("byline").next().unwrap();
    assert_eq!(&t[by.range.clone()], "Ana Ruiz");
    let tags: Vec<&str> = fm.get("tags").map(|f| f.value.as_str()).collect();
    assert_eq!(tags, vec!["a", "b"]);
    assert_eq!(a.blocks[0].role, Role::FrontMatter);
    assert!(a.is_excluded(&(5..8)));
}

#[test]
fn sentence_opening_with_by_is_not_a_byline() {
    let t = "# Head\n\nby 2030, the city expects to double its budget.\n";
    let a = Article::parse(t, &book());
    assert!(a.byline.is_none());
}

#[test]
fn a_hyphenated_opening_is_not_a_dateline() {
    let t = "# Head\n\nWASHINGTON-based lobbyists met Monday.\n";
    let a = Article::parse(t, &book());
    assert!(a.dateline.is_none());
    let t = "# Head\n\nOfficials said: no.\n";
    assert!(Article::parse(t, &book()).dateline.is_none());
}

#[test]
fn fact_cache_recomputes_only_the_edited_block() {
    let b = book();
    let mut cache = FactCache::default();
    let one = Article::build(Arc::from(WIRE), &b, &mut cache);
    assert_eq!(cache.computed, one.blocks.len());
    let edited = WIRE.replace("traders said", "traders say");
    let two = Article::build(Arc::from(edited.as_str()), &b, &mut cache);
    assert_eq!(cache.computed, 1);
    assert_eq!(two.blocks.len(), one.blocks.len());
    // A new style book invalidates everything.
    let b2 = book();
    Article::build(Arc::from(edited.as_str()), &b2, &mut cache);
    assert_eq!(cache.computed, one.blocks.len());
}

#[test]
fn empty_and_whitespace_texts() {
    for t in ["", "\n\n", "   ", "\r\n"] {
        let a = Article::parse(t, &book());
        assert!(a.byline.is_none());
        assert!(a.quotes.is_empty());
    }
}

#[test]
fn block_at_and_role_at() {
    let a = Article::parse(WIRE, &book());
    let k = WIRE.find("KANSAS").unwrap();
    assert_eq!(a.role_at(k), Role::Body);
    assert_eq!(a.role_at(0), Role::Headline);
    assert_eq!(a.role_at(WIRE.find("Dana").unwrap()), Role::Byline);
}

#[test]
fn a_comment_on_its_own_plays_no_part_in_the_anatomy() {
    // A suppression comment above the headline, byline or dateline (as the
    // language server's "disable" actions insert it) leaves every role in
    // place.
    let plain = "Talks resume in Kyiv\n\nBy Dana Reyes\n\nKYIV, Ukraine (AP) — Talks resumed.\n";
    let commented = "<!-- copydesk-disable-file names -->\n\nTalks resume in Kyiv\n\nBy Dana Reyes\n\n<!-- copydesk-disable-next-line dateline -->\n\nKYIV, Ukraine (AP) — Talks resumed.\n";
    let a = Article::parse(plain, &book());
    let b = Article::parse(commented, &book());
    assert_eq!(
        b.role_at(commented.find("Talks resume").unwrap()),
        Role::Headline
    );
    assert_eq!(b.role_at(0), Role::Other);
    assert_eq!(
        a.byline.as_ref().map(|x| x.names.len()),
        b.byline.as_ref().map(|x| x.names.len())
    );
    assert!(b.dateline.is_some());
    assert_eq!(&commented[b.dateline.unwrap().city], "KYIV");
}

#[test]
fn dateline_without_its_dash_after_an_agency() {
    let t = "# Head\n\nNEW YORK (Reuters) The market fell.\n";
    let a = Article::parse(t, &book());
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(&a.text[d.city.clone()], "NEW YORK");
    assert!(d.dash.is_none());
    assert_eq!(&a.text[d.range.clone()], "NEW YORK (Reuters) ");
    // Without an agency, or with a parenthetical that is not one, no.
    for t in [
        "# Head\n\nNEW YORK The market fell.\n",
        "# Head\n\nMartin Luther King Jr. (1929-1968) - a life.\n",
        "# Head\n\nRep. Ana Ruiz (D-Calif.) said no.\n",
    ] {
        assert!(Article::parse(t, &book()).dateline.is_none(), "{t}");
    }
    // A date before the dash is the date, not a region.
    let t = "# Head\n\nFRANKFURT, March 9 - Shares fell.\n";
    let a = Article::parse(t, &book());
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(&a.text[d.date.clone().unwrap()], "March 9");
    assert!(d.region.is_none());
}

#[test]
fn by_a_time_is_not_a_byline_but_by_names_is() {
    for t in [
        "# Head\n\nBy Monday, officials had left.\n\nMore text here.\n",
        "# Head\n\nBy March, prices had doubled.\n\nMore text here.\n",
        "# Head\n\nBy Tuesday the council had voted.\n\nMore text here.\n",
    ] {
        assert!(Article::parse(t, &book()).byline.is_none(), "{t}");
    }
    for t in [
        "# Head\n\nBy May Lee and March Hernandez\n\nText.\n",
        "# Head\n\nBy Ana Ruiz, Associated Press Writer\n\nText.\n",
        "# Head\n\nBy Ana Ruiz; photos by Bo Li\n\nText.\n",
    ] {
        assert!(Article::parse(t, &book()).byline.is_some(), "{t}");
    }
}

/// What a build found line by line and block by block, for comparing a
/// build made from the last one with a fresh parse.
fn anatomy(a: &Article) -> String {
    let blocks: Vec<String> = a
        .blocks
        .iter()
        .map(|b| {
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                b.shape,
                b.role,
                b.range,
                b.outer,
                b.facts.quotes,
                b.facts.sentences,
                b.facts.names,
                b.facts.authority,
                b.summary
            )
        })
        .collect();
    let lines: Vec<usize> = (0..a.lines.line_count())
        .map(|l| a.lines.line_range(&a.text, l).start)
        .collect();
    format!(
        "{blocks:#?}\n{lines:?}\n{:?}\n{:?}\n{:?} {:?} {:?} {:?}\n{:?}\n{:?}",
        a.suppressions,
        a.quotes,
        a.byline,
        a.dateline,
        a.credit,
        a.headline,
        a.excluded,
        a.front_matter
    )
}

/// A build after an edit, which splits again only around the edit and
/// moves the rest, is the anatomy a fresh parse finds, edit after edit:
/// typing, deleting, new paragraphs, joined paragraphs, a heading marker,
/// a line break in a CRLF pair, and a suppression comment being written.
#[test]
fn a_build_after_an_edit_is_a_fresh_parse() {
    let book = book();
    let mut text = String::from(
        "# Talks resume\r\n\r\nBy Anna Reyes\r\n\r\nKYIV, Ukraine (AP) — Officials met, Peskov said.\r\n\r\n\
         \"We will wait,\" he said. Kovalenko agreed.\r\n\r\n- a list item\r\n\r\n\
         Second paragraph in Kiev.\r\n\r\nThird one.\r\n\r\nAnna Reyes reported from Kyiv.\r\n",
    );
    let mut cache = FactCache::default();
    let _ = Article::build(Arc::from(text.as_str()), &book, &mut cache);
    let mut rng = crate::testing::Rng::new(99);
    let snippets = [
        "a",
        "e",
        " ",
        "said",
        "\"",
        "“",
        "\n",
        "\r\n\r\n",
        "# ",
        "- ",
        "Kiev",
        "<!-- copydesk-disable names -->",
        "",
        ".",
    ];
    for step in 0..400 {
        let del = if rng.below(3) == 0 { rng.below(6) } else { 0 };
        let range = rng.range_in(&text, del);
        // The comment, once written, makes every later build a whole one.
        let ins = match snippets[rng.below(snippets.len())] {
            c if c.starts_with("<!--") && step < 350 => "x",
            c => c,
        };
        text.replace_range(range, ins);
        let kept = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        let fresh = Article::parse(&text, &book);
        assert_eq!(anatomy(&kept), anatomy(&fresh), "step {step}: {text:?}");
    }
}

/// Typing through a paragraph keeps the facts of the paragraph as it is,
/// not of every version typed through: the replaced versions' facts are
/// dropped as the edit replaces them.
#[test]
fn typing_keeps_one_version_of_the_edited_paragraph() {
    let book = book();
    let mut text = String::from(
        "# Talks resume\n\nBy Anna Reyes\n\nKYIV, Ukraine (AP) — Officials met.\n\n\
         Second paragraph in Kiev.\n\nThird one.\n",
    );
    let mut cache = FactCache::default();
    let first = Article::build(Arc::from(text.as_str()), &book, &mut cache);
    let kept = cache.current.len();
    assert_eq!(kept, first.blocks.len());
    let at = text.find(" in Kiev").unwrap();
    for (i, c) in "and the minister said".chars().enumerate() {
        text.insert(at + i, c);
        let a = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        assert_eq!(cache.current.len(), kept, "after keystroke {i}");
        assert_eq!(anatomy(&a), anatomy(&Article::parse(&text, &book)));
    }
}

/// A block's summary says what its facts hold: the passes that skip a
/// block on its summary skip only blocks with nothing for them.
#[test]
fn a_summary_says_what_the_facts_hold() {
    let book = book();
    let a = Article::parse(
        "# Talks in Kiev\n\nBy Anna Reyes\n\nKYIV, Ukraine (AP) — Officials met.\n\n\
         \"We wait,\" he said. It's ‘fine’.\n\nNothing to see here.\n",
        &book,
    );
    let s: Vec<Summary> = a.blocks.iter().map(|b| b.summary).collect();
    assert!(s[0].misspelled, "Kiev is not the house spelling");
    assert!(!s[2].misspelled, "Kyiv is");
    assert!(s[3].quoting && !s[4].quoting);
    // Two straight marks and a straight apostrophe; two curly marks.
    assert_eq!(s[3].marks, (3, 2));
    assert!(s[2].look.dateline_like && !s[4].look.dateline_like);
    for b in &a.blocks {
        assert_eq!(b.summary, b.facts.summary);
    }
}

/// A document edited as a client edits it (several edits a version),
/// built with the facts kept from its last version, is the anatomy a fresh
/// parse finds.
#[test]
fn a_build_of_an_edited_document_is_a_fresh_parse() {
    use crate::document::Document;
    use crate::positions::{Encoding, LineCol};
    let book = book();
    let mut text = String::from(
        "# Talks resume\n\nBy Anna Reyes\n\nKYIV, Ukraine (AP) — Officials met, Peskov said.\n\n\
         \"We will wait,\" he said. Kovalenko agreed.\n\nSecond paragraph in Kiev — ✓.\n\n\
         Third one.\n\nAnna Reyes reported from Kyiv.\n",
    );
    let lc = |t: &str, at: usize| LineCol {
        line: t[..at].matches('\n').count() as u32,
        col: (at - t[..at].rfind('\n').map_or(0, |i| i + 1)) as u32,
    };
    let mut doc = Document::new(&text, 1);
    let mut cache = FactCache::default();
    let _ = Article::build(doc.text(), &book, &mut cache);
    let mut rng = crate::testing::Rng::new(5);
    let snippets = ["a", "é", " ", "said", "\"", "\n", "\n\n", "Kiev", "", "."];
    for step in 0..300 {
        for _ in 0..1 + rng.below(3) {
            let del = if rng.below(3) == 0 { rng.below(6) } else { 0 };
            let range = rng.range_in(&text, del);
            let ins = snippets[rng.below(snippets.len())];
            let (a, b) = (lc(&text, range.start), lc(&text, range.end));
            doc.apply(Some((a, b)), ins, Encoding::Utf8);
            text.replace_range(range, ins);
        }
        let t = doc.text();
        assert_eq!(*t, text, "step {step}");
        let kept = Article::build(t, &book, &mut cache);
        assert_eq!(
            anatomy(&kept),
            anatomy(&Article::parse(&text, &book)),
            "step {step}: {text:?}"
        );
    }
}

#[test]
fn credit_lines_are_seen_in_any_case() {
    assert!(has_ascii_ci("x REPORTED from", "report", 2));
    assert!(has_ascii_ci("ConTributed", "contributed", 6));
    assert!(!has_ascii_ci("bb contri", "contributed", 6));
    assert!(!has_ascii_ci("port", "report", 2));
    for (t, credit) in [
        ("*Ana Ruiz REPORTED FROM Kyiv.*", true),
        ("Ana Ruiz contributed.", true),
        ("Additional Reporting by Ana Ruiz", true),
        ("The port reopened — a report.", false),
    ] {
        assert_eq!(Look::of(t).credit_line, credit, "{t}");
    }
}
