// The site's figures, drawn at build time by running the reference chapters on the notes' worked
// examples, so that a picture shows what the code computes.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace site {

struct Figure {
    std::string id;                    ///< HTML id, e.g. "fig-padding"
    std::string page;                  ///< the guide it belongs to, e.g. "docs/ko/01_padding.md"
    std::vector<std::string> anchors;  ///< heading ids it goes under, the first one found wins
    std::string title;                 ///< Korean title with the English term
    std::string caption;               ///< what the reader sees, where it comes from (HTML)
    std::string svg;
    /// What the figure draws that a worked example's test also states, as that test's name writes
    /// it: {"WE-08", "[[15,17,15],[17,15,17],[15,17,15]]"}. The site is not built when a test of
    /// that worked example does not name it (check_figures).
    std::vector<std::pair<std::string, std::string>> claims;
    /// What the figure found wrong while drawing (a sum it worked out that the model answer did not give).
    std::vector<std::string> problems;
};

std::vector<Figure> draw_figures();

/// Every claim of every figure that no test of its worked example names, and every problem a figure
/// found, as one Korean and English line each; test_names are the TEST_CASE names under tests/.
std::vector<std::string> check_figures(const std::vector<Figure>& figures, const std::vector<std::string>& test_names);

/// The figures against docs/worked-examples.md (its text): every worked example a figure claims
/// or its caption names must be a row of the table, a claim's value must be in that row, and every
/// number a caption states in a sentence naming a worked example (a matrix, a shape, a size like
/// 24x24, a count) must be in the row of that example. One Korean and English line per difference.
std::vector<std::string> check_captions(const std::vector<Figure>& figures, const std::string& worked_examples_md);

}  // namespace site
