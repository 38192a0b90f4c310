//! `names.*`: names spelled as the house spells them.

use super::{Check, Example, Rule};
use crate::article::{Article, Role};
use crate::finding::{match_case, Finding, Fix, Severity};
use crate::stylebook::names::HitStatus;
use crate::stylebook::StyleBook;

/// `names.authority`: a spelling the name authority lists as wrong.
pub struct Authority;

static AUTHORITY: &[Rule] = &[Rule {
    id: "names.authority",
    severity: Severity::Error,
    summary: "A name is spelled as the house name authority says it is not.",
    doc: r#"
## What it does
Flags a person, place or organization written in a spelling that the name
authority (the shipped packs and the newsroom's own) lists as wrong, such
as `Kiev` for `Kyiv` or `Zelensky` for `Zelenskyy`, or a known name written
with the wrong capitals (`Mccarthy`). The fix puts in the house spelling and
keeps the writer's case pattern (`KIEV` becomes `KYIV`). Possessives
(`Zelensky's`) are matched; a wrong spelling inside a longer word is not.

## Why
Misspelled names are the most common correctable error in news copy, and
readers notice their own names and cities first. One authority for the
whole desk means one spelling in every story.

## Example
`The mayor of Kiev spoke.` becomes `The mayor of Kyiv spoke.`
"#,
    examples: &[
        Example {
            bad: "The mayor of Kiev spoke on Monday.",
            good: "The mayor of Kyiv spoke on Monday.",
        },
        Example {
            bad: "President Zelensky's office said the talks would go on.",
            good: "President Zelenskyy's office said the talks would go on.",
        },
    ],
}];

/// Roles where names are checked against the authority.
fn checked(role: Role) -> bool {
    !matches!(
        role,
        Role::Code | Role::FrontMatter | Role::Boilerplate | Role::Tag | Role::Other
    )
}

impl Check for Authority {
    fn rules(&self) -> &'static [Rule] {
        AUTHORITY
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        let names = &book.names;
        for block in &article.blocks {
            if !checked(block.role) {
                continue;
            }
            for hit in &block.facts.authority {
                if hit.status == HitStatus::Canonical {
                    continue;
                }
                let Some(entry) = names.entries.get(hit.entry as usize) else {
                    continue;
                };
                let range = block.abs(&hit.range);
                let found = &article.text[range.clone()];
                let (message, replacement) = match hit.status {
                    HitStatus::Variant => {
                        let right = match_case(found, &names.replacement_for(entry, found));
                        let note = if entry.note.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", entry.note)
                        };
                        (
                            format!("'{found}' is not the house spelling: use '{right}'{note}."),
                            right,
                        )
                    }
                    _ => (
                        format!(
                            "'{found}' is written '{}' in the name authority.",
                            entry.canonical
                        ),
                        entry.canonical.clone(),
                    ),
                };
                out.push(
                    Finding::new("names.authority", range.clone(), Severity::Error, message)
                        .with_fix(Fix::replace(range, replacement, true)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::check_text;
    use crate::stylebook::StyleBook;

    fn authority(t: &str) -> Vec<(String, String)> {
        let book = StyleBook::builtin().unwrap();
        check_text(t, &book)
            .into_iter()
            .filter(|f| f.rule == "names.authority")
            .map(|f| {
                (
                    t[f.range.clone()].to_string(),
                    f.fixes[0].edits[0].text.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn kakisis_is_fixed_to_kakissis() {
        assert_eq!(
            authority("# H\n\nJoanna Kakisis reported from Kyiv.\n"),
            vec![("Joanna Kakisis".to_string(), "Joanna Kakissis".to_string())]
        );
    }

    #[test]
    fn case_pattern_is_kept() {
        assert_eq!(
            authority("# H\n\nKIEV, Ukraine (AP) — Text.\n"),
            vec![("KIEV".to_string(), "KYIV".to_string())]
        );
    }

    #[test]
    fn right_spellings_pass() {
        assert!(authority("# H\n\nPresident Volodymyr Zelenskyy spoke in Kyiv.\n").is_empty());
    }
}
