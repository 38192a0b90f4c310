//! The part a block plays in a story: what the anatomy finds
//! ([`crate::article`]) and what the style book's rules name in their
//! `regions` ([`crate::stylebook::rules`]). A leaf: it imports nothing of
//! the crate.

/// The part a block plays in the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    FrontMatter,
    /// A label or section name above the headline.
    Kicker,
    Headline,
    /// A summary line under the headline, before the byline.
    Dek,
    /// Time stamps and labels between headline and byline.
    Meta,
    Byline,
    /// A section heading inside the story.
    Heading,
    Body,
    /// A photo caption.
    Caption,
    /// A photo credit (`Evgeniy Maloletka/AP`).
    PhotoCredit,
    /// The closing credit line (`X reported from Y`, `X contributed`).
    Credit,
    Tag,
    /// Navigation, promotions and other web furniture.
    Boilerplate,
    Code,
    Other,
}

impl Role {
    /// Names usable in a data rule's `regions`.
    pub const REGION_NAMES: &'static [&'static str] = &[
        "headline",
        "dek",
        "byline",
        "heading",
        "body",
        "caption",
        "credit",
        "photo-credit",
        "tag",
        "kicker",
    ];

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "headline" => Role::Headline,
            "dek" => Role::Dek,
            "byline" => Role::Byline,
            "heading" => Role::Heading,
            "body" => Role::Body,
            "caption" => Role::Caption,
            "credit" => Role::Credit,
            "photo-credit" => Role::PhotoCredit,
            "tag" => Role::Tag,
            "kicker" => Role::Kicker,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::FrontMatter => "front-matter",
            Role::Kicker => "kicker",
            Role::Headline => "headline",
            Role::Dek => "dek",
            Role::Meta => "meta",
            Role::Byline => "byline",
            Role::Heading => "heading",
            Role::Body => "body",
            Role::Caption => "caption",
            Role::PhotoCredit => "photo-credit",
            Role::Credit => "credit",
            Role::Tag => "tag",
            Role::Boilerplate => "boilerplate",
            Role::Code => "code",
            Role::Other => "other",
        }
    }

    /// Prose a reader reads as the story: what house style rules apply to
    /// unless a rule names its regions.
    pub fn is_prose(self) -> bool {
        matches!(
            self,
            Role::Headline | Role::Dek | Role::Heading | Role::Body | Role::Caption | Role::Credit
        )
    }
}
