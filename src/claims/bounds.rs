//! The caps of [`crate::limits`] applied to every claim, whoever found it (the learned
//! model, the rules, or the structural cues the rules add).
//!
//! Why after finding rather than inside each rule: the rules and the role model each
//! have their own idea of where a content ends (the end of the sentence, of the line, of
//! a quotation), and one pass here is the single place that guarantees the output bound
//! for all of them. Partners are located through the sorted list of cues (a bisection per
//! claim), never by scanning the document.

use super::Found;
use crate::limits::{CUE_WINDOW_TOKENS, MAX_CONTENT_TOKENS, MAX_CUES_BETWEEN, MAX_SOURCE_TOKENS};
use std::ops::Range;

/// Clamps every claim in `found` (over a document of `n` tokens) to the limits: source
/// and content pieces stay between the cues [`MAX_CUES_BETWEEN`] + 1 away on either side
/// and within [`CUE_WINDOW_TOKENS`] of their cue; content holds at most
/// [`MAX_CONTENT_TOKENS`] tokens, nearest pieces first; a source at most
/// [`MAX_SOURCE_TOKENS`], those nearest the cue.
pub fn apply(n: usize, found: &mut [Found]) {
    let mut cues: Vec<Range<usize>> = found.iter().map(|f| f.cue.clone()).collect();
    cues.sort_by_key(|c| (c.start, c.end));
    cues.dedup_by_key(|c| c.start);
    for f in found.iter_mut() {
        let at = cues.partition_point(|c| c.start < f.cue.start);
        let lo = at.checked_sub(MAX_CUES_BETWEEN + 1).and_then(|k| cues.get(k)).map_or(0, |c| c.end);
        let hi = cues.get(at + MAX_CUES_BETWEEN + 1).map_or(n, |c| c.start);
        let (lo, hi) = (
            lo.max(f.cue.start.saturating_sub(CUE_WINDOW_TOKENS + MAX_CONTENT_TOKENS)),
            hi.min(f.cue.end + CUE_WINDOW_TOKENS + MAX_CONTENT_TOKENS),
        );
        f.source = f.source.take().and_then(|r| clamp_source(&f.cue, r, lo, hi));
        clamp_content(&f.cue, &mut f.content, lo, hi);
    }
}

/// Tokens between `r` and the cue (0 when they touch or overlap).
fn gap(cue: &Range<usize>, r: &Range<usize>) -> usize {
    if r.end <= cue.start {
        cue.start - r.end
    } else {
        r.start.saturating_sub(cue.end)
    }
}

/// `r` cut to at most `max` tokens, keeping the end nearest the cue.
fn nearest(cue: &Range<usize>, r: Range<usize>, max: usize) -> Range<usize> {
    if r.len() <= max {
        r
    } else if r.end <= cue.start {
        r.end - max..r.end
    } else {
        r.start..r.start + max
    }
}

fn clamp_source(cue: &Range<usize>, r: Range<usize>, lo: usize, hi: usize) -> Option<Range<usize>> {
    let r = r.start.max(lo)..r.end.min(hi);
    (r.start < r.end && gap(cue, &r) <= CUE_WINDOW_TOKENS).then(|| nearest(cue, r, MAX_SOURCE_TOKENS))
}

fn clamp_content(cue: &Range<usize>, pieces: &mut Vec<Range<usize>>, lo: usize, hi: usize) {
    pieces.retain_mut(|r| {
        *r = r.start.max(lo)..r.end.min(hi);
        r.start < r.end && gap(cue, r) <= CUE_WINDOW_TOKENS
    });
    if pieces.iter().map(|r| r.len()).sum::<usize>() <= MAX_CONTENT_TOKENS {
        return;
    }
    // Nearest pieces first keep their tokens; the one that crosses the cap is cut at its
    // far end, and those beyond it go.
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&k| (gap(cue, &pieces[k]), k));
    let mut left = MAX_CONTENT_TOKENS;
    for k in order {
        let r = std::mem::replace(&mut pieces[k], 0..0);
        if left > 0 {
            pieces[k] = nearest(cue, r, left);
            left -= pieces[k].len();
        }
    }
    pieces.retain(|r| r.start < r.end);
}

#[cfg(test)]
// Content is a list of pieces; one piece is the common case, not a mistaken range.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn claim(cue: Range<usize>, source: Option<Range<usize>>, content: Vec<Range<usize>>) -> Found {
        Found { cue, source, content }
    }

    #[test]
    fn short_claims_are_untouched() {
        let mut f = vec![claim(5..6, Some(3..5), vec![6..20]), claim(30..31, None, vec![21..29, 32..40])];
        let before = f.clone();
        apply(100, &mut f);
        assert_eq!(f, before);
    }

    #[test]
    fn content_stops_before_the_fifth_other_cue() {
        // Cues at every other token: "said x said x …".
        let mut f: Vec<Found> =
            (0..50).map(|k| claim(2 * k..2 * k + 1, None, vec![2 * k + 1..100])).collect();
        apply(100, &mut f);
        for (k, c) in f.iter().enumerate() {
            let cues_inside = f.iter().filter(|o| c.content.iter().any(|r| r.contains(&o.cue.start))).count();
            assert!(cues_inside <= MAX_CUES_BETWEEN, "claim {k}: {cues_inside}");
            assert_eq!(c.content[0].start, 2 * k + 1);
        }
    }

    #[test]
    fn long_content_keeps_the_pieces_nearest_the_cue() {
        let mut f = vec![claim(300..301, Some(299..300), vec![50..290, 301..600])];
        apply(1000, &mut f);
        let c = &f[0];
        assert_eq!(c.content.iter().map(|r| r.len()).sum::<usize>(), MAX_CONTENT_TOKENS);
        // The piece after the cue touches it, so it comes first and fills the cap.
        assert_eq!(c.content, vec![301..301 + MAX_CONTENT_TOKENS]);
        let mut f = vec![claim(300..301, None, vec![0..290, 301..350])];
        apply(1000, &mut f);
        assert_eq!(f[0].content, vec![290 - (MAX_CONTENT_TOKENS - 49)..290, 301..350]);
    }

    #[test]
    fn a_far_or_huge_source_is_cut_or_dropped() {
        let mut f = vec![claim(500..501, Some(0..500), vec![501..510])];
        apply(1000, &mut f);
        assert_eq!(f[0].source, Some(500 - MAX_SOURCE_TOKENS..500));
        let mut f = vec![claim(500..501, Some(10..20), vec![501..510])];
        apply(1000, &mut f);
        assert_eq!(f[0].source, None);
    }
}
