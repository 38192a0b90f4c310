//! Person-name mentions in one block's text, found without any list.
//!
//! A mention is a run of capitalized words (`Joanna Kakissis`, `O'Brien`,
//! `Jean-Pierre`, `J.D. Vance`, `Oscar de la Hoya`) with the words that
//! cannot be part of a person's name taken off the front: sentence-initial
//! function words (`But`, `The`), titles (`President`, `Treasury
//! Secretary`, `Mr.`), organization words (`Staff` in `Chief of Staff Donald
//! Regan`), months, days, countries and cities. A run that still holds such
//! a word after that (`Federal Reserve Board`, `Bank of France`) is not a
//! person. What is left is recorded with the evidence around it: a title
//! before it, an attribution verb next to it, a possessive after it,
//! whether it opens a sentence. The story-wide pass ([`crate::names`])
//! decides from that evidence which mentions are people.
//!
//! Offsets are relative to the block, like every [`super::BlockFacts`].

use super::inline::char_at;
use crate::stylebook::StyleBook;
use rustc_hash::FxHashSet;
use std::ops::Range;

/// One mention of what may be a person's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMention {
    /// The name's words, without title or possessive (relative).
    pub range: Range<usize>,
    /// Each word of the name (relative). At least one.
    pub words: Vec<Range<usize>>,
    /// The name opens a sentence and nothing was taken off its front: weak
    /// evidence (`Later` at a sentence start is not a name).
    pub sentence_start: bool,
    /// A title (`President`, `analyst`, `Mr.`) stands right before it.
    pub titled: bool,
    /// The courtesy title before it (`Mr.`, `Mrs.`, `Ms.`, `Miss`), if any.
    pub courtesy: Option<Range<usize>>,
    /// An attribution verb is next to it (`X said`, `said X`).
    pub attributed: bool,
    /// Followed by `'s`, `’s` or `s'`.
    pub possessive: bool,
    /// Not a person: the run holds an organization, place or date word or
    /// an acronym (`Hutton Group`). Its other fields are left unset.
    pub organization: bool,
}

impl NameMention {
    /// The last word (the family name in most names).
    pub fn last(&self) -> Range<usize> {
        self.words.last().cloned().unwrap_or(self.range.clone())
    }

    /// The first word when the name has more than one word.
    pub fn first(&self) -> Option<Range<usize>> {
        (self.words.len() > 1).then(|| self.words[0].clone())
    }
}

/// Words that open sentences and clauses but are not names.
const FUNCTION_WORDS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "Against",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "Any",
    "Are",
    "As",
    "At",
    "Because",
    "Before",
    "Being",
    "Both",
    "But",
    "By",
    "Can",
    "Could",
    "Did",
    "Do",
    "Does",
    "During",
    "Each",
    "Earlier",
    "Either",
    "Even",
    "Every",
    "Few",
    "First",
    "For",
    "From",
    "Further",
    "Given",
    "Had",
    "Has",
    "Have",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "Into",
    "Is",
    "It",
    "Its",
    "Just",
    "Last",
    "Later",
    "Less",
    "Like",
    "Many",
    "May",
    "Meanwhile",
    "More",
    "Most",
    "Much",
    "Must",
    "My",
    "Neither",
    "Never",
    "New",
    "Next",
    "No",
    "Nor",
    "Not",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Others",
    "Our",
    "Over",
    "Overall",
    "Per",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "Than",
    "That",
    "The",
    "Their",
    "Them",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Through",
    "Thus",
    "To",
    "Today",
    "Tomorrow",
    "Too",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Under",
    "Unless",
    "Until",
    "Up",
    "Upon",
    "Us",
    "Very",
    "Was",
    "We",
    "Were",
    "What",
    "Whatever",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Whom",
    "Whose",
    "Why",
    "Will",
    "With",
    "Within",
    "Without",
    "Would",
    "Yesterday",
    "Yet",
    "You",
    "Your",
    "Yes",
    "Oh",
    "OK",
    "Okay",
    "Please",
    "Thank",
    "Thanks",
    "Dear",
    "Why",
    "Asked",
    "Said",
    "Says",
    "Sources",
    "Source",
    "Officials",
    "Analysts",
    "Dealers",
    "Traders",
    "Economists",
    "Reporting",
    "Additional",
    "Editing",
    "Writing",
    "Photo",
    "Photos",
    "Image",
    "Video",
    "Read",
    "See",
    "Listen",
    "Watch",
    "Updated",
    "Published",
    "Posted",
    "Heard",
    "Podcast",
    "Related",
    "By",
    "Via",
    "Reuters",
    "REUTER",
    "AP",
    "AFP",
    "NPR",
    "CNN",
    "BBC",
    "Associated",
    "Press",
];

