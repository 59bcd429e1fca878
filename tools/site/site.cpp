// workbook_site: builds the readers' website from the Korean guides, the chapter sheets and the
// worked-example index, with figures drawn by the reference chapters; or serves a built site.
//
//   workbook_site --root . --out build/site [--demo out]
//   workbook_site --serve build/site [--port 8000]
#include "conv_demo.hpp"
#include "figures.hpp"
#include "markdown.hpp"
#include "network.hpp"
#include "serve.hpp"
#include "svg.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace site {
namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("cannot read {}", p.string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", p.string()));
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// "../" once for every folder the site path is in.
std::string root_of(const std::string& site_path) {
    std::string r;
    for (char c : site_path)
        if (c == '/') r += "../";
    return r;
}

struct Chapter {
    std::string folder;  // "01_padding"
    std::string label;   // "01 합성곱 연산과 패딩"
    std::string guide;   // site path or ""
    std::string sheet;   // site path or ""
};

class SiteBuilder {
public:
    SiteBuilder(fs::path root, fs::path out, fs::path demo) : root_(std::move(root)), out_(std::move(out)), demo_(std::move(demo)) {}

    void build() {
        // A figure or the interactive convolution that disagrees with the tests and the model
        // answers stops the build before anything is written.
        index_tests();
        figures_ = draw_figures();
        conv_ = conv_demo_json();
        check_against_tests();

        // Start from an empty folder so that no page of an earlier build outlives its guide; refuse
        // to empty a folder that is not a site.
        if (fs::exists(out_) && !fs::is_empty(out_)) {
            if (!fs::exists(out_ / "assets/site.css"))
                throw std::runtime_error(fmt::format("{} is not empty and holds no site; choose another --out", out_.string()));
            fs::remove_all(out_);
        }
        template_ = read(root_ / "tools/site/templates/page.html");
        collect_pages();

        // First pass: the headings each page has, so that WE-NN links and figures know their places.
        std::map<std::string, std::vector<std::string>> ids;
        for (std::size_t i = 0; i < queue_.size(); ++i) {
            const std::string& md = queue_[i];
            ids[md] = render(md, /*final=*/false).heading_ids;
        }
        locate_examples(ids);
        place_figures(ids);
        load_glossary();
        chapters_ = find_chapters();
        for (const auto& [md, path] : pages_) {
            const std::string name = md.substr(md.rfind('/') + 1);
            if (md.rfind("docs/ko/", 0) != 0 || md.find('/', 8) != std::string::npos) continue;
            if (std::isdigit(static_cast<unsigned char>(name[0])) || name == "README.md" || name == "glossary.md" ||
                name == "instructor.md")
                continue;
            const std::string text = read(root_ / md);
            const auto h1 = text.find("# ");
            extra_guides_.emplace_back(md, h1 == std::string::npos ? name : text.substr(h1 + 2, text.find('\n', h1) - h1 - 2));
        }

        for (std::size_t i = 0; i < queue_.size(); ++i) {
            const std::string md = queue_[i];
            const Rendered r = render(md, /*final=*/true);
            page(pages_.at(md), r.title.empty() ? md : r.title, r.html);
        }
        own_words_ = {{"index.html", index_body()}, {"figures.html", figures_body()}, {"conv.html", conv_body()}};
        page("index.html", "처음 (home)", index_body());
        page("figures.html", "그림 모음 (figures)", figures_body());
        page("conv.html", "합성곱 직접 해 보기 (interactive convolution)", conv_body(),
             R"(<script defer src="{{root}}data/conv-data.js"></script><script defer src="{{root}}assets/conv-math.js"></script>)"
             R"(<script defer src="{{root}}assets/conv.js"></script>)");
        const std::string network = network_page(demo_, out_, root_);
        own_words_.emplace_back("network.html", network);
        page("network.html", "학습한 신경망 보기 (trained network)", network,
             R"(<script defer src="{{root}}data/network.js"></script><script defer src="{{root}}assets/network.js"></script>)");
        for (const std::string& src : sources_) source_page(src);
        copy_assets();
        check_own_words();
        fmt::print("docs: {}쪽 (pages), 그림 (figures) {}개, 소스 보기 {}쪽 → {}\n", written_, figures_.size(),
                   sources_.size(), (out_ / "index.html").string());
    }

private:
    fs::path root_, out_, demo_;
    std::string template_;
    std::map<std::string, std::string> pages_;  // Markdown file -> site path
    std::deque<std::string> queue_;             // Markdown files in the order they are rendered
    std::set<std::string> sources_;             // repository files shown as source pages
    std::map<std::string, std::string> tests_;
    std::map<std::string, std::string> examples_;
    std::vector<Figure> figures_;
    nlohmann::json conv_;  // the interactive convolution's data, computed by cnn::conv3d
    std::map<std::string, std::map<std::string, std::string>> figures_at_;  // page -> heading id -> HTML
    std::set<std::string> placed_;
    std::vector<Chapter> chapters_;
    std::vector<GlossaryTerm> glossary_;  // longest first
    std::vector<std::pair<std::string, std::string>> avoided_;  // expression the glossary avoids -> its term
    std::vector<std::pair<std::string, std::string>> own_words_;  // where -> Korean text this program writes
    std::vector<std::pair<std::string, std::string>> extra_guides_;  // docs/ko pages outside the chapters
    int written_ = 0;

    void add_page(const std::string& md) {
        if (pages_.count(md)) return;
        pages_[md] = md.substr(0, md.size() - 3) + ".html";
        queue_.push_back(md);
    }

    void collect_pages() {
        std::vector<std::string> found;
        for (const auto& e : fs::directory_iterator(root_ / "docs/ko"))
            if (e.path().extension() == ".md") found.push_back("docs/ko/" + e.path().filename().string());
        for (const auto& e : fs::directory_iterator(root_ / "chapters"))
            if (fs::exists(e.path() / "README.md")) found.push_back("chapters/" + e.path().filename().string() + "/README.md");
        std::sort(found.begin(), found.end());
        for (const auto& f : found) add_page(f);
        if (fs::exists(root_ / "docs/worked-examples.md")) add_page("docs/worked-examples.md");
    }

    // Every TEST_CASE("name") under tests/: the name links to its line.
    void index_tests() {
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(root_ / "tests"))
            if (e.is_regular_file() && e.path().extension() == ".cpp") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            const std::string rel = fs::relative(f, root_).generic_string();
            std::ifstream in(f);
            std::string line;
            for (int n = 1; std::getline(in, line); ++n) {
                const auto at = line.find("TEST_CASE(\"");
                if (at == std::string::npos) continue;
                std::string name;
                for (std::size_t i = at + 11; i < line.size() && line[i] != '"'; ++i) {
                    if (line[i] == '\\' && i + 1 < line.size()) ++i;
                    name += line[i];
                }
                tests_.emplace(name, fmt::format("src/{}.html#L{}", rel, n));
                sources_.insert(rel);
            }
        }
    }

    // The figures' numbers against the names of the worked examples' tests, and the interactive
    // convolution's own arithmetic (the page's script, run here) against cnn::conv3d.
    void check_against_tests() const {
        std::vector<std::string> names;
        for (const auto& [name, where] : tests_) names.push_back(name);
        std::vector<std::string> problems = check_figures(figures_, names);
        for (std::string& p : check_captions(figures_, read(root_ / "docs/worked-examples.md"))) problems.push_back(std::move(p));
        for (std::string& p : check_conv_page(read(root_ / "tools/site/assets/conv-math.js"), conv_)) problems.push_back(std::move(p));
        for (std::string& p : check_refusal_agrees(conv_, read(root_ / "tests/cli/stride-refusal.txt"))) problems.push_back(std::move(p));
        if (problems.empty()) return;
        std::string text = "사이트의 그림이나 합성곱 데모가 테스트·모범 답안과 다릅니다 (the site disagrees with the tests):";
        for (const std::string& p : problems) text += "\n  " + p;
        throw std::runtime_error(text);
    }

    // What this program writes in Korean itself (the pages not made from Markdown, the scripts,
    // the refusal messages) follows the glossary as `workbook verify glossary` makes the guides do:
    // none of the expressions it lists to avoid, outside code and quoted titles.
    void check_own_words() {
        for (const auto& e : fs::directory_iterator(root_ / "tools/site/assets"))
            if (e.path().extension() == ".js") own_words_.emplace_back("assets/" + e.path().filename().string(), read(e.path()));
        for (const auto& c : conv_.at("cases"))
            if (c.contains("error_ko")) own_words_.emplace_back("data/conv.json", c.at("error_ko").get<std::string>());
        std::vector<std::string> problems;
        for (auto [where, text] : own_words_) {
            // Blank out code and 「quoted titles」: they are spelled as their source spells them.
            for (const auto& [open, close] : {std::pair<std::string, std::string>{"<code>", "</code>"}, {"「", "」"}})
                for (auto at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
                    const auto end = text.find(close, at);
                    if (end == std::string::npos) break;
                    text.replace(at, end - at, std::string(end - at, ' '));
                }
            for (const auto& [variant, term] : avoided_)
                if (find_at_word_start(text, variant) != std::string::npos)
                    problems.push_back(fmt::format("{}: \"{}\" 대신 용어집의 \"{}\" (glossary: use \"{}\")", where, variant, term, term));
        }
        if (problems.empty()) return;
        std::string text = "사이트가 쓰는 말이 용어집과 다릅니다 (the site's own words do not follow docs/ko/glossary.md):";
        for (const std::string& p : problems) text += "\n  " + p;
        throw std::runtime_error(text);
    }

    std::string page_for(const std::string& target) {
        const fs::path p = root_ / target;
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            if (fs::exists(p / "README.md")) return page_for(target + "/README.md");
            return "";
        }
        if (!fs::is_regular_file(p, ec)) return "";
        if (ends_with(target, ".md")) {
            add_page(target);
            return pages_.at(target);
        }
        sources_.insert(target);
        return "src/" + target + ".html";
    }

    Rendered render(const std::string& md, bool final) {
        LinkContext ctx;
        ctx.source = md;
        ctx.root = root_of(pages_.at(md));
        ctx.page_for = [this](const std::string& t) { return page_for(t); };
        ctx.tests = tests_;
        ctx.example_table = md == "docs/worked-examples.md";
        if (final) {
            ctx.examples = examples_;
            if (!glossary_.empty()) {
                ctx.glossary = glossary_;
                ctx.glossary_page = md == "docs/ko/glossary.md" ? "" : pages_.at("docs/ko/glossary.md");
            }
            if (auto f = figures_at_.find(md); f != figures_at_.end()) {
                for (auto [id, html] : f->second) {
                    replace_all(html, "{{root}}", ctx.root);
                    ctx.figures[id] = html;
                }
            }
        }
        return render_markdown(read(root_ / md), ctx);
    }

    // The first column of the glossary's tables: its terms; the second: their English. A verb
    // ("나눠떨어지다") is found by its stem, whatever ending it has in a sentence.
    void load_glossary() {
        if (!pages_.count("docs/ko/glossary.md")) return;
        std::istringstream in(read(root_ / "docs/ko/glossary.md"));
        const auto trim = [](std::string s) {
            const auto a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
            return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
        };
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("| ", 0) != 0) continue;
            const auto second = line.find('|', 1), third = line.find('|', second + 1);
            if (second == std::string::npos || third == std::string::npos) continue;
            const std::string term = trim(line.substr(1, second - 1));
            std::string english = trim(line.substr(second + 1, third - second - 1));
            if (term.empty() || term == "용어" || term.find('-') != std::string::npos) continue;
            const auto fourth = line.find('|', third + 1);
            std::string avoid = trim(line.substr(third + 1, fourth == std::string::npos ? std::string::npos : fourth - third - 1));
            for (std::size_t start = 0; avoid != "—" && start < avoid.size();) {
                const auto slash = avoid.find(" / ", start);
                const std::string variant = trim(avoid.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
                if (!variant.empty()) avoided_.emplace_back(variant, term);
                start = slash == std::string::npos ? avoid.size() : slash + 3;
            }
            english.erase(std::remove(english.begin(), english.end(), '`'), english.end());
            GlossaryTerm g{term, glossary_id(term), english, false};
            const std::string da = "다";
            if (ends_with(term, da) && term.size() >= 3 * da.size()) {
                g.term = term.substr(0, term.size() - da.size());
                g.stem = true;
            }
            glossary_.push_back(g);
        }
        std::stable_sort(glossary_.begin(), glossary_.end(),
                         [](const GlossaryTerm& a, const GlossaryTerm& b) { return a.term.size() > b.term.size(); });
    }

    void locate_examples(const std::map<std::string, std::vector<std::string>>& ids) {
        // The worked-example index names every id; a guide's heading, where there is one, is the target.
        for (const auto& [md, list] : ids)
            for (const auto& id : list)
                if (id.size() == 5 && id.compare(0, 3, "WE-") == 0) {
                    const bool guide = md.rfind("docs/ko/", 0) == 0;
                    auto it = examples_.find(id);
                    if (it == examples_.end() || (guide && it->second.find("docs/ko/") != 0))
                        examples_[id] = pages_.at(md) + "#" + id;
                }
        if (pages_.count("docs/worked-examples.md")) {
            const std::string text = read(root_ / "docs/worked-examples.md");
            for (std::size_t at = text.find("| WE-"); at != std::string::npos; at = text.find("| WE-", at + 1)) {
                const std::string id = text.substr(at + 2, 5);
                examples_.emplace(id, "docs/worked-examples.html#" + id);
            }
        }
    }

    std::string figure_html(const Figure& f) const {
        return fmt::format("<figure class=\"fig\" id=\"{}\">\n<div class=\"fig-svg\">\n{}</div>\n"
                           "<figcaption><strong>그림: {}</strong> {}</figcaption>\n</figure>\n",
                           f.id, f.svg, escape(f.title), f.caption);
    }

    void place_figures(const std::map<std::string, std::vector<std::string>>& ids) {
        for (Figure& f : figures_) {
            auto page = ids.find(f.page);
            if (page == ids.end()) {
                // A guide may be named a little differently (07_simpleconvnet.md): same chapter number.
                const std::string prefix = f.page.substr(0, f.page.find('_') + 1);
                for (auto it = ids.begin(); it != ids.end(); ++it)
                    if (it->first.rfind(prefix, 0) == 0 && prefix.size() > 8) page = it;
                if (page == ids.end()) continue;
                f.page = page->first;
            }
            for (const auto& anchor : f.anchors)
                if (std::find(page->second.begin(), page->second.end(), anchor) != page->second.end()) {
                    figures_at_[f.page][anchor] = figure_html(f);
                    placed_.insert(f.id);
                    break;
                }
        }
    }

    std::vector<Chapter> find_chapters() const {
        std::map<std::string, Chapter> by_number;
        const auto label_from = [](const std::string& title) {
            std::string t = title;
            if (auto dash = t.find("— "); dash != std::string::npos) t = t.substr(dash + 4);
            return t;
        };
        for (const auto& [md, path] : pages_) {
            std::string folder;
            bool guide = false;
            if (md.rfind("docs/ko/", 0) == 0 && md.size() > 11 && std::isdigit(static_cast<unsigned char>(md[8]))) {
                folder = md.substr(8, md.size() - 11);
                guide = true;
            } else if (md.rfind("chapters/", 0) == 0 && ends_with(md, "/README.md")) {
                folder = md.substr(9, md.size() - 19);
            } else {
                continue;
            }
            Chapter& c = by_number[folder.substr(0, 2)];
            c.folder = folder;
            (guide ? c.guide : c.sheet) = path;
            const std::string first = read(root_ / md).substr(0, 400);
            const auto h1 = first.find("# ");
            if (h1 != std::string::npos && (guide || c.label.empty())) {
                std::string title = first.substr(h1 + 2, first.find('\n', h1) - h1 - 2);
                title = label_from(title);
                c.label = folder.substr(0, 2) + " " + title;
            }
        }
        std::vector<Chapter> out;
        for (auto& [n, c] : by_number) out.push_back(c);
        return out;
    }

    std::string nav(const std::string& here) const {
        const std::string root = root_of(here);
        const auto link = [&](const std::string& path, const std::string& label) {
            return fmt::format(R"(<a href="{}{}"{}>{}</a>)", root, path, path == here ? R"( class="current" aria-current="page")" : "",
                               label);
        };
        std::string s = "<p class=\"nav-h\">장별 (by chapter)</p>\n<ol class=\"chapters\">\n";
        for (const Chapter& c : chapters_) {
            s += fmt::format("<li><span class=\"chapter\">{}</span><br>", escape(c.label));
            std::vector<std::string> parts;
            if (!c.guide.empty()) parts.push_back(link(c.guide, "해설"));
            if (!c.sheet.empty()) parts.push_back(link(c.sheet, "문제지"));
            for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? " · " : "") + parts[i];
            s += "</li>\n";
        }
        s += "</ol>\n<p class=\"nav-h\">함께 보기</p>\n<ul>\n";
        s += "<li>" + link("conv.html", "합성곱 직접 해 보기") + "</li>\n";
        s += "<li>" + link("network.html", "학습한 신경망 보기") + "</li>\n";
        s += "<li>" + link("figures.html", "그림 모음") + "</li>\n";
        if (pages_.count("docs/worked-examples.md")) s += "<li>" + link("docs/worked-examples.html", "예제 목록 (WE)") + "</li>\n";
        if (pages_.count("docs/ko/glossary.md")) s += "<li>" + link("docs/ko/glossary.html", "용어집 (glossary)") + "</li>\n";
        if (pages_.count("docs/ko/README.md")) s += "<li>" + link("docs/ko/README.html", "해설 안내") + "</li>\n";
        // Other guides (appendices): by their own titles.
        for (const auto& [md, title] : extra_guides_) s += "<li>" + link(pages_.at(md), escape(title)) + "</li>\n";
        if (pages_.count("docs/ko/instructor.md")) s += "<li>" + link("docs/ko/instructor.html", "강사용 안내") + "</li>\n";
        s += "</ul>\n";
        return s;
    }

    void page(const std::string& path, const std::string& title, std::string content, const std::string& head = "") {
        std::string html = template_;
        const std::string root = root_of(path);
        replace_all(content, "{{root}}", root);
        replace_all(html, "{{title}}", escape(title));
        replace_all(html, "{{nav}}", nav(path));
        replace_all(html, "{{head}}", head);
        replace_all(html, "{{content}}", content);
        replace_all(html, "{{root}}", root);
        write(out_ / path, html);
        ++written_;
    }

    std::string index_body() const {
        std::string s =
            "<h1>ConvNet 워크북 — 읽을거리</h1>\n"
            "<p>『밑바닥부터 시작하는 딥러닝』 7장과 CS231n 강의 노트 \"Convolutional Neural Networks\"를 따라가며 "
            "합성곱 신경망 (convolutional neural network, CNN)을 C++로 직접 만들어 보는 워크북의 해설 (guide)과 "
            "문제지 (exercise sheet)입니다. 그림은 모두 워크북의 모범 답안 (model answer) 코드를 실행해 그렸고, "
            "테스트 이름을 누르면 그 테스트가 있는 줄로 갑니다.</p>\n"
            "<table class=\"chapters-table\"><thead><tr><th>장</th><th>해설</th><th>문제지</th></tr></thead><tbody>\n";
        for (const Chapter& c : chapters_) {
            s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(c.label),
                             c.guide.empty() ? "—" : fmt::format(R"(<a href="{{{{root}}}}{}">해설</a>)", c.guide),
                             c.sheet.empty() ? "—" : fmt::format(R"(<a href="{{{{root}}}}{}">문제지</a>)", c.sheet));
        }
        s += "</tbody></table>\n<ul>\n"
             "<li><a href=\"{{root}}conv.html\">합성곱 직접 해 보기</a>: CS231n 노트의 데모처럼 패딩한 7x7x3 입력 위에서 윈도우를 "
             "한 칸씩 옮기며 곱과 합을 봅니다.</li>\n"
             "<li><a href=\"{{root}}network.html\">학습한 신경망 보기</a>: <code>./workbook demo</code>로 학습한 "
             "SimpleConvNet의 필터와 특징 맵 (feature map).</li>\n"
             "<li><a href=\"{{root}}figures.html\">그림 모음</a>: 해설에 들어간 그림을 한곳에.</li>\n</ul>\n";
        return s;
    }

    std::string figures_body() const {
        std::string s = "<h1>그림 모음 (figures)</h1>\n<p>해설에 들어간 그림입니다. 모두 빌드할 때 모범 답안을 실행해 "
                        "그렸으므로, 코드와 그림이 서로 다를 수 없습니다.</p>\n";
        for (const Figure& f : figures_) {
            std::string where;
            if (placed_.count(f.id) && pages_.count(f.page)) {
                for (const auto& [id, html] : figures_at_.at(f.page))
                    if (html.find(fmt::format("id=\"{}\"", f.id)) != std::string::npos)
                        where = fmt::format(R"(<p class="fig-where"><a href="{{{{root}}}}{}#{}">해설에서 보기</a></p>)",
                                            pages_.at(f.page), id);
            }
            std::string html = figure_html(f);
            replace_all(html, fmt::format("id=\"{}\"", f.id), fmt::format("id=\"{}-all\"", f.id));
            s += html + where + "\n";
        }
        return s;
    }

    std::string conv_body() const {
        return "<h1>합성곱 직접 해 보기 (interactive convolution)</h1>\n"
               "<p>CS231n 강의 노트 \"Convolutional Neural Networks\"의 데모와 같은 크기입니다: 5x5x3 입력에 패딩 "
               "(padding) 1을 둘러 7x7x3, 3x3x3 필터 (filter) 두 개, 스트라이드 (stride) 2, 출력 3x3x2. 출력 칸을 하나씩 옮겨 가며 그 칸의 "
               "윈도우 (window), 채널별 곱, 합을 봅니다. 스트라이드와 패딩을 바꿀 수 있으며, 맞지 않는 스트라이드는 "
               "워크북과 같은 오류 메시지로 거부됩니다.</p>\n"
               "<p>출력의 한 변은 $$O = \\frac{H + 2P - F}{S} + 1$$ 이고, 이 값이 정수가 아니면 그 스트라이드는 "
               "쓸 수 없습니다 (『밑바닥부터 시작하는 딥러닝』 7.2.4절 식 7.1). 출력 한 칸은 세 채널의 윈도우와 필터를 "
               "곱해 모두 더한 $o_{k,i,j} = \\sum_{c}\\sum_{a,b} x_{c,\\,Si+a,\\,Sj+b}\\, w_{k,c,a,b} + b_k$ 입니다.</p>\n"
               "<p class=\"small\">페이지가 계산한 출력은 빌드할 때 모범 답안 <code>cnn::conv3d</code>를 실행해 내보낸 "
               "값(<a href=\"{{root}}data/conv.json\">data/conv.json</a>)과 비교되며, 다르면 빨간 경고가 뜹니다.</p>\n"
               "<div id=\"conv-demo\" class=\"conv-demo\"><noscript>이 데모는 JavaScript가 필요합니다.</noscript></div>\n";
    }

    void source_page(const std::string& src) {
        std::ifstream in(root_ / src);
        std::string line, body;
        for (int n = 1; std::getline(in, line); ++n)
            body += fmt::format(R"(<span class="line" id="L{0}"><a class="ln" href="#L{0}">{0}</a>{1}</span>)", n,
                                escape(line));
        page("src/" + src + ".html", src,
             fmt::format("<h1 class=\"source-title\"><code>{}</code></h1>\n<pre class=\"source\"><code>{}</code></pre>\n",
                         escape(src), body));
    }

    void copy_assets() {
        const auto copy_dir = [](const fs::path& from, const fs::path& to) {
            fs::create_directories(to);
            fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        };
        copy_dir(root_ / "tools/site/assets", out_ / "assets");
        const fs::path katex = "/usr/share/javascript/katex";
        if (!fs::exists(katex / "katex.min.js"))
            throw std::runtime_error("KaTeX is missing: apt-get install libjs-katex (./workbook docs installs it)");
        copy_dir(katex, out_ / "katex");
        write(out_ / "data/conv.json", conv_.dump(1) + "\n");
        // A script, not a fetch: pages opened from disk (file://) may not fetch their neighbours.
        write(out_ / "data/conv-data.js", "window.CONV_DATA = " + conv_.dump() + ";\n");
    }
};

}  // namespace
}  // namespace site

int main(int argc, char** argv) {
    // A handful of options, read by hand: CLI11 would double this file's compile time.
    std::string root = ".", out = "build/site", demo = "out", serve_dir;
    int port = 8000;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--root" && has_value) root = argv[++i];
        else if (arg == "--out" && has_value) out = argv[++i];
        else if (arg == "--demo" && has_value) demo = argv[++i];
        else if (arg == "--serve" && has_value) serve_dir = argv[++i];
        else if (arg == "--port" && has_value) port = std::atoi(argv[++i]);
        else {
            fmt::print(stderr, "usage: workbook_site [--root DIR] [--out DIR] [--demo DIR] | --serve DIR [--port N]\n");
            return 2;
        }
    }
    try {
        if (!serve_dir.empty()) return site::serve(serve_dir, port);
        site::SiteBuilder(fs::absolute(root), fs::absolute(out), fs::absolute(demo)).build();
    } catch (const std::exception& e) {
        fmt::print(stderr, "docs: {}\n", e.what());
        return 1;
    }
    return 0;
}
