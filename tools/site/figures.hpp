// The site's figures, drawn at build time by running the reference chapters on the notes' worked
// examples, so that a picture shows what the code computes.
#pragma once

#include <string>
#include <vector>

namespace site {

struct Figure {
    std::string id;                    ///< HTML id, e.g. "fig-padding"
    std::string page;                  ///< the guide it belongs to, e.g. "docs/ko/01_padding.md"
    std::vector<std::string> anchors;  ///< heading ids it goes under, the first one found wins
    std::string title;                 ///< Korean title with the English term
    std::string caption;               ///< what the reader sees, where it comes from (HTML)
    std::string svg;
};

std::vector<Figure> draw_figures();

}  // namespace site