/// Titles before a name: `President Vladimir Putin`, `Mr. Baker`, and
/// lowercase job words in `analyst Jack Grubman`.
const TITLES: &[&str] = &[
    "President",
    "Vice",
    "Secretary",
    "Minister",
    "Prime",
    "Premier",
    "Chancellor",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Chief",
    "Sen",
    "Sen.",
    "Senator",
    "Rep",
    "Rep.",
    "Representative",
    "Gov",
    "Gov.",
    "Governor",
    "Mayor",
    "Judge",
    "Justice",
    "Gen",
    "Gen.",
    "General",
    "Col.",
    "Colonel",
    "Lt.",
    "Lieutenant",
    "Sgt.",
    "Sergeant",
    "Capt.",
    "Captain",
    "Adm.",
    "Admiral",
    "Maj.",
    "Major",
    "Cmdr.",
    "Commander",
    "Dr",
    "Dr.",
    "Doctor",
    "Prof.",
    "Professor",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Mx.",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "Rev.",
    "Reverend",
    "Father",
    "Sister",
    "Brother",
    "Rabbi",
    "Imam",
    "Bishop",
    "Cardinal",
    "Archbishop",
    "Sheikh",
    "Ambassador",
    "Speaker",
    "Leader",
    "Director",
    "Commissioner",
    "Attorney",
    "Counsel",
    "Deputy",
    "Acting",
    "Former",
    "Ex",
    "Coach",
    "Officer",
    "Detective",
    "Inspector",
    "Superintendent",
    "Sheriff",
    "Trooper",
    "Assemblyman",
    "Assemblywoman",
    "Councilman",
    "Councilwoman",
    "Congressman",
    "Congresswoman",
    "Delegate",
    "Envoy",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Analyst",
    "Economist",
    "Correspondent",
    "Reporter",
    "Photographer",
    "Editor",
    "Writer",
    "Dean",
    "Principal",
    "President-elect",
    "Vice-President",
    "Gens.",
    "Sens.",
    "Reps.",
];

const COURTESY: &[&str] = &["Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Miss", "Messrs."];

/// Lowercase words that introduce a name: `analyst Jack Grubman`.
const LOWER_TITLES: &[&str] = &[
    "analyst",
    "economist",
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "minister",
    "director",
    "official",
    "officer",
    "executive",
    "correspondent",
    "reporter",
    "photographer",
    "editor",
    "writer",
    "leader",
    "head",
    "chief",
    "governor",
    "senator",
    "representative",
    "mayor",
    "judge",
    "manager",
    "strategist",
    "trader",
    "dealer",
    "professor",
    "researcher",
    "lawyer",
    "attorney",
    "founder",
    "owner",
    "partner",
    "colleague",
    "coach",
    "player",
    "commissioner",
    "ambassador",
    "envoy",
    "aide",
    "adviser",
    "advisor",
    "consultant",
    "deputy",
    "vice-president",
    "premier",
    "chancellor",
    "general",
    "sir",
    "investor",
    "banker",
    "economists",
    "analysts",
    "candidate",
    "nominee",
    "challenger",
    "incumbent",
    "rival",
    "daughter",
    "son",
    "wife",
    "husband",
    "mother",
    "father",
    "brother",
    "sister",
    "friend",
    "teacher",
    "student",
    "director-general",
];

