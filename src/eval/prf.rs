//! Precision, recall and F1 from counts.
//!
//! Why counts and not ratios: every metric is micro-averaged, so documents add their
//! true positives, predictions and gold items, and the ratios are taken once at the
//! end. A ratio with a zero denominator is 0 (no prediction: precision 0; nothing to
//! find: recall 0), so an empty system never looks perfect; the counts are always
//! reported beside it so the reader can tell "nothing there" from "all wrong".

use serde::ser::{Serialize, SerializeStruct, Serializer};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
/// Counts of one metric, and the precision, recall and F1 they give.
pub struct Prf {
    /// Items both predicted and in the gold.
    pub tp: u64,
    /// Items predicted.
    pub pred: u64,
    /// Items in the gold.
    pub gold: u64,
}

impl Prf {
    /// The counts `tp`, `pred` and `gold`.
    pub fn new(tp: u64, pred: u64, gold: u64) -> Prf {
        Prf { tp, pred, gold }
    }

    /// Adds `other`'s counts (micro-averaging).
    pub fn add(&mut self, other: Prf) {
        self.tp += other.tp;
        self.pred += other.pred;
        self.gold += other.gold;
    }

    /// `tp / pred` (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.pred)
    }

    /// `tp / gold` (0 when the gold is empty).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        // 2·tp / (pred + gold) equals 2PR/(P+R) and has no 0/0 when P = R = 0.
        ratio(2 * self.tp, self.pred + self.gold)
    }

    /// Precision in percent, as the trainers print it.
    pub fn precision_pct(&self) -> f64 {
        100.0 * self.precision()
    }

    /// Recall in percent.
    pub fn recall_pct(&self) -> f64 {
        100.0 * self.recall()
    }

    /// F1 in percent.
    pub fn f1_pct(&self) -> f64 {
        100.0 * self.f1()
    }

    /// Counts of one document from two item sets.
    pub fn from_sets<T: Ord>(
        pred: &std::collections::BTreeSet<T>,
        gold: &std::collections::BTreeSet<T>,
    ) -> Prf {
        let tp = pred.intersection(gold).count() as u64;
        Prf::new(tp, pred.len() as u64, gold.len() as u64)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Serialize for Prf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Prf", 6)?;
        st.serialize_field("p", &self.precision())?;
        st.serialize_field("r", &self.recall())?;
        st.serialize_field("f1", &self.f1())?;
        st.serialize_field("tp", &self.tp)?;
        st.serialize_field("pred", &self.pred)?;
        st.serialize_field("gold", &self.gold)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios() {
        let m = Prf::new(3, 4, 6);
        assert_eq!(m.precision(), 0.75);
        assert_eq!(m.recall(), 0.5);
        assert!((m.f1() - 0.6).abs() < 1e-12);
    }

    #[test]
    fn zero_denominators_are_zero() {
        let m = Prf::new(0, 0, 5);
        assert_eq!((m.precision(), m.recall(), m.f1()), (0.0, 0.0, 0.0));
        let empty = Prf::default();
        assert_eq!(empty.f1(), 0.0);
    }
}
