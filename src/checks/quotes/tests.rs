//! Tests of the `quotes.*` rules, on small stories written for them.

use super::*;
use crate::checks::check_text;
use crate::finding::apply_edits;

fn book() -> StyleBook {
    StyleBook::builtin().unwrap()
}

/// The findings of `rule` on `text`, as (flagged text, fix text).
fn found(text: &str, rule: &str) -> Vec<(String, Option<String>)> {
    check_text(text, &book())
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let fix = f.fixes.first().map(|x| apply_edits(text, &x.edits).0);
            (text[f.range.clone()].to_string(), fix)
        })
        .collect()
}

fn rules_of(text: &str) -> Vec<String> {
    check_text(text, &book())
        .into_iter()
        .filter(|f| {
            f.rule.starts_with("quotes.")
                && matches!(f.severity, Severity::Error | Severity::Warning)
        })
        .map(|f| format!("{} {}", f.rule, &text[f.range.clone()]))
        .collect()
}

#[test]
fn every_example_raises_its_rule_and_its_fix_does_not() {
    let b = book();
    for r in RULES {
        for e in r.examples {
            let bad = check_text(e.bad, &b);
            assert!(
                bad.iter().any(|f| f.rule == r.id),
                "{}: bad example not flagged: {:?}",
                r.id,
                bad
            );
            let good = check_text(e.good, &b);
            assert!(
                !good.iter().any(|f| f.rule == r.id),
                "{}: good example flagged: {:?}",
                r.id,
                good
            );
        }
    }
}

const CLEAN: &str = "# Port strike ends after two weeks\n\nBy Mara Ellison\n\nGDYNIA, Poland (AP) — Dockworkers voted Tuesday to end a strike that had stalled shipping for two weeks, union leader Adam Brzeski said.\n\n\"We got most of what we asked for,\" Brzeski told reporters. \"Not all of it. The port’s owners know we will be back if they break their word.\"\n\nThe port’s operator called the deal \"a fair compromise\" and said ships would dock again on Thursday. Its chief executive, Ewa Nowak, said: \"We lost money every day, and so did the workers.\"\n\nNowak said the company’s ’90s-era cranes would be replaced. Asked whether rock ’n’ roll had been played on the picket line, she laughed.\n\nBrzeski said the union would publish the text of the agreement in the workers’ newsletter. He added:\n\n\"Nobody should think this was easy. We stood on the docks in the rain for fourteen days,\n\n\"and every one of us would do it again.\"\n\nMara Ellison reported from Gdynia.\n";

/// `text` with its straight double marks made typographic (a mark after a
/// space or line start opens).
fn curly(text: &str) -> String {
    let mut out = String::new();
    let mut prev = '\n';
    for c in text.chars() {
        out.push(match c {
            '"' if prev.is_whitespace() => '“',
            '"' => '”',
            _ => c,
        });
        prev = c;
    }
    out
}

#[test]
fn a_clean_story_raises_nothing() {
    let straight = CLEAN.replace('’', "'");
    assert_eq!(rules_of(&straight), Vec::<String>::new());
    assert!(found(&straight, "quotes.marks").is_empty());
    // With CRLF line ends, and with typographic marks.
    let crlf = straight.replace('\n', "\r\n");
    assert_eq!(rules_of(&crlf), Vec::<String>::new());
    assert_eq!(rules_of(&curly(CLEAN)), Vec::<String>::new());
    assert!(found(&curly(CLEAN), "quotes.marks").is_empty());
}

#[test]
fn unbalanced_open_and_stray_close() {
    let t = "The board met.\n\n\"We are considering selling the group, Nelson said. Analysts doubted it.\n";
    assert_eq!(found(t, "quotes.unbalanced").len(), 1);
    let t = "The board met.\n\nWe are considering selling the group,\" Nelson said.\n";
    assert_eq!(found(t, "quotes.unbalanced")[0].0, "\"");
    let t = "The board met.\n\nWe are considering selling the group,” Nelson said.\n";
    assert_eq!(found(t, "quotes.unbalanced")[0].0, "”");
}

#[test]
fn continuation_paragraphs_are_balanced() {
    let t = "The board met.\n\n“We will sell the group,” Nelson said. “We have no choice. The losses are too large,\n\n“and the buyers are waiting.”\n";
    assert!(found(t, "quotes.unbalanced").is_empty());
    // Left open before a tag, with a new quotation next: the closing mark
    // was lost, whatever the next paragraph does.
    let t3 = "The board met.\n\n“We will sell the group, Nelson said.\n\n“The buyers are waiting,” Bell said.\n";
    assert_eq!(found(t3, "quotes.unbalanced").len(), 1);
    // Left open, and the next paragraph quotes someone else.
    let t4 = "The board met.\n\n“We will sell,” Nelson said. “We have no choice.\n\n“The buyers are waiting for a signal from the bank,” Bell said.\n";
    assert_eq!(found(t4, "quotes.unbalanced").len(), 1);
    // Left open with nothing reopening it: an error.
    let t2 = "The board met.\n\n“We will sell the group,” Nelson said. “We have no choice.\n\nThe buyers are waiting.\n";
    assert_eq!(found(t2, "quotes.unbalanced").len(), 1);
}