/// Words that make a capitalized run an organization, place or date.
const NON_NAME_WORDS: &[&str] = &[
    // Organizations and institutions.
    "Administration",
    "Plc",
    "PLC",
    "Insurers",
    "Holding",
    "Agency",
    "Airlines",
    "Airways",
    "Alliance",
    "Assembly",
    "Association",
    "Authority",
    "Bancorp",
    "Bank",
    "Bancshares",
    "Board",
    "Bureau",
    "Cabinet",
    "Capital",
    "Center",
    "Centre",
    "Church",
    "City",
    "Club",
    "Co",
    "Co.",
    "Coalition",
    "College",
    "Commission",
    "Committee",
    "Communications",
    "Company",
    "Conference",
    "Congress",
    "Corp",
    "Corp.",
    "Corporation",
    "Council",
    "Court",
    "Democrat",
    "Democrats",
    "Democratic",
    "Department",
    "Division",
    "Embassy",
    "Energy",
    "Exchange",
    "Federal",
    "Federation",
    "Fed",
    "Force",
    "Forces",
    "Foundation",
    "Fund",
    "Government",
    "Group",
    "Guard",
    "Holdings",
    "Hospital",
    "House",
    "Inc",
    "Inc.",
    "Industries",
    "Institute",
    "Insurance",
    "International",
    "Investments",
    "Journal",
    "Kremlin",
    "Laboratories",
    "League",
    "Ltd",
    "Ltd.",
    "Management",
    "Market",
    "Markets",
    "Media",
    "Ministry",
    "Motor",
    "Motors",
    "Museum",
    "National",
    "Navy",
    "Network",
    "News",
    "Office",
    "Oil",
    "Organization",
    "Organisation",
    "Parliament",
    "Partners",
    "Party",
    "Pentagon",
    "Petroleum",
    "Police",
    "Post",
    "Radio",
    "Republican",
    "Republicans",
    "Research",
    "Reserve",
    "Securities",
    "Senate",
    "Service",
    "Services",
    "Society",
    "Staff",
    "State",
    "States",
    "Steel",
    "Stock",
    "Street",
    "Systems",
    "Technologies",
    "Technology",
    "Telegraph",
    "Television",
    "Times",
    "Trade",
    "Treasury",
    "Trust",
    "Union",
    "United",
    "University",
    "White",
    "Army",
    "Air",
    "Airport",
    "Avenue",
    "Road",
    "Square",
    "Park",
    "River",
    "Lake",
    "Mountain",
    "Island",
    "Islands",
    "Sea",
    "Ocean",
    "Gulf",
    "Bay",
    "Valley",
    "County",
    "Province",
    "Region",
    "District",
    "Republic",
    "Kingdom",
    "Empire",
    "Union",
    "East",
    "West",
    "North",
    "South",
    "Eastern",
    "Western",
    "Northern",
    "Southern",
    "Central",
    "Middle",
    "Commonwealth",
    "Communist",
    "Socialist",
    "Labour",
    "Labor",
    "Conservative",
    "Liberal",
    "Economic",
    "Financial",
    "Monetary",
    "Security",
    "Defense",
    "Defence",
    "Foreign",
    "Finance",
    "Affairs",
    "Justice",
    "Health",
    "Education",
    "Agriculture",
    "Commerce",
    "Interior",
    "Budget",
    "Contact",
    "Summit",
    "War",
    "World",
    "Cup",
    "Olympics",
    "Games",
    "Prize",
    "Award",
    "Act",
    "Bill",
    "Law",
    "Accord",
    "Agreement",
    "Treaty",
    "Plan",
    "Program",
    "Project",
    "Index",
    "Dollar",
    "Yen",
    "Mark",
    "Euro",
    "Pound",
    "Franc",
    "Stanley",
    "Sachs",
    "Lynch",
    "Merrill",
    "Brothers",
    "Day",
    "Eve",
    "Christmas",
    "Easter",
    "Ramadan",
    "Internet",
    "Web",
    "Online",
    "Twitter",
    "Facebook",
    "Instagram",
    "Google",
    "Apple",
    "Microsoft",
    "Amazon",
    "Commodity",
    "Futures",
    "Options",
    "Community",
    "European",
    "American",
    "Soviet",
    "British",
    "French",
    "German",
    "Japanese",
    "Chinese",
    "Russian",
    "Ukrainian",
    "Israeli",
    "Iranian",
    "Iraqi",
    "Arab",
    "Saudi",
    "Canadian",
    "Mexican",
    "Italian",
    "Spanish",
    "Dutch",
    "Swiss",
    "Indian",
    "Korean",
    "Brazilian",
    "African",
    "Asian",
    "Western",
    "Muslim",
    "Christian",
    "Jewish",
    "Catholic",
    "Protestant",
    "Orthodox",
    "Islamic",
    "NATO",
    "OPEC",
    "GATT",
    "EC",
    "EU",
    "UN",
    "U.N.",
    "U.S.",
    "U.K.",
    "US",
    "UK",
    "USA",
    "U.S.A.",
    "FBI",
    "CIA",
    "IMF",
    "GOP",
    "Dow",
    "Nasdaq",
    "Jones",
    "Street",
    "Wall",
    "Oval",
    "Capitol",
    "Hill",
    "Conservatives",
];

const MONTHS_DAYS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Spring",
    "Summer",
    "Autumn",
    "Fall",
    "Winter",
];

