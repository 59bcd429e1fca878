// Markdown to HTML through cmark-gfm (GitHub's own dialect: the guides read the same here as on a
// repository page), with the site's additions made on the syntax tree: relative links point to the
// site's pages, test names link to their line in tests/, WE-NN mentions link to the worked example,
// headings get ids (a worked example's heading gets its id, #WE-23), figures go under the
// heading of their worked example, and the first use of each glossary term links to its entry.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace site {

/// One row of docs/ko/glossary.md: the term, its anchor on the glossary page, its English.
struct GlossaryTerm {
    std::string term;     ///< "제로 패딩", or a verb's stem "나눠떨어지" for "나눠떨어지다"
    std::string id;       ///< glossary_id of the term as the glossary writes it
    std::string english;  ///< the second column, for the link's title
    bool stem = false;    ///< a verb's stem: the link runs to the end of the word (나눠떨어지지)
};

/// The anchor of a term on the glossary page: "term-제로-패딩".
std::string glossary_id(const std::string& term);

/// Where word first stands at the start of a word in text (the character before it is no Hangul,
/// ASCII letter or digit), or npos: 파라미터 is found in "파라미터를", not in "하이퍼파라미터".
std::size_t find_at_word_start(const std::string& text, const std::string& word);

struct LinkContext {
    std::string source;  ///< the Markdown file, relative to the repository root
    std::string root;    ///< from the page's folder to the site root, e.g. "../../"
    /// Repository path (file or folder) -> site path of its page, "" when it has none.
    std::function<std::string(const std::string&)> page_for;
    std::map<std::string, std::string> tests;        ///< test name -> site path with #L line
    std::map<std::string, std::string> examples;     ///< "WE-23" -> site path with #WE-23
    std::map<std::string, std::string> figures;      ///< heading id -> HTML to put at the end of its section
    bool example_table = false;                      ///< the worked-example index: its first column gets the ids
    /// The glossary's terms, longest first. On any other page the first use of each links to its
    /// entry; on the glossary page (glossary_page empty) each term's own cell gets its id.
    std::vector<GlossaryTerm> glossary;
    std::string glossary_page;                       ///< "docs/ko/glossary.html", or "" on that page
};

struct Rendered {
    std::string html;
    std::string title;                    ///< the text of the first heading
    std::vector<std::string> heading_ids;
    std::vector<std::string> placed_figures;  ///< heading ids whose figure found its place
    std::set<std::string> linked_files;       ///< repository files this page links to
};

Rendered render_markdown(const std::string& text, const LinkContext& ctx);

/// "a/b/../c" -> "a/c"; "" when the path climbs out of the root.
std::string normalize(const std::string& path);

}  // namespace site
