//! Every rule's examples run as tests: the `bad` text must raise the rule
//! and the `good` text must not. This covers the built-in checks and every
//! data rule in `style-rules/`.

use copydesk::checks::{all_rules, check_text};
use copydesk::StyleBook;

#[test]
fn every_rule_has_examples_and_they_hold() {
    let book = StyleBook::builtin().unwrap();
    let rules = all_rules(&book);
    assert!(
        rules.len() >= 10,
        "the registry looks empty: {}",
        rules.len()
    );
    let mut failures = Vec::new();
    for rule in &rules {
        if rule.examples.is_empty() {
            failures.push(format!("{}: no examples", rule.id));
        }
        for (bad, good) in &rule.examples {
            let raised = check_text(bad, &book);
            if !raised.iter().any(|f| f.rule == rule.id) {
                failures.push(format!(
                    "{}: bad example not flagged: {bad:?}\n  got: {:?}",
                    rule.id,
                    raised.iter().map(|f| &f.rule).collect::<Vec<_>>()
                ));
            }
            let clean = check_text(good, &book);
            if let Some(f) = clean.iter().find(|f| f.rule == rule.id) {
                failures.push(format!(
                    "{}: good example flagged: {good:?}\n  {}",
                    rule.id, f.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn safe_fixes_of_bad_examples_give_text_the_rule_accepts() {
    let book = StyleBook::builtin().unwrap();
    for rule in all_rules(&book) {
        for (bad, _) in &rule.examples {
            for f in check_text(bad, &book)
                .into_iter()
                .filter(|f| f.rule == rule.id)
            {
                for fix in f.fixes.iter().filter(|x| x.safe) {
                    let (fixed, applied) = copydesk::finding::apply_edits(bad, &fix.edits);
                    assert_eq!(applied, fix.edits.len(), "{}: fix did not apply", rule.id);
                    let again = check_text(&fixed, &book);
                    assert!(
                        !again
                            .iter()
                            .any(|g| g.rule == rule.id && g.range.start == f.range.start),
                        "{}: fixing {bad:?} gave {fixed:?}, still flagged",
                        rule.id
                    );
                }
            }
        }
    }
}
