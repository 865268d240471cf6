//! `analyze --format html`: a self-contained report a reader opens from disk. The text
//! with its entities, claims and hedges marked in the page's colours, and beside it the
//! summary the page's side panel shows (claims by source, hedges by type, people and
//! organisations by frequency).
//!
//! Safety: every piece of input text and every attribute is escaped here, by [`esc`],
//! and the report carries a Content-Security-Policy that allows inline styles and
//! nothing else, so even markup that slipped through could not run or load anything.
//!
//! Nesting: spans of different layers overlap freely (a claim's content can start
//! inside one hedge's scope and end inside another's). The markup is built from the
//! sorted boundaries of all spans: between two boundaries the set of covering spans is
//! fixed, and the open elements are made to equal that set, closing and reopening the
//! ones that cross. A span cut this way becomes several elements with the same `data-m`
//! id; joined, their texts are exactly the span's text. Text is only ever cut at span
//! boundaries, which the library keeps on `char` boundaries.

use newsmark::{Analysis, Claim, EntityLabel, SourceKind};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// `s` with `& < > " '` replaced by entities: safe in text and in quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One document of the report.
pub enum Doc {
    /// An analysed text; `analysis` has **byte** offsets into `text`.
    Ok { id: Value, text: String, analysis: Analysis },
    /// A bad `--jsonl` line skipped under `--on-error skip`.
    Bad { id: Value, line: u64, error: String },
}

/// Which part of an item a mark is, outermost first: the order in which marks that
/// cover the same text nest.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    HedgeScope,
    ClaimContent,
    ClaimSource,
    ClaimCue,
    Entity,
    HedgeCue,
}

impl Role {
    fn layer(self) -> &'static str {
        match self {
            Role::Entity => "entities",
            Role::ClaimContent | Role::ClaimSource | Role::ClaimCue => "claims",
            Role::HedgeScope | Role::HedgeCue => "hedges",
        }
    }
    fn part(self) -> &'static str {
        match self {
            Role::HedgeScope => "scope",
            Role::ClaimContent => "content",
            Role::ClaimSource => "source",
            Role::ClaimCue => "cue",
            Role::Entity => "entity",
            Role::HedgeCue => "cue",
        }
    }
}

struct Mark {
    start: usize,
    end: usize,
    role: Role,
    class: String,
    title: String,
}

fn source_kind_label(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Named => "named source",
        SourceKind::Described => "described source",
        SourceKind::Vague => "vague source",
        SourceKind::Pronoun => "pronoun source",
        SourceKind::None => "no source",
    }
}

fn hedge_label(t: newsmark::HedgeType) -> &'static str {
    use newsmark::HedgeType::*;
    match t {
        ModalProbable => "probable (modal)",
        ModalPossible => "possible (modal)",
        HypoDoxastic => "belief or hearsay",
        HypoInvestigation => "open question",
        HypoCondition => "condition",
        Weasel => "weasel attribution",
    }
}