#[test]
fn apostrophes_never_unbalance() {
    let t = "The fans met.\n\nKyiv’s mayor said rock ’n’ roll of the ’90s filled the workers’ hall. “It’s the fans’ night,” he said. Don't 'em.\n";
    assert!(
        found(t, "quotes.unbalanced").is_empty(),
        "{:?}",
        found(t, "quotes.unbalanced")
    );
}

#[test]
fn single_inside_double_must_close() {
    let t = "The fans met.\n\n“He told me ‘never again, and then he left,” Ruiz said.\n";
    assert_eq!(found(t, "quotes.unbalanced"), vec![("‘".to_string(), None)]);
    let ok = "The fans met.\n\n“He told me ‘never again,’ and then he left,” Ruiz said.\n";
    assert!(found(ok, "quotes.unbalanced").is_empty());
}

#[test]
fn quotes_across_line_breaks_and_crlf() {
    let t = "The fans met.\r\n\r\n“We will\r\nwin the cup,” Ruiz said.\r\n";
    assert!(rules_of(t).is_empty(), "{:?}", rules_of(t));
    let t = "The fans met.\n\n\"We will\nwin the cup,\" Ruiz said.\n";
    assert!(rules_of(t).is_empty(), "{:?}", rules_of(t));
}

#[test]
fn mixed_marks_fixed_to_the_majority() {
    let t = "The talks ended.\n\n“We want peace,” Ruiz said. \"We are tired,\" she added. “Very tired.”\n";
    let f = found(t, "quotes.marks");
    assert_eq!(f.len(), 2);
    assert!(f[0].1.as_deref().unwrap().contains("“We are tired,\" she"));
    assert!(f[1].1.as_deref().unwrap().contains("\"We are tired,” she"));
    // An apostrophe counts too.
    let t = "The talks ended.\n\n“We want peace,” Ruiz said. “It's time.”\n";
    let f = found(t, "quotes.marks");
    assert_eq!(f.len(), 1);
    assert!(f[0].1.as_deref().unwrap().contains("It’s"));
    // CLEAN mixes straight doubles with typographic apostrophes.
    assert!(!found(CLEAN, "quotes.marks").is_empty());
}

#[test]
fn headlines_take_single_marks() {
    let t = "# Mayor calls strike \"a disaster\"\n\nThe mayor spoke on Tuesday.\n";
    let f = found(t, "quotes.marks");
    assert_eq!(f.len(), 1);
    assert!(f[0]
        .1
        .as_deref()
        .unwrap()
        .starts_with("# Mayor calls strike 'a disaster'"));
    let t = "# Mayor calls strike 'a disaster'\n\nThe mayor spoke on Tuesday.\n";
    assert!(rules_of(t).is_empty() && found(t, "quotes.marks").is_empty());
    // A headline quotation needs no attribution.
    let t = "# 'We will not give up this port, not ever'\n\nThe mayor spoke on Tuesday.\n";
    assert!(rules_of(t).is_empty(), "{:?}", rules_of(t));
}

#[test]
fn nested_double_becomes_single() {
    let t =
        "The hearing ran late.\n\n\"He told me \"never again,\" and then he left,\" Ruiz said.\n";
    let f = found(t, "quotes.nested");
    assert_eq!(f.len(), 1);
    assert!(f[0]
        .1
        .as_deref()
        .unwrap()
        .contains("\"He told me 'never again,' and"));
    // A lost closing mark is not a nested quotation.
    let t = "The hearing ran late.\n\n\"He told me to go, Ruiz said. \"Now,\" he added.\n";
    assert!(found(t, "quotes.nested").is_empty());
}

#[test]
fn period_and_comma_move_inside() {
    let t =
        "The talks ended.\n\nRuiz called for \"a lasting peace\". Bell said \"no\", and left.\n";
    let f = found(t, "quotes.punctuation");
    assert_eq!(f.len(), 2);
    assert!(f[0]
        .1
        .as_deref()
        .unwrap()
        .contains("\"a lasting peace.\" Bell"));
    assert!(f[1].1.as_deref().unwrap().contains("\"no,\" and"));
    // Question marks stay outside when the sentence is the question.
    let t = "The talks ended.\n\nDid Ruiz really call it \"a lasting peace\"? Nobody knows.\n";
    assert!(found(t, "quotes.punctuation").is_empty());
    // …and go inside when the quotation is the question.
    let t = "The talks ended.\n\n\"Are you coming with us\"? she asked.\n";
    assert_eq!(found(t, "quotes.punctuation").len(), 1);
}

