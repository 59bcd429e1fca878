// The page that shows the trained network (chapter 07's `./workbook demo`): what it needs from the
// demo's output folder, exported as data the page only displays.
#pragma once

#include <filesystem>
#include <string>

namespace site {

/// Writes data/network.js into the site from the demo's output folder (its weights, run on the
/// first test digit of every label) and returns the page body. Without a demo run (or without
/// chapter 07) the page says so and says how to make one.
std::string network_page(const std::filesystem::path& demo_dir, const std::filesystem::path& site_dir,
                         const std::filesystem::path& root);

}  // namespace site
