//! `style.*`: the data-driven house style rules of the style book
//! (substitution and existence patterns; see `stylebook::rules`).

use super::{Check, Rule};
use crate::article::Article;
use crate::finding::{Finding, Fix};
use crate::stylebook::rules::RuleKind;
use crate::stylebook::StyleBook;

/// Runs every data rule of the style book over the regions it names.
pub struct DataRules;

impl Check for DataRules {
    fn rules(&self) -> &'static [Rule] {
        // Data rules document themselves in their files; see
        // `checks::all_rules`.
        &[]
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        for block in &article.blocks {
            if block.summary.rule_hits {
                block_findings(article, block, book, out);
            }
        }
    }
}

fn block_findings(
    article: &Article,
    block: &crate::article::Block,
    book: &StyleBook,
    out: &mut Vec<Finding>,
) {
    for hit in &block.facts.rule_hits {
        let Some(rule) = book.rules.get(hit.rule as usize) else {
            continue;
        };
        if !rule.applies_to(block.role) {
            continue;
        }
        let range = block.abs(&hit.range);
        let found = &article.text[range.clone()];
        let message = rule.message_for(found, hit.replacement.as_deref());
        let mut f = Finding::new(rule.id.clone(), range.clone(), rule.severity, message);
        if let (RuleKind::Substitution, Some(r)) = (rule.kind, &hit.replacement) {
            if r != found {
                f = f.with_fix(Fix::replace(range, r.clone(), rule.safe));
            }
        }
        out.push(f);
    }
}