const COUNTRIES: &[&str] = &[
    "Afghanistan",
    "Africa",
    "Albania",
    "Algeria",
    "America",
    "Americas",
    "Argentina",
    "Armenia",
    "Asia",
    "Australia",
    "Austria",
    "Azerbaijan",
    "Bahrain",
    "Bangladesh",
    "Belarus",
    "Belgium",
    "Bolivia",
    "Bosnia",
    "Brazil",
    "Britain",
    "Bulgaria",
    "Burma",
    "Cambodia",
    "Cameroon",
    "Canada",
    "Chile",
    "China",
    "Colombia",
    "Congo",
    "Crimea",
    "Croatia",
    "Cuba",
    "Cyprus",
    "Czechia",
    "Denmark",
    "Donbas",
    "Ecuador",
    "Egypt",
    "England",
    "Estonia",
    "Ethiopia",
    "Europe",
    "Finland",
    "France",
    "Gaza",
    "Georgia",
    "Germany",
    "Ghana",
    "Greece",
    "Guatemala",
    "Haiti",
    "Honduras",
    "Hungary",
    "Iceland",
    "India",
    "Indonesia",
    "Iran",
    "Iraq",
    "Ireland",
    "Israel",
    "Italy",
    "Jamaica",
    "Japan",
    "Jordan",
    "Kazakhstan",
    "Kenya",
    "Korea",
    "Kosovo",
    "Kuwait",
    "Latvia",
    "Lebanon",
    "Libya",
    "Lithuania",
    "Luxembourg",
    "Malaysia",
    "Mexico",
    "Moldova",
    "Mongolia",
    "Morocco",
    "Nepal",
    "Netherlands",
    "Nicaragua",
    "Nigeria",
    "Norway",
    "Oman",
    "Pakistan",
    "Palestine",
    "Panama",
    "Paraguay",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Qatar",
    "Romania",
    "Russia",
    "Rwanda",
    "Scotland",
    "Serbia",
    "Singapore",
    "Slovakia",
    "Slovenia",
    "Somalia",
    "Spain",
    "Sudan",
    "Sweden",
    "Switzerland",
    "Syria",
    "Taiwan",
    "Thailand",
    "Tunisia",
    "Turkey",
    "Uganda",
    "Ukraine",
    "Uruguay",
    "Venezuela",
    "Vietnam",
    "Wales",
    "Yemen",
    "Zambia",
    "Zimbabwe",
    "Kyiv",
    "Moscow",
    "Washington",
    "Brussels",
    "London",
    "Paris",
    "Tokyo",
    "Beijing",
    "Berlin",
    "Bonn",
    "Geneva",
    "Riyadh",
    "Manila",
    "Chicago",
    "Frankfurt",
    "Zurich",
    "Ottawa",
    "Toronto",
    "Sydney",
    "Hong",
    "Kong",
    "Seoul",
    "Taipei",
    "Jakarta",
    "Delhi",
    "Bombay",
    "Mumbai",
    "Cairo",
    "Tehran",
    "Baghdad",
    "Jerusalem",
    "Kabul",
    "Islamabad",
    "Ankara",
    "Athens",
    "Rome",
    "Madrid",
    "Lisbon",
    "Vienna",
    "Warsaw",
    "Prague",
    "Budapest",
    "Stockholm",
    "Oslo",
    "Copenhagen",
    "Helsinki",
    "Dublin",
    "Amsterdam",
    "Milan",
    "Munich",
    "Hamburg",
    "Sao",
    "Paulo",
    "Rio",
    "Caracas",
    "Lima",
    "Bogota",
    "Santiago",
    "Havana",
    "Dallas",
    "Houston",
    "Boston",
    "Atlanta",
    "Detroit",
    "Angeles",
    "Los",
    "San",
    "Francisco",
    "Diego",
    "York",
    "Jersey",
    "Texas",
    "California",
    "Florida",
    "Ohio",
    "Michigan",
    "Illinois",
    "Virginia",
    "Carolina",
    "Dakota",
    "Kansas",
    "Alaska",
    "Hawaii",
    "Oregon",
    "Nevada",
    "Arizona",
    "Utah",
    "Colorado",
    "Iowa",
    "Missouri",
    "Kentucky",
    "Tennessee",
    "Alabama",
    "Louisiana",
    "Arkansas",
    "Oklahoma",
    "Mississippi",
    "Minnesota",
    "Wisconsin",
    "Indiana",
    "Pennsylvania",
    "Maryland",
    "Delaware",
    "Connecticut",
    "Massachusetts",
    "Vermont",
    "Maine",
    "Hampshire",
    "Idaho",
    "Montana",
    "Wyoming",
    "Nebraska",
    "Mexico",
    "Sumy",
    "Kharkiv",
    "Odesa",
    "Lviv",
    "Donetsk",
    "Luhansk",
    "Kherson",
    "Mariupol",
    "Zaporizhzhia",
    "Dnipro",
];

