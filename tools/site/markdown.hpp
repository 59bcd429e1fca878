// Markdown to HTML through cmark-gfm (GitHub's own dialect: the guides read the same here as on a
// repository page), with the site's additions made on the syntax tree: relative links point to the
// site's pages, test names link to their line in tests/, WE-NN mentions link to the worked example,
// headings get ids (a worked example's heading gets its id, #WE-23), and figures go under the
// heading of their worked example.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace site {

struct LinkContext {
    std::string source;  ///< the Markdown file, relative to the repository root
    std::string root;    ///< from the page's folder to the site root, e.g. "../../"
    /// Repository path (file or folder) -> site path of its page, "" when it has none.
    std::function<std::string(const std::string&)> page_for;
    std::map<std::string, std::string> tests;        ///< test name -> site path with #L line
    std::map<std::string, std::string> examples;     ///< "WE-23" -> site path with #WE-23
    std::map<std::string, std::string> figures;      ///< heading id -> HTML to put at the end of its section
    bool example_table = false;                      ///< the worked-example index: its first column gets the ids
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