/// Vague or missing source: the claims the page draws with a wavy red underline.
fn flagged(c: &Claim) -> bool {
    matches!(c.source_kind, SourceKind::Vague | SourceKind::None)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

/// Who a claim is attributed to, as the panel groups it.
fn who(c: &Claim) -> String {
    match (c.source_kind, &c.source_resolved, &c.source) {
        (SourceKind::None, _, _) => "No source".into(),
        (_, Some(r), _) => squash(&r.text),
        (_, None, Some(s)) => squash(&s.text),
        (_, None, None) => "No source".into(),
    }
}

/// The plain-text description of a claim, for the titles of its parts.
fn claim_title(part: &str, c: &Claim) -> String {
    let mut t = format!("Claim {part} · {}", source_kind_label(c.source_kind));
    if let Some(s) = &c.source {
        let _ = write!(t, ": {}", squash(&s.text));
    }
    if let Some(r) = &c.source_resolved {
        let _ = write!(t, " → {}", squash(&r.text));
    }
    t
}

/// The marks of an analysis and, per claim, the index of the mark the summary links
/// to (its first content piece, else its cue).
fn marks(text: &str, a: &Analysis) -> (Vec<Mark>, Vec<Option<usize>>) {
    let mut out = Vec::new();
    let mut add = |start: u32, end: u32, role: Role, class: String, title: String| -> Option<usize> {
        let (start, end) = (start as usize, end as usize);
        // Empty spans show nothing; the library keeps spans on char boundaries, and a
        // span that is not would be a bug, left unmarked rather than cutting a char.
        if start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end) {
            out.push(Mark { start, end, role, class, title });
            Some(out.len() - 1)
        } else {
            None
        }
    };
    let mut links = Vec::with_capacity(a.claims.len());
    for e in &a.entities {
        add(
            e.start,
            e.end,
            Role::Entity,
            format!("m-ent-{}", e.label.as_str()),
            format!("Entity · {}", e.label.as_str()),
        );
    }
    for c in &a.claims {
        let flag = if flagged(c) { "-flag" } else { "" };
        if let Some(s) = &c.source {
            add(s.start, s.end, Role::ClaimSource, format!("m-claim-source{flag}"), claim_title("source", c));
        }
        let cue =
            add(c.cue.start, c.cue.end, Role::ClaimCue, format!("m-claim-cue{flag}"), claim_title("cue", c));
        let mut first = None;
        for p in &c.content {
            let m = add(
                p.start,
                p.end,
                Role::ClaimContent,
                format!("m-claim-content{flag}"),
                claim_title("content", c),
            );
            first = first.or(m);
        }
        links.push(first.or(cue));
    }
    for h in &a.hedges {
        let label = hedge_label(h.kind);
        if let Some(s) = h.scope {
            add(
                s.start,
                s.end,
                Role::HedgeScope,
                "m-hedge-scope".into(),
                format!("Hedge scope · {label}: {}", squash(&h.cue.text)),
            );
        }
        add(h.cue.start, h.cue.end, Role::HedgeCue, "m-hedge".into(), format!("Hedge · {label}"));
    }
    (out, links)
}

/// The sort key that decides nesting: earlier start outside, then longer outside, then
/// [`Role`] order, then input order (so the key is unique).
type Key = (usize, std::cmp::Reverse<usize>, Role, usize);

fn key(m: &Mark, i: usize) -> Key {
    (m.start, std::cmp::Reverse(m.end), m.role, i)
}

/// Appends `text` as HTML with every mark as one or more `<span>`s carrying
/// `data-m="{prefix}m{i}"`, `i` the mark's index; the first also has that as its `id`.
fn highlight(text: &str, marks: &[Mark], prefix: &str, out: &mut String) {
    let mut bounds: BTreeSet<usize> = BTreeSet::new();
    bounds.insert(0);
    bounds.insert(text.len());
    let mut starts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut ends: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, m) in marks.iter().enumerate() {
        bounds.insert(m.start);
        bounds.insert(m.end);
        starts.entry(m.start).or_default().push(i);
        ends.entry(m.end).or_default().push(i);
    }
    let mut active: BTreeSet<Key> = BTreeSet::new();
    let mut open: Vec<Key> = Vec::new();
    let mut seen = vec![false; marks.len()];
    let bounds: Vec<usize> = bounds.into_iter().collect();
    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        for &i in ends.get(&a).into_iter().flatten() {
            active.remove(&key(&marks[i], i));
        }
        for &i in starts.get(&a).into_iter().flatten() {
            active.insert(key(&marks[i], i));
        }
        // The open elements must equal `active`, in order: keep the common prefix,
        // close the rest innermost first, open what is missing outermost first.
        let common = open.iter().zip(active.iter()).take_while(|(x, y)| x == y).count();
        for _ in common..open.len() {
            out.push_str("</span>");
        }
        open.truncate(common);
        for k in active.iter().skip(common) {
            let i = k.3;
            let m = &marks[i];
            let _ = write!(
                out,
                "<span class=\"{}\" data-layer=\"{}\" data-part=\"{}\" data-m=\"{prefix}m{i}\" title=\"{}\"",
                m.class,
                m.role.layer(),
                m.role.part(),
                esc(&m.title)
            );
            if !seen[i] {
                // The first piece is the link target of the summary's entries.
                let _ = write!(out, " id=\"{prefix}m{i}\"");
                seen[i] = true;
            }
            out.push('>');
            open.push(*k);
        }
        out.push_str(&esc(&text[a..b]));
    }
    for _ in 0..open.len() {
        out.push_str("</span>");
    }
}