const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "das", "do", "dos", "du", "del", "della", "di", "la",
    "le", "bin", "ibn", "al", "el", "ben", "ter", "ten", "St.",
];

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// The sets the scanner reads, built once from the constants and the style
/// book's place lists.
pub struct Lexicon {
    function: FxHashSet<&'static str>,
    titles: FxHashSet<&'static str>,
    lower_titles: FxHashSet<&'static str>,
    non_name: FxHashSet<String>,
    attribution: FxHashSet<String>,
}

static CACHE: std::sync::Mutex<
    Option<(
        std::sync::Arc<crate::stylebook::House>,
        std::sync::Arc<Lexicon>,
    )>,
> = std::sync::Mutex::new(None);

impl Lexicon {
    /// The lexicon for `book`, built once per house data.
    pub fn for_book(book: &StyleBook) -> std::sync::Arc<Lexicon> {
        let mut guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((house, lex)) = guard.as_ref() {
            if std::sync::Arc::ptr_eq(house, &book.house) {
                return lex.clone();
            }
        }
        let lex = std::sync::Arc::new(Lexicon::new(book));
        *guard = Some((book.house.clone(), lex.clone()));
        lex
    }

    pub fn new(book: &StyleBook) -> Lexicon {
        let mut non_name: FxHashSet<String> = NON_NAME_WORDS
            .iter()
            .chain(MONTHS_DAYS)
            .chain(COUNTRIES)
            .map(|s| s.to_string())
            .collect();
        for list in ["standalone_us", "standalone_intl"] {
            for city in book.house.list(list) {
                for w in city.split_whitespace() {
                    if w.chars().next().is_some_and(char::is_uppercase) {
                        non_name.insert(w.to_string());
                    }
                }
            }
        }
        for st in &book.house.states {
            for w in st.name.split_whitespace() {
                non_name.insert(w.to_string());
            }
        }
        let attribution = book
            .house
            .list("attribution_verbs")
            .iter()
            .chain(book.house.list("loaded_verbs"))
            .filter(|v| !v.contains(' '))
            .cloned()
            .collect();
        Lexicon {
            function: FUNCTION_WORDS.iter().copied().collect(),
            titles: TITLES.iter().copied().collect(),
            lower_titles: LOWER_TITLES.iter().copied().collect(),
            non_name,
            attribution,
        }
    }

    /// Is `w` a word that cannot be (part of) a person's name?
    pub fn is_non_name(&self, w: &str) -> bool {
        self.function.contains(w) || self.non_name.contains(w) || self.titles.contains(w)
    }

    pub fn is_title(&self, w: &str) -> bool {
        self.titles.contains(w)
    }
}

