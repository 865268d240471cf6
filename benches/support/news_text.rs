//! A realistic news text of any length, for benchmarks, assembled from sentences
//! written for this project (no publisher's copy). A fixed linear-congruential
//! sequence picks and varies them, so every run measures the same text.
//!
//! The sentences cover what the pipeline meets in real copy: headlines and bylines on
//! their own lines, quotes of several kinds with speakers before and after, hedges,
//! abbreviations, initials, money, percentages, dates, URLs and a little non-ASCII.

const HEADLINES: &[&str] = &[
    "Council approves harbour plan after months of delay",
    "Shares slide as chipmaker warns of weaker demand",
    "Flood defences may not hold, engineers say",
    "Talks on water treaty resume in Geneva",
];

const BYLINES: &[&str] =
    &["By Maria Okafor", "By Daniel Reyes and Priya Natarajan", "From our correspondent in Zürich"];

const SENTENCES: &[&str] = &[
    "The city council voted 7-2 on Tuesday to approve a $280 million plan to rebuild the harbour, officials said.",
    "“We have waited long enough,” said Mayor Elena Fischer, who has backed the project since 2019.",
    "Critics warned that the cost could rise by as much as 40% if construction is delayed again.",
    "According to a report by the Harbour Authority, the work may take until Jan. 2027 to finish.",
    "Dr. Samuel K. Osei, an engineer at the University of Lagos, said the design appeared sound.",
    "The company, Meridian Dredging Corp., declined to comment on the figures.",
    "Shares of Halvard Inc. fell 3.5% to $42.10 in early trading in New York on Friday.",
    "Analysts said the decline was probably driven by fears of a slowdown in the U.S. and Europe.",
    "\"It's not a crisis, but it isn't good news either,\" one trader told reporters.",
    "The firm's chief executive, J. R. Whitfield, said demand would likely recover in the second half.",
    "In a statement posted at https://example.org/statements/2024-q3, the firm said it remained confident.",
    "Engineers at the site said the barrier might fail if water levels rose above 4.2 metres.",
    "It remains unclear whether the national government will cover the shortfall of €1.2bn.",
    "Residents, many of whom have lived in the area for decades, said they were not consulted.",
    "“Nobody asked us,” said Ana Lúcia Pereira, 67, a retired teacher. “They just drew lines on a map.”",
    "The minister reportedly told colleagues that the treaty could be signed before the summer.",
    "Talks between the two sides broke down in 2021 amid allegations of bad faith.",
    "A spokeswoman for the ministry, reached by e-mail at press@ministry.example.gov, did not respond.",
    "Some experts believe the agreement is the best chance in a generation to settle the dispute.",
    "Others suggested that the deal would do little to address shortages in the dry season.",
    "The U.N. envoy, Kofi Mensah-Adjei, said on Monday that both delegations had shown goodwill.",
    "He added that a final text was “within reach” but that several issues were still open.",
    "Water use in the basin has risen by about 1,200 cubic metres a day since the 1990s.",
    "Farmers say they can't plan their planting without knowing how much water they'll get.",
    "At 9:30 a.m. local time, protesters gathered outside the council building — some carrying banners.",
    "Police estimated the crowd at 2,500; organisers put it closer to 10,000.",
    "The protest was peaceful, police said, and no arrests were made.",
    "Gov. Rachel Lindqvist has said she will decide whether to intervene after reviewing the plan.",
    "Her office said the governor was “deeply concerned” about the rising costs.",
    "The project's supporters argue it will create about 3,000 jobs over five years.",
    "Opponents, including the group Save Our Shore, say the estimate is allegedly inflated.",
    "“These numbers don't add up,” said the group's director, Tomás Ibáñez.",
    "The council is expected to hold a second vote on the financing in March.",
    "If the plan goes ahead, dredging could begin as early as next spring.",
    "Officials in Tokyo and 東京 Bay ports are watching the outcome closely, one diplomat said.",
    "The report, which runs to 312 pages, was published on Wednesday.",
    "It is possible that some of the funding will come from private investors, the mayor suggested.",
    "A similar scheme in Rotterdam was completed two years late and 57% over budget.",
    "The chipmaker said revenue in the quarter was $3.1bn, down from $3.6bn a year earlier.",
    "Its shares have lost nearly a third of their value since January.",
    "“We're seeing customers hold off on orders,” Whitfield said on a call with analysts.",
    "Some investors appear to believe the worst is over.",
    "Others were less sure. “It may get worse before it gets better,” said Lena Park of Northgate Capital.",
    "The company plans to cut about 4% of its workforce, according to people familiar with the matter.",
    "Mr. Whitfield did not say when the cuts would take effect.",
    "The Federal Reserve is widely expected to hold rates steady at its next meeting.",
    "A decision on the treaty is not expected before Oct. 15, diplomats said.",
    "Both sides have agreed not to discuss the talks in public, a source close to the negotiations said.",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// About `words` words of news copy: articles of a headline, a byline, and paragraphs
/// of two to four sentences, separated by blank lines.
pub fn news_text(words: usize) -> String {
    let mut rng = Lcg(42);
    let mut out = String::new();
    let mut count = 0;
    while count < words {
        let h = HEADLINES[rng.next(HEADLINES.len())];
        let b = BYLINES[rng.next(BYLINES.len())];
        out.push_str(h);
        out.push('\n');
        out.push_str(b);
        out.push_str("\n\n");
        count += h.split_whitespace().count() + b.split_whitespace().count();
        for _ in 0..6 {
            for k in 0..2 + rng.next(3) {
                let s = SENTENCES[rng.next(SENTENCES.len())];
                if k > 0 {
                    out.push(' ');
                }
                out.push_str(s);
                count += s.split_whitespace().count();
            }
            out.push_str("\n\n");
        }
    }
    out
}