/// The id of a document as a reader should see it: a string as is, anything else as JSON.
fn show_id(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        Value::Null => "(no id)".into(),
        other => other.to_string(),
    }
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "0%".into()
    } else {
        format!("{:.0}%", 100.0 * n as f64 / of as f64)
    }
}

/// The side panel: counts, claims by source kind and by source, hedges by type,
/// people and organisations by frequency.
fn summary(a: &Analysis, marks_of_claims: &[Option<usize>], prefix: &str, out: &mut String) {
    let claims = &a.claims;
    let nflag = claims.iter().filter(|c| flagged(c)).count();
    let _ = write!(
        out,
        "<aside><dl class=\"counts\"><div class=\"c-ent\"><dt>Entities</dt><dd>{}</dd></div>\
         <div class=\"c-claim\"><dt>Claims</dt><dd>{}</dd></div>\
         <div class=\"c-hedge\"><dt>Hedges</dt><dd>{}</dd></div></dl>",
        a.entities.len(),
        claims.len(),
        a.hedges.len()
    );
    let _ = write!(
        out,
        "<p class=\"share\"><strong data-share>{}</strong> of claims have a vague or missing source ({nflag} of {})</p>",
        pct(nflag, claims.len()),
        claims.len()
    );

    out.push_str("<h3>Claims by source kind</h3><table class=\"kinds\"><tbody>");
    for k in
        [SourceKind::Named, SourceKind::Described, SourceKind::Vague, SourceKind::Pronoun, SourceKind::None]
    {
        let of_kind: Vec<&Claim> = claims.iter().filter(|c| c.source_kind == k).collect();
        let label = match k {
            SourceKind::Pronoun => {
                let resolved = of_kind.iter().filter(|c| c.source_resolved.is_some()).count();
                format!("pronoun, resolved to a name ({resolved} of {})", of_kind.len())
            }
            _ => source_kind_label(k).to_string(),
        };
        let flag = if matches!(k, SourceKind::Vague | SourceKind::None) { " class=\"flag\"" } else { "" };
        let _ = write!(
            out,
            "<tr{flag} data-kind=\"{}\"><th>{}</th><td>{}</td></tr>",
            k.as_str(),
            esc(&label),
            of_kind.len()
        );
    }
    out.push_str("</tbody></table>");

    // Grouped by who is speaking, as the panel does: flagged groups first, then by size.
    out.push_str("<h3>Claims by source</h3>");
    let mut groups: Vec<(String, bool, SourceKind, Vec<usize>)> = Vec::new();
    let mut index: BTreeMap<(bool, String), usize> = BTreeMap::new();
    for (ci, c) in claims.iter().enumerate() {
        let w = who(c);
        let k = (!flagged(c), w.to_lowercase());
        let g = *index.entry(k).or_insert_with(|| {
            groups.push((w, flagged(c), c.source_kind, Vec::new()));
            groups.len() - 1
        });
        groups[g].3.push(ci);
    }
    groups.sort_by(|x, y| y.1.cmp(&x.1).then(y.3.len().cmp(&x.3.len())));
    if groups.is_empty() {
        out.push_str("<p class=\"empty\">No claims.</p>");
    } else {
        out.push_str("<ul class=\"groups\">");
        for (w, flag, kind, list) in &groups {
            let _ = write!(
                out,
                "<li class=\"group{}\"><div class=\"group-head\"><span class=\"who\">{}</span><span class=\"kind\">{} · {}</span></div><ul>",
                if *flag { " flag" } else { "" },
                esc(w),
                source_kind_label(*kind),
                list.len()
            );
            for &ci in list {
                let c = &claims[ci];
                let body = c.content.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" … ");
                let body = clip(&squash(if body.is_empty() { &c.cue.text } else { &body }), 110);
                match marks_of_claims.get(ci).copied().flatten() {
                    Some(m) => {
                        let _ = write!(out, "<li><a href=\"#{prefix}m{m}\">{}</a></li>", esc(&body));
                    }
                    None => {
                        let _ = write!(out, "<li>{}</li>", esc(&body));
                    }
                }
            }
            out.push_str("</ul></li>");
        }
        out.push_str("</ul>");
    }

    out.push_str("<h3>Hedges by type</h3>");
    let mut by_type: Vec<(newsmark::HedgeType, usize)> = newsmark::HedgeType::ALL
        .into_iter()
        .map(|t| (t, a.hedges.iter().filter(|h| h.kind == t).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    by_type.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    if by_type.is_empty() {
        out.push_str("<p class=\"empty\">No hedges.</p>");
    } else {
        out.push_str("<table class=\"hedges\"><tbody>");
        for (t, n) in by_type {
            let _ =
                write!(out, "<tr data-type=\"{}\"><th>{}</th><td>{n}</td></tr>", t.as_str(), hedge_label(t));
        }
        out.push_str("</tbody></table>");
    }

    out.push_str("<h3>People and organisations</h3>");
    let mut freq: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    for e in &a.entities {
        if matches!(e.label, EntityLabel::Person | EntityLabel::Org) {
            *freq.entry((e.label.as_str(), squash(&e.text))).or_default() += 1;
        }
    }
    let mut freq: Vec<_> = freq.into_iter().collect();
    freq.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    if freq.is_empty() {
        out.push_str("<p class=\"empty\">None found.</p>");
    } else {
        out.push_str("<ul class=\"chips\">");
        for ((label, name), n) in freq {
            let _ = write!(
                out,
                "<li class=\"chip t-ent-{label}\" title=\"{label}\">{} <b>{n}</b></li>",
                esc(&name)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</aside>");
}

const STYLE: &str = r#"
:root {
  --bg: #f8f7f3; --fg: #1c1c1e; --muted: #5b5e66; --panel: #ffffff; --line: #d9d6cc; --accent: #0b6e66;
  --person: #d6e6ff; --org: #eadffd; --place: #d3f3dc; --misc: #e6e9ee; --num: #fdeebb;
  --claim: #0b6e66; --claim-soft: #0b6e6699; --flag: #c0362c; --hedge: #a3206a; --hedge-soft: #a3206a66;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15161a; --fg: #e7e6e3; --muted: #a3a6ad; --panel: #1e2026; --line: #363943; --accent: #4fd1c1;
    --person: #1f3b63; --org: #3c2c63; --place: #1c4a30; --misc: #353a45; --num: #4d3d0f;
    --claim: #4fd1c1; --claim-soft: #4fd1c1a0; --flag: #ff7b6e; --hedge: #f28ac8; --hedge-soft: #f28ac866;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, nav.toc { max-width: 82rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 1.25rem; padding-bottom: .5rem; }
h1 { margin: 0; font-size: 1.6rem; letter-spacing: -.02em; }
h1::before { content: "❝"; color: var(--accent); margin-right: .3rem; }
header p { margin: .15rem 0 .4rem; color: var(--muted); }
a { color: var(--accent); }
.legend { display: flex; flex-wrap: wrap; gap: .35rem 1.1rem; color: var(--muted); font-size: .9rem; margin: 0; padding: 0; list-style: none; }
.legend span { color: var(--fg); padding: 0 .2rem; border-radius: .2rem; text-underline-offset: .22em; }
nav.toc ol { margin: .3rem 0 1rem; padding-left: 1.5rem; columns: 18rem; }
nav.toc .bad a { color: var(--flag); }
section.doc { max-width: 82rem; margin: 0 auto; padding: 0 1.5rem 2rem; }
section.doc > h2 { font-size: 1.15rem; margin: 1rem 0 .6rem; overflow-wrap: anywhere; }
section.doc > h2 small { color: var(--muted); font-weight: 400; }
.cols { display: grid; grid-template-columns: minmax(0, 1fr) 21rem; gap: 1.5rem; align-items: start; }
@media (max-width: 60rem) { .cols { grid-template-columns: 1fr; } }
.text {
  margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: .75rem; padding: 1.25rem 1.5rem;
  font: 1.075rem/1.9 Charter, "Iowan Old Style", Georgia, "DejaVu Serif", serif;
  white-space: pre-wrap; overflow-wrap: break-word; text-underline-offset: .24em;
}
.error { border: 1px solid var(--flag); color: var(--flag); border-radius: .75rem; padding: .8rem 1.1rem; margin: 0; background: var(--panel); }
.m-ent-PERSON { background-color: var(--person); }
.m-ent-ORG { background-color: var(--org); }
.m-ent-PLACE { background-color: var(--place); }
.m-ent-MISC { background-color: var(--misc); }
.m-ent-DATE, .m-ent-TIME, .m-ent-MONEY, .m-ent-PERCENT, .m-ent-QUANTITY { background-color: var(--num); }
.m-claim-content { text-decoration: underline solid 2px var(--claim-soft); }
.m-claim-source { text-decoration: underline double 3px var(--claim); }
.m-claim-cue { color: var(--claim); text-decoration: underline solid 3px var(--claim); }
.m-claim-content-flag { text-decoration: underline wavy 1.5px var(--flag); }
.m-claim-source-flag { color: var(--flag); text-decoration: underline double 3px var(--flag); }
.m-claim-cue-flag { color: var(--flag); text-decoration: underline solid 3px var(--flag); }
.m-hedge { color: var(--hedge); text-decoration: overline dotted 2px var(--hedge); }
.m-hedge-scope { text-decoration: overline dotted 1px var(--hedge-soft); }
.text [id]:target { outline: 2px solid var(--accent); outline-offset: 1px; border-radius: .15rem; }
aside { background: var(--panel); border: 1px solid var(--line); border-radius: .75rem; padding: 1rem 1.1rem; }
.counts { display: grid; grid-template-columns: repeat(3, 1fr); gap: .5rem; margin: 0; }
.counts div { border-radius: .5rem; padding: .4rem .6rem; background: var(--bg); }
.counts dt { font-size: .8rem; color: var(--muted); }
.counts dd { margin: 0; font-size: 1.5rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.c-claim dd { color: var(--claim); }
.c-hedge dd { color: var(--hedge); }
.share { margin: .7rem 0 0; font-size: .9rem; }
.share strong { color: var(--flag); }
aside h3 { font-size: 1rem; margin: 1.1rem 0 .5rem; }
aside table { border-collapse: collapse; width: 100%; font-size: .9rem; }
aside th { text-align: left; font-weight: 400; padding: .1rem 0; }
aside td { text-align: right; font-variant-numeric: tabular-nums; }
aside tr.flag th, aside tr.flag td { color: var(--flag); }
.empty { color: var(--muted); font-size: .9rem; margin: 0; }
.groups, .groups ul { list-style: none; padding: 0; margin: 0; }
.group { border-left: 3px solid var(--claim); padding: .15rem 0 .15rem .6rem; margin-bottom: .7rem; }
.group.flag { border-left-color: var(--flag); }
.group-head { display: flex; justify-content: space-between; gap: .5rem; align-items: baseline; }
.who { font-weight: 600; }
.group.flag .who { color: var(--flag); }
.kind { font-size: .75rem; color: var(--muted); white-space: nowrap; }
.groups ul li { font-size: .85rem; line-height: 1.35; margin: .2rem 0; }
.groups a { color: var(--fg); text-decoration: none; }
.groups a:hover, .groups a:focus-visible { text-decoration: underline; }
.chips { display: flex; flex-wrap: wrap; gap: .3rem; list-style: none; padding: 0; margin: 0; }
.chip { font-size: .8rem; padding: .05rem .5rem; border-radius: 1rem; background: var(--misc); }
.chip.t-ent-PERSON { background: var(--person); } .chip.t-ent-ORG { background: var(--org); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
"#;

const LEGEND: &str = "<ul class=\"legend\">\
<li><span class=\"m-ent-PERSON\">person</span> <span class=\"m-ent-ORG\">organisation</span> \
<span class=\"m-ent-PLACE\">place</span> <span class=\"m-ent-MISC\">other name</span> \
<span class=\"m-ent-DATE\">date, figure</span></li>\
<li><span class=\"m-claim-source\">source</span> <span class=\"m-claim-cue\">cue</span> \
<span class=\"m-claim-content\">claim</span></li>\
<li><span class=\"m-claim-content-flag\">claim with a vague or no source</span></li>\
<li><span class=\"m-hedge\">hedge</span> <span class=\"m-hedge-scope\">what it weakens</span></li>\
</ul>";

/// The whole report. `title` names the input (a file name or `<stdin>`); `toc` adds a
/// table of contents (the `--jsonl` report).
pub fn report(title: &str, docs: &[Doc], toc: bool) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">\
         <title>newsmark: {}</title><style>{STYLE}</style></head><body>\n\
         <header><h1>newsmark report</h1><p>{}{}</p>{LEGEND}</header>\n",
        esc(title),
        esc(title),
        if toc { format!(" · {} document{}", docs.len(), if docs.len() == 1 { "" } else { "s" }) } else { String::new() },
    );
    if toc {
        out.push_str("<nav class=\"toc\" aria-label=\"Documents\"><ol>");
        for (n, d) in docs.iter().enumerate() {
            match d {
                Doc::Ok { id, analysis, .. } => {
                    let _ = write!(
                        out,
                        "<li><a href=\"#doc-{n}\">{}</a> <small>{} claims, {} hedges</small></li>",
                        esc(&show_id(id)),
                        analysis.claims.len(),
                        analysis.hedges.len()
                    );
                }
                Doc::Bad { id, line, .. } => {
                    let _ = write!(
                        out,
                        "<li class=\"bad\"><a href=\"#doc-{n}\">{} (line {line}: error)</a></li>",
                        esc(&show_id(id))
                    );
                }
            }
        }
        out.push_str("</ol></nav>\n");
    }
    out.push_str("<main>");
    for (n, d) in docs.iter().enumerate() {
        let prefix = format!("d{n}-");
        match d {
            Doc::Ok { id, text, analysis } => {
                let _ = write!(out, "<section class=\"doc\" id=\"doc-{n}\">");
                if toc {
                    let _ = write!(out, "<h2>{}</h2>", esc(&show_id(id)));
                }
                out.push_str("<div class=\"cols\"><div class=\"text\">");
                let (ms, link) = marks(text, analysis);
                highlight(text, &ms, &prefix, &mut out);
                out.push_str("</div>");
                summary(analysis, &link, &prefix, &mut out);
                out.push_str("</div></section>\n");
            }
            Doc::Bad { id, line, error } => {
                let _ = write!(
                    out,
                    "<section class=\"doc\" id=\"doc-{n}\"><h2>{} <small>line {line}</small></h2>\
                     <p class=\"error\" data-error>Not analysed: {}</p></section>",
                    esc(&show_id(id)),
                    esc(error)
                );
                out.push('\n');
            }
        }
    }
    out.push_str("</main></body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmark::{Entity, Hedge, HedgeType, Part, Span};

    fn unescape(s: &str) -> String {
        assert!(!s.contains(['<', '>', '"']), "unescaped markup in {s:?}");
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// Parses [`highlight`]'s output: checks every `</span>` closes an open `<span>`,
    /// that no mark is open inside itself, and returns the whole text and each mark's
    /// text joined over its pieces, with the number of pieces.
    fn parse(html: &str) -> (String, BTreeMap<String, (String, usize)>) {
        let mut text = String::new();
        let mut marks: BTreeMap<String, (String, usize)> = BTreeMap::new();
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            let lt = rest.find('<').unwrap_or(rest.len());
            let t = unescape(&rest[..lt]);
            for m in &stack {
                marks.get_mut(m).unwrap().0.push_str(&t);
            }
            text.push_str(&t);
            rest = &rest[lt..];
            if rest.is_empty() {
                break;
            }
            let gt = rest.find('>').unwrap();
            let tag = &rest[..=gt];
            rest = &rest[gt + 1..];
            if tag == "</span>" {
                stack.pop().expect("a </span> closes an open <span>");
                continue;
            }
            assert!(tag.starts_with("<span class=\""), "{tag}");
            let m = tag.split("data-m=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            assert!(!stack.contains(&m), "{m} opened inside itself");
            marks.entry(m.clone()).or_default().1 += 1;
            stack.push(m);
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        (text, marks)
    }

    fn at(text: &str, needle: &str) -> Span {
        let s = text.find(needle).unwrap();
        Span::new(s as u32, (s + needle.len()) as u32)
    }

    #[test]
    fn crossing_identical_and_adjacent_spans_nest_and_keep_their_exact_text() {
        let text = "Ann Lee may say “we <b>will</b> & win” in Zürich 😀 now.";
        let ent = |needle: &str, label| {
            let s = at(text, needle);
            Entity { start: s.start, end: s.end, label, text: needle.into() }
        };
        let part = |needle: &str| Part::new(text, at(text, needle));
        // The hedge scope starts before the claim content and ends inside it; the
        // place starts inside the content and ends after it; the source and a person
        // cover the same text; the cue ends where the content starts.
        let scope = at(text, "may say “we <b>will");
        let a = Analysis {
            entities: vec![ent("Ann Lee", EntityLabel::Person), ent("Zürich 😀", EntityLabel::Place)],
            claims: vec![Claim {
                cue: part("say "),
                source: Some(part("Ann Lee")),
                content: vec![part("“we <b>will</b> & win” in Zürich")],
                source_kind: SourceKind::Named,
                source_resolved: None,
            }],
            hedges: vec![Hedge { cue: part("may"), kind: HedgeType::ModalPossible, scope: Some(scope) }],
        };
        let (ms, links) = marks(text, &a);
        assert_eq!(ms.len(), 7);
        let mut html = String::new();
        highlight(text, &ms, "d0-", &mut html);
        let (shown, got) = parse(&html);
        assert_eq!(shown, text);
        for (i, m) in ms.iter().enumerate() {
            assert_eq!(got[&format!("d0-m{i}")].0, &text[m.start..m.end], "mark {i}");
        }
        // Crossing spans are cut: the content inside the scope and after it; the
        // place inside the content and after it.
        let content = ms.iter().position(|m| m.role == Role::ClaimContent).unwrap();
        let place = ms.iter().position(|m| m.class == "m-ent-PLACE").unwrap();
        assert_eq!(got[&format!("d0-m{content}")].1, 2);
        assert_eq!(got[&format!("d0-m{place}")].1, 2);
        assert_eq!(links, [Some(content)]);
        // Only the first piece has the id the summary links to.
        assert_eq!(html.matches(&format!("id=\"d0-m{content}\"")).count(), 1);
        assert_eq!(html.matches(&format!("data-m=\"d0-m{content}\"")).count(), 2);
    }

    #[test]
    fn no_marks_and_empty_text() {
        let mut html = String::new();
        highlight("a < b & c", &[], "d0-", &mut html);
        assert_eq!(html, "a &lt; b &amp; c");
        let mut html = String::new();
        highlight("", &[], "d0-", &mut html);
        assert_eq!(html, "");
    }

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