#[derive(Clone, Debug)]
struct Token {
    range: Range<usize>,
    /// Followed by a possessive `'s` / `’s` / `s'` (not part of range).
    possessive: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Split `text` into word tokens: letters with inner apostrophes and
/// hyphens (`O'Brien`, `Jean-Pierre`), a trailing period for initials and
/// abbreviations (`J.`, `Mr.`, `U.S.`). A possessive ending is noted and
/// left out of the range.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let letter = |c: char| c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c);
    // Byte offsets, not an array of the text's characters: this reads the
    // edited paragraph at every keystroke, and collecting its characters
    // first cost more than the rest of the search.
    let at = |i: usize| char_at(text, i);
    let letter_at = |i: usize| at(i).is_some_and(letter);
    let mut i = 0;
    while let Some(c) = at(i) {
        if !letter(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut j = i;
        loop {
            while let Some(l) = at(j).filter(|&l| letter(l)) {
                j += l.len_utf8();
            }
            // Inner apostrophe, hyphen or period followed by a letter.
            if let Some(m) = at(j).filter(|&m| is_apostrophe(m) || m == '-' || m == '.') {
                let after = j + m.len_utf8();
                if let Some(l) = at(after).filter(|&l| letter(l)) {
                    // A possessive: 's then a non-letter.
                    if is_apostrophe(m) && matches!(l, 's' | 'S') && !letter_at(after + 1) {
                        break;
                    }
                    j = after;
                    continue;
                }
            }
            break;
        }
        let mut end = j;
        let mut possessive = false;
        let mut next = j;
        match at(j) {
            Some(m) if is_apostrophe(m) => {
                let after = j + m.len_utf8();
                if at(after).is_some_and(|l| matches!(l, 's' | 'S')) && !letter_at(after + 1) {
                    possessive = true;
                    next = after + 1;
                } else if text[start..end].ends_with('s') {
                    // Plural possessive: "Joneses'" / "Davis'".
                    possessive = true;
                    next = after;
                }
            }
            Some('.') => {
                // Keep the period of an initial or abbreviation: "J." "Mr." "U.S."
                let w = &text[start..end];
                let short = w.chars().count() == 1
                    || w.contains('.')
                    || holds_with_period(COURTESY, w)
                    || holds_with_period(TITLES, w)
                    || holds_with_period(SUFFIXES, w);
                if short && w.chars().next().is_some_and(char::is_uppercase) {
                    end += 1;
                    next = j + 1;
                }
            }
            _ => {}
        }
        out.push(Token {
            range: start..end,
            possessive,
        });
        // Past at least the letter the token started with.
        i = next.max(i + c.len_utf8());
    }
    out
}

/// Does `list` hold `w` with a period after it (`Mr` for `Mr.`)? The
/// same answer as looking up `format!("{w}.")`, without building that
/// string for every word before a period of every edited paragraph.
fn holds_with_period(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.strip_suffix('.') == Some(w))
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Does a sentence start at `pos` (nothing but opening punctuation since
/// the end of the last sentence)?
fn sentence_starts_at(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_' | '—' | '-' | '>' | '#'
            )
    });
    if before.is_empty() {
        return true;
    }
    let last_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    if before.ends_with('.') {
        // "Mr. Baker", "U.S. Treasury": an abbreviation does not end a sentence.
        let w = last_word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let abbreviation = w.len() <= 5
            && (w.matches('.').count() > 1 || TITLES.contains(&w) || COURTESY.contains(&w))
            || w.chars().count() == 2;
        return !abbreviation;
    }
    before.ends_with(['!', '?', ':', ';', '”', '"', '’']) && !before.ends_with(',')
}

/// Every person-name mention in `text`.
pub fn find(text: &str, lex: &Lexicon) -> Vec<NameMention> {
    let toks = tokens(text);
    let mut out = Vec::new();
    runs(text, lex, &toks, 0..toks.len(), &mut out);
    out
}

