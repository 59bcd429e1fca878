#include "network.hpp"

#include <fmt/format.h>

#include <fstream>

namespace site {

std::string network_page(const std::filesystem::path& demo_dir, const std::filesystem::path& site_dir) {
    // The page always loads data/network.js; without a demo run it holds null.
    std::filesystem::create_directories(site_dir / "data");
    std::ofstream(site_dir / "data/network.js") << "window.NETWORK_DATA = null;\n";
    return fmt::format(
        "<h1>학습한 신경망 보기 (trained network)</h1>\n"
        "<p class=\"notice\" id=\"network-missing\">아직 데모를 실행하지 않았습니다. "
        "<code>./workbook demo</code>로 7장의 SimpleConvNet을 학습시킨 뒤 <code>./workbook docs</code>를 "
        "다시 실행하면, 이 페이지에 1층 필터 (filter)의 학습 전후 모습과, 고른 시험 숫자에 대한 계층별 "
        "활성화 맵 (activation map), 점수와 예측이 나타납니다. (찾은 곳: <code>{}</code>)</p>\n",
        demo_dir.string());
}

}  // namespace site