#[test]
fn unattributed_quote_paragraph() {
    let t = "The minister said the talks would resume in May.\n\n\"Nobody expects a deal before the summer is over.\"\n\nOfficials said the venue was not set.\n";
    assert_eq!(found(t, "quotes.unattributed").len(), 1);
    // A partial quotation in a sentence with no attribution.
    let t = "The talks ended.\n\nThe new program \"will serve the industry because the market does not close when we do.\"\n";
    assert_eq!(found(t, "quotes.unattributed").len(), 1);
}

#[test]
fn attributed_quotes_are_not_flagged() {
    let cases = [
        // Attribution after, before, inverted, in the next sentence.
        "The talks ended.\n\n\"We will meet again in the spring,\" Ruiz said.\n",
        "The talks ended.\n\nRuiz said, \"We will meet again in the spring.\"\n",
        "The talks ended.\n\n\"We will meet again in the spring,\" said Lawrence Cohn, an analyst.\n",
        "The talks ended.\n\n\"We will meet again in the spring.\" That was how Ruiz put it to reporters, she said.\n",
        "The talks ended.\n\nThe plan \"will not survive the winter,\" according to Maria Ortiz.\n",
        "The talks ended.\n\nRuiz was quoted as saying the plan \"will not survive the winter at all.\"\n",
        // Colon lead-in in the paragraph before.
        "The talks ended.\n\nIn a statement, the ministry wrote:\n\n\"The talks will resume on Monday in the capital.\"\n",
        // Scare quotes and titles.
        "The talks ended.\n\nThe mayor called the deal \"a farce.\" She read \"The Art of the Deal\" twice.\n",
        // A partial quotation whose sentence has a person or a speaker as
        // its subject.
        "The talks ended.\n\nPinola called his decision \"a very, very difficult decision for all of us.\"\n",
        "The talks ended.\n\nThe group wants the board to \"explore every offer with us before it decides anything.\"\n",
        // A colon lead-in inside the paragraph, from a thing that carries
        // words.
        "The talks ended.\n\nThe sign on the door read: \"No entry after dark for anyone at all.\"\n",
        // A quotation lede attributed in the next paragraph.
        "# Farmland\n\nFENGBANG, China (AP) — \"If we go on like this, there will be no land left to grow grain on.\"\n\nXu Jinfeng, a village official, sums up the dilemma.\n",
        // A quoted paragraph after an attributed one: the speaker goes on.
        "The talks ended.\n\n\"We are urging them to write a new agreement,\" Yulo said.\n\n\"If there is no agreement, prices will stay low for years.\"\n",
        // A dialogue tag with a verb the lists lack.
        "The talks ended.\n\n\"Investors receive interest for the first 18 months,\" Dub detailed.\n",
        // Attribution inside link text, as web pages paste it.
        "The talks ended.\n\nWhile committed to NATO, [he said](#), \"the United States will no longer tolerate an imbalanced relationship.\"\n",
    ];
    for t in cases {
        assert!(
            found(t, "quotes.unattributed").is_empty(),
            "{t}: {:?}",
            rules_of(t)
        );
    }
}

#[test]
fn continuation_chain_shares_attribution() {
    let t = "The talks ended.\n\n“We will meet in the spring and talk about everything,\n\n“and then we will sign it,” Ruiz said.\n";
    assert!(found(t, "quotes.unattributed").is_empty());
    let t = "The talks ended.\n\n“We will meet in the spring and talk about everything,\n\n“and then we will sign it.”\n";
    // One finding for the chain, at its head.
    assert_eq!(found(t, "quotes.unattributed").len(), 1);
}