/// The mentions among tokens `range` of `toks`, into `out`.
fn runs(
    text: &str,
    lex: &Lexicon,
    toks: &[Token],
    starts: Range<usize>,
    out: &mut Vec<NameMention>,
) {
    let mut i = starts.start;
    while i < starts.end {
        let w = &text[toks[i].range.clone()];
        if !capitalized(w) {
            i += 1;
            continue;
        }
        // Grow a run: capitalized words (and particles before a capitalized
        // word) separated by one space.
        let mut j = i + 1;
        let mut last_cap = i;
        while j < toks.len() && !toks[j - 1].possessive {
            let gap = &text[toks[j - 1].range.end..toks[j].range.start];
            if !(gap == " " || gap == "\u{a0}") {
                break;
            }
            let wj = &text[toks[j].range.clone()];
            if capitalized(wj) {
                last_cap = j;
                j += 1;
            } else if PARTICLES.contains(&wj) && j + 1 < toks.len() {
                j += 1;
            } else {
                break;
            }
        }
        let run = i..last_cap + 1;
        i = last_cap + 1;
        let word = |k: usize| &text[toks[k].range.clone()];
        // Take titles, function and non-name words off the front.
        let mut k = run.start;
        let mut titled = false;
        let mut courtesy = None;
        while k < run.end {
            let wk = word(k);
            if lex.titles.contains(wk) {
                titled = true;
                if COURTESY.contains(&wk) {
                    courtesy = Some(toks[k].range.clone());
                } else {
                    courtesy = None;
                }
            } else if !(lex.function.contains(wk)
                || lex.non_name.contains(wk)
                || PARTICLES.contains(&wk))
            {
                break;
            } else if toks[k].possessive {
                // "Russia's Putin": the possessive ends what came before.
                titled = false;
            }
            k += 1;
        }
        if k >= run.end {
            continue;
        }
        // Drop trailing suffixes (Jr., III) from the words.
        let mut end = run.end;
        while end > k + 1 && SUFFIXES.contains(&word(end - 1)) {
            end -= 1;
        }
        // The name's tokens: never empty, as `k < end`.
        let names = k..end;
        // A run that still holds a non-name word, or an acronym, is an
        // organization or place (`Hutton Group`, `Hutton LBO`): recorded as
        // such, so its words are not taken for a person's family name.
        let organization = names.clone().any(|m| {
            let w = word(m);
            lex.non_name.contains(w)
                || lex.function.contains(w)
                || !w.contains('.')
                    && w.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !w.chars().any(char::is_lowercase)
        });
        if organization {
            out.push(NameMention {
                range: toks[k].range.start..toks[end - 1].range.end,
                words: names.map(|m| toks[m].range.clone()).collect(),
                sentence_start: false,
                titled: false,
                courtesy: None,
                attributed: false,
                possessive: false,
                organization: true,
            });
            continue;
        }
        let first_tok = k;
        let last_tok = end - 1;
        let start = toks[first_tok].range.start;
        let stop = toks[last_tok].range.end;
        // A lowercase title or attribution verb right before.
        let prev_word = first_tok.checked_sub(1).map(word);
        if first_tok == run.start {
            if let Some(p) = prev_word {
                if lex.lower_titles.contains(p) {
                    titled = true;
                }
            }
        }
        let prev2 = first_tok.checked_sub(2).map(word);
        let said_before = first_tok == run.start
            && (prev_word.is_some_and(|p| lex.attribution.contains(p))
                || prev_word.is_some_and(|p| lex.lower_titles.contains(p))
                    && prev2.is_some_and(|p| lex.attribution.contains(p)));
        let after = &text[stop..];
        let after = after
            .strip_prefix(['\'', '’'])
            .map(|a| a.strip_prefix(['s', 'S']).unwrap_or(a))
            .unwrap_or(after);
        // The letters that follow, borrowed rather than collected.
        let rest = after.trim_start_matches([',', ' ']);
        let next_word = &rest[..rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len())];
        let said_after = lex.attribution.contains(next_word)
            || after.starts_with(", who ")
            || after.starts_with(", a ")
            || after.starts_with(", an ")
            || after.starts_with(", the ");
        let sentence_start = k == run.start && sentence_starts_at(text, start);
        out.push(NameMention {
            range: start..stop,
            words: names.map(|m| toks[m].range.clone()).collect(),
            sentence_start,
            titled,
            courtesy,
            attributed: said_before || said_after,
            possessive: toks[last_tok].possessive,
            organization: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<String> {
        let book = StyleBook::builtin().unwrap();
        let lex = Lexicon::new(&book);
        find(t, &lex)
            .into_iter()
            .map(|m| t[m.range].to_string())
            .collect()
    }

    fn one(t: &str) -> NameMention {
        let book = StyleBook::builtin().unwrap();
        let lex = Lexicon::new(&book);
        let v: Vec<NameMention> = find(t, &lex)
            .into_iter()
            .filter(|m| !m.organization)
            .collect();
        assert_eq!(v.len(), 1, "{v:?}");
        v.into_iter().next().unwrap()
    }

    /// Text the byte-offset tokenizer must read as the character-array
    /// one did.
    const MIXED: &[&str] = &[
        "Zelenskýy’s visit to Kyïv and O’Brien’s, the Joneses' and Davis’ house",
        "Gabriel Garci\u{301}a Ma\u{301}rquez, J.D. Vance, Mr. Baker, Sen. Smith, Jr. and Sr.",
        "“Київ,” said Зеленський. ‘Yes,’ she said. ΣΑΣ's O'",
        "İstanbul and \u{212A}elvin, ẞ and ß, Ǆ and ǅ, Jean-Pierre -x- a.b. U.S.A.",
        "x'\u{301}s ’s 's s' s’ S'S Éé’s Ž' 🙂 Ana 🙂 Łukasz’ Kyïv- Mx. Messrs. Gens. III. IV.",
    ];

    /// [`tokens`] as it was written before it read byte offsets: over an
    /// array of the text's characters.
    fn tokens_by_char(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len();
        let letter = |c: char| c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c);
        let mut i = 0;
        while i < n {
            if !letter(chars[i].1) {
                i += 1;
                continue;
            }
            let start = chars[i].0;
            let mut j = i;
            loop {
                while j < n && letter(chars[j].1) {
                    j += 1;
                }
                // Inner apostrophe, hyphen or period followed by a letter.
                if j + 1 < n
                    && (is_apostrophe(chars[j].1) || chars[j].1 == '-' || chars[j].1 == '.')
                    && letter(chars[j + 1].1)
                {
                    // A possessive: 's then a non-letter.
                    if is_apostrophe(chars[j].1)
                        && matches!(chars[j + 1].1, 's' | 'S')
                        && (j + 2 >= n || !letter(chars[j + 2].1))
                    {
                        break;
                    }
                    j += 1;
                    continue;
                }
                break;
            }
            let mut end = if j < n { chars[j].0 } else { text.len() };
            let mut possessive = false;
            let mut next = j;
            if j < n && is_apostrophe(chars[j].1) {
                if j + 1 < n
                    && matches!(chars[j + 1].1, 's' | 'S')
                    && (j + 2 >= n || !letter(chars[j + 2].1))
                {
                    possessive = true;
                    next = j + 2;
                } else if text[start..end].ends_with('s') {
                    // Plural possessive: "Joneses'" / "Davis'".
                    possessive = true;
                    next = j + 1;
                }
            } else if j < n && chars[j].1 == '.' {
                // Keep the period of an initial or abbreviation: "J." "Mr." "U.S."
                let w = &text[start..end];
                let short = w.chars().count() == 1
                    || w.contains('.')
                    || holds_with_period(COURTESY, w)
                    || holds_with_period(TITLES, w)
                    || holds_with_period(SUFFIXES, w);
                if short && w.chars().next().is_some_and(char::is_uppercase) {
                    end += 1;
                    next = j + 1;
                }
            }
            out.push(Token {
                range: start..end,
                possessive,
            });
            i = next.max(i + 1);
        }
        out
    }

    #[test]
    fn tokens_by_byte_offset_match_tokens_by_character() {
        let more = ["", "’", "A", "Mr.", "O'", "a'", "a’s", "A.", "é.", "É."];
        for t in MIXED.iter().chain(&more) {
            let got: Vec<_> = tokens(t)
                .into_iter()
                .map(|t| (t.range, t.possessive))
                .collect();
            let want: Vec<_> = tokens_by_char(t)
                .into_iter()
                .map(|t| (t.range, t.possessive))
                .collect();
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn holds_with_period_is_the_formatted_lookup() {
        for w in [
            "Mr",
            "Mrs",
            "Messrs",
            "Gen",
            "Gens",
            "Jr",
            "II",
            "Miss",
            "",
            "Sen.",
            "Zelenskyy",
        ] {
            for list in [COURTESY, TITLES, SUFFIXES] {
                assert_eq!(
                    holds_with_period(list, w),
                    list.contains(&format!("{w}.").as_str()),
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn titles_and_organizations_come_off() {
        assert_eq!(
            names("U.S. Treasury Secretary James Baker met Federal Reserve Board chairman Paul Volcker."),
            vec!["James Baker", "Paul Volcker"]
        );
        assert_eq!(
            names("Former White House Chief of Staff Donald Regan resigned in the Bank of France case."),
            vec!["Donald Regan"]
        );
        assert_eq!(
            names("On Monday in January, Japan and Paris said no."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn evidence_is_recorded() {
        let m = one("“It will pass,” said analyst Jack Grubman.");
        assert!(m.titled && m.attributed && !m.sentence_start);
        let m = one("Bakor yesterday moved to defuse speculation.");
        assert!(m.sentence_start && !m.titled);
        let m = one("The plan was Zelenskyy’s idea.");
        assert!(m.possessive);
        let m = one("Later, Mr. O'Brien said no.");
        assert_eq!(m.courtesy.map(|r| r.len()), Some(3));
        assert!(m.attributed && m.titled);
    }

    #[test]
    fn apostrophes_hyphens_initials_particles() {
        assert_eq!(
            names("We met Jean-Pierre O’Brien and J.D. Vance."),
            vec!["Jean-Pierre O’Brien", "J.D. Vance"]
        );
        assert_eq!(
            names("We met Oscar de la Hoya there."),
            vec!["Oscar de la Hoya"]
        );
        assert_eq!(
            names("We honor Martin Luther King Jr. today."),
            vec!["Martin Luther King"]
        );
    }

    #[test]
    fn messy_input_does_not_panic() {
        for t in [
            "",
            "’",
            "A",
            "Ž'",
            "Éé’s",
            "Mr.",
            "🙂 Ana 🙂 Łukasz’",
            "x'\u{301}s",
            "O'",
            "Kyïv-",
        ] {
            let _ = names(t);
        }
    }
}
