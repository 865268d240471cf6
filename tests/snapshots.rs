//! Snapshot tests of the whole `Analysis` on short articles written for the project
//! (fiction, not copied from any publisher), one per fixture in `tests/fixtures/`.
//!
//! Why snapshots: every layer changes what it finds when a model is retrained, and a
//! reviewer should see exactly which spans moved. A model or rule change updates these
//! with `INSTA_UPDATE=always cargo test --test snapshots` and the diff goes in review.

use newsmark::{analyze, Analysis};

fn check(name: &str) -> Analysis {
    let path = format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let analysis = analyze(&text).expect("analysis");
    insta::assert_json_snapshot!(name, analysis);
    analysis
}

#[test]
fn harbor_strike() {
    let a = check("harbor-strike");
    // Beyond the snapshot, what a reader would insist on.
    assert!(a.entities.iter().any(|e| e.text == "Jonas Reuter" && e.label.as_str() == "PERSON"));
    assert!(a.claims.iter().any(|c| c.source.as_ref().is_some_and(|s| s.text.contains("Jonas Reuter"))));
    assert!(a.hedges.iter().any(|h| h.cue.text == "may"));
}

#[test]
fn vaccine_trial() {
    let a = check("vaccine-trial");
    assert!(a.entities.iter().any(|e| e.text.contains("Amara Osei") && e.label.as_str() == "PERSON"));
    assert!(a.entities.iter().any(|e| e.text == "71%" && e.label.as_str() == "PERCENT"));
    assert!(a.claims.iter().any(|c| c.source_kind.as_str() == "vague"), "\"Some experts warned\"");
}

#[test]
fn election_night() {
    let a = check("election-night");
    assert!(a.entities.iter().any(|e| e.text.contains("Rosa Alvarez") && e.label.as_str() == "PERSON"));
    // "We are not going to accept a result," Lanz said, "that nobody can verify."
    assert!(a.claims.iter().any(|c| c.content.len() >= 2), "a quote split by its attribution is one claim");
    assert!(a.hedges.iter().any(|h| h.cue.text == "alleged"));
}
