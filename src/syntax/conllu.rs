//! A CoNLL-U reader for the treebank the syntax models are trained on (feature `train`).
//!
//! Only what training and evaluation need is kept: word forms, UPOS, XPOS, head and
//! the basic relation. Multiword tokens (`3-4 don't`) are kept as [`Fused`] ranges
//! over the syntactic words (`do`, `n't`) so the trainer can decide, per token, whether
//! newsmark's tokenizer would see the words or the fused surface form. Empty nodes
//! (`8.1`, enhanced graphs only) are skipped: they have no surface form and no basic head.

use super::Upos;

/// One syntactic word (a CoNLL-U line with an integer id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub upos: Upos,
    pub xpos: String,
    /// 1-based index of the head word; 0 for the root.
    pub head: u32,
    /// The basic relation, subtype included (`nsubj:pass`).
    pub deprel: String,
}

/// A multiword token: words `first..=last` (0-based) written as one surface `form`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fused {
    pub first: usize,
    pub last: usize,
    pub form: String,
}

/// One sentence of the treebank.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# text = …` comment, when present.
    pub text: Option<String>,
    pub words: Vec<Word>,
    /// Multiword tokens, in order.
    pub fused: Vec<Fused>,
}

/// Parses a whole CoNLL-U file. Errors name the line.
pub fn parse(src: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur = Sentence::default();
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(text) = comment.trim_start().strip_prefix("text =") {
                cur.text = Some(text.trim().to_string());
            }
            continue;
        }
        parse_line(line, &mut cur).map_err(|e| format!("line {}: {e}", n + 1))?;
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn parse_line(line: &str, cur: &mut Sentence) -> Result<(), String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(format!("expected 10 tab-separated columns, found {}", cols.len()));
    }
    let id = cols[0];
    if id.contains('.') {
        return Ok(()); // empty node
    }
    if let Some((a, b)) = id.split_once('-') {
        let a: usize = a.parse().map_err(|_| format!("bad range id `{id}`"))?;
        let b: usize = b.parse().map_err(|_| format!("bad range id `{id}`"))?;
        if a == 0 || b < a {
            return Err(format!("bad range id `{id}`"));
        }
        cur.fused.push(Fused { first: a - 1, last: b - 1, form: cols[1].to_string() });
        return Ok(());
    }
    let id: usize = id.parse().map_err(|_| format!("bad word id `{id}`"))?;
    if id != cur.words.len() + 1 {
        return Err(format!("word id {id} out of sequence"));
    }
    let upos = Upos::parse(cols[3]).ok_or_else(|| format!("unknown UPOS `{}`", cols[3]))?;
    let head: u32 = cols[6].parse().map_err(|_| format!("bad head `{}`", cols[6]))?;
    cur.words.push(Word {
        form: cols[1].to_string(),
        upos,
        xpos: cols[4].to_string(),
        head,
        deprel: cols[7].to_string(),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = x\n# sent_id = 1\n# text = I don't know.\n\
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t4:nsubj\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
4.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t0:root\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\
\n\
# text = Go!\n\
1\tGo\tgo\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t1:punct\t_\n";

    #[test]
    fn reads_words_fused_tokens_and_comments() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text.as_deref(), Some("I don't know."));
        let forms: Vec<&str> = s[0].words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["I", "do", "n't", "know", "."]); // the empty node 4.1 is skipped
        assert_eq!(s[0].fused, [Fused { first: 1, last: 2, form: "don't".into() }]);
        assert_eq!(s[0].words[2].upos, Upos::Part);
        assert_eq!(s[0].words[3].head, 0);
        assert_eq!(s[0].words[0].deprel, "nsubj");
        assert_eq!(s[1].words.len(), 2);
        assert!(s[1].fused.is_empty());
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("# c\n1\tGo\tgo\tVERBISH\tVB\t_\t0\troot\t_\t_\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        assert!(parse("1\tGo\tgo\tVERB\n").is_err());
        assert!(parse("2\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n").is_err());
    }
}