#[test]
fn loaded_verb_only_when_it_attributes_a_quote() {
    let t = "The vote was held.\n\n\"The count was fair from start to finish,\" the governor claimed.\n";
    assert_eq!(
        found(t, "quotes.verb"),
        vec![("claimed".to_string(), Some(t.replace("claimed", "said")))]
    );
    let t = "The vote was held.\n\nNora Vance, head of the board, yesterday claimed a recount would be positive \"as long as the count is watched.\"\n";
    assert_eq!(found(t, "quotes.verb").len(), 1);
    let t = "The vote was held.\n\n\"Sure,\" he laughed.\n";
    assert_eq!(found(t, "quotes.verb").len(), 1);
    // The verb has its own object; the quotation is a scare quote.
    let t =
        "The vote was held.\n\nThe club admitted 200 new members, the \"largest intake ever.\"\n";
    assert!(found(t, "quotes.verb").is_empty());
    // Not speech: no quotation in the sentence.
    let t = "The vote was held.\n\nThe governor has insisted that the count go on. Analysts noted the decline in turnout.\n";
    assert!(found(t, "quotes.verb").is_empty());
    // A noun, not a verb.
    let t = "The vote was held.\n\n\"We will sell the Treasury notes,\" Ruiz said. The United States claims were paid.\n";
    assert!(found(t, "quotes.verb").is_empty());
    // Present tense keeps its tense.
    let t = "The vote was held.\n\n\"The count was fair from start to finish,\" the governor insists.\n";
    assert_eq!(
        found(t, "quotes.verb")[0].1.as_deref(),
        Some(t.replace("insists", "says").as_str())
    );
}

#[test]
fn tense_flags_the_minority_or_the_house_choice() {
    let t = "The talks ended.\n\n\"We are ready to sign,\" Ruiz said.\n\n\"It will hold,\" Bell says.\n\n\"Maybe,\" Cohn said.\n";
    assert_eq!(
        found(t, "quotes.tense")
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        vec!["says"]
    );
    // A document "says": not a tense choice.
    let t = "The talks ended.\n\n\"We are ready to sign,\" Ruiz said. The report says the deal will hold.\n";
    assert!(found(t, "quotes.tense").is_empty());
    // House preference "says", or "either" (minority).
    let mut b = book();
    let mut house = (**b.house()).clone();
    house.settings.attribution = "says".into();
    b.set_house(house.clone());
    let t = "The talks ended.\n\n\"We are ready to sign,\" Ruiz said.\n\n\"It will hold,\" Bell says.\n\n\"Maybe,\" Cohn says.\n";
    let f: Vec<String> = check_text(t, &b)
        .into_iter()
        .filter(|f| f.rule == "quotes.tense")
        .map(|f| t[f.range].to_string())
        .collect();
    assert_eq!(f, vec!["said"]);
    house.settings.attribution = "either".into();
    b.set_house(house);
    let n = check_text(t, &b)
        .into_iter()
        .filter(|f| f.rule == "quotes.tense")
        .count();
    assert_eq!(n, 1);
}

#[test]
fn inverted_pronoun() {
    let t = "The talks ended.\n\n\"We will win,\" said he. \"Soon,\" Said she.\n";
    let f = found(t, "quotes.inverted");
    assert_eq!(f.len(), 2);
    assert!(f[0]
        .1
        .as_deref()
        .unwrap()
        .contains("\"We will win,\" he said."));
    assert!(f[1].1.as_deref().unwrap().contains("\"Soon,\" She said."));
    // Not inverted: the pronoun starts a clause.
    let t = "The talks ended.\n\nOfficials said they would meet again. Ruiz said she was tired.\n";
    assert!(found(t, "quotes.inverted").is_empty());
}

#[test]
fn never_panics_on_odd_input() {
    for t in [
        "\"",
        "“",
        "’",
        "'\"'",
        "\"\"\"\"\"",
        "“”“",
        "said he",
        "\u{feff}“😀 said”",
        "Hé said: \"ü\"",
        "# \"\n\n\"",
        "\"a\".\"b\",",
        "according to",
        "\r\n\"\r\n",
    ] {
        let _ = check_text(t, &book());
    }
}

/// A paragraph left open keeps its findings with its facts, for what the
/// next paragraph says: editing only the next one must change them.
#[test]
fn kept_findings_of_an_open_paragraph_follow_the_next() {
    use crate::article::{Article, FactCache};
    let b = book();
    // The same marks and attributions in each version: only whether the
    // next paragraph reopens the quotation changes.
    let open = "The talks ended.\n\n“We will meet in the spring,” Ruiz said, “and talk about everything.\n\n";
    let versions = [
        format!("{open}“And then we will sign it.”\n"),
        format!("{open}And then we will “sign” it.\n"),
        format!("{open}“And then we will sign it.”\n"),
    ];
    let mut cache = FactCache::default();
    let mut seen = Vec::new();
    for t in &versions {
        let kept = Article::build(std::sync::Arc::from(t.as_str()), &b, &mut cache);
        let fresh = crate::checks::run(&Article::parse(t, &b), &b);
        assert_eq!(crate::checks::run(&kept, &b), fresh, "{t}");
        seen.push(
            fresh
                .iter()
                .filter(|f| f.rule.starts_with("quotes."))
                .count(),
        );
    }
    assert_ne!(seen[0], seen[1], "the next paragraph decides: {seen:?}");
}
