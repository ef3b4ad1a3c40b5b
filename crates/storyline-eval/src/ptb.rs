//! Undo Penn Treebank tokenisation, so that tokenised research text (Timeline17's articles)
//! reads as the plain news text Storyline is built for: `Obama 's plan , he said .` becomes
//! `Obama's plan, he said.`

/// The text with PTB tokens joined back: punctuation and clitics attached to their word, the
/// bracket and quote tokens (`-LRB-`, ``` `` ```, `''`) turned back into characters. Line
/// breaks are kept.
pub fn detokenize(text: &str) -> String {
    text.split('\n')
        .map(|line| detokenize_line(line.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Tokens that attach to the word before them.
fn joins_left(t: &str) -> bool {
    matches!(
        t,
        "." | ","
            | ";"
            | ":"
            | "?"
            | "!"
            | "%"
            | ")"
            | "]"
            | "}"
            | "..."
            | "n't"
            | "'s"
            | "'re"
            | "'ve"
            | "'ll"
            | "'d"
            | "'m"
            | "'S"
            | "N'T"
            | "'RE"
            | "'VE"
            | "'LL"
            | "'D"
            | "'M"
    )
}

/// Tokens that attach to the word after them.
fn joins_right(t: &str) -> bool {
    matches!(t, "(" | "[" | "{" | "$" | "#")
}

fn detokenize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // Whether the next token attaches to what came before (after an opening bracket or quote).
    let mut glue = true;
    // Straight double quotes open and close in turn.
    let mut open_quote = false;
    for raw in line.split_whitespace() {
        let token = match raw {
            "-LRB-" | "-lrb-" => "(",
            "-RRB-" | "-rrb-" => ")",
            "-LSB-" | "-lsb-" => "[",
            "-RSB-" | "-rsb-" => "]",
            "-LCB-" | "-lcb-" => "{",
            "-RCB-" | "-rcb-" => "}",
            "``" => "\u{1}",
            "''" => "\u{2}",
            t => t,
        };
        let (text, attach_left, attach_right) = match token {
            "\u{1}" => ("\"", false, true),
            "\u{2}" => ("\"", true, false),
            "\"" => {
                open_quote = !open_quote;
                ("\"", !open_quote, open_quote)
            }
            t => (t, joins_left(t), joins_right(t)),
        };
        if !out.is_empty() && !glue && !attach_left {
            out.push(' ');
        }
        out.push_str(text);
        glue = attach_right;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_join_back_into_plain_text() {
        assert_eq!(
            detokenize("Obama 's plan , he said , was `` bold '' -LRB- and costly -RRB- ."),
            "Obama's plan, he said, was \"bold\" (and costly)."
        );
        assert_eq!(
            detokenize("It did n't cost $ 5 ; 40 % said so .\nNext line ?"),
            "It didn't cost $5; 40% said so.\nNext line?"
        );
        assert_eq!(detokenize("He said \" no \" ."), "He said \"no\".");
        assert_eq!(detokenize(""), "");
    }
}
