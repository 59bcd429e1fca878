// workbook_site_check: opens every page of the built site in headless Chromium (Debian's chromium
// and chromium-driver, spoken to over the W3C WebDriver protocol) and fails on a console error, a
// broken link, image or anchor, a KaTeX error, a figure that renders empty or a canvas left blank
// (its pixels read back), or a scripted page that drew nothing. Then it clicks through
// the interactive convolution and compares the sums it shows with the reference values that the
// site generator exported from cnn::conv3d (data/conv.json).
//
//   workbook_site_check --site build/site [--screenshots DIR [--shot PAGE#ID]...]
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

std::string base64_decode(const std::string& in) {
    std::string out;
    int val = 0, bits = -8;
    for (unsigned char c : in) {
        int d;
        if (c >= 'A' && c <= 'Z') d = c - 'A';
        else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
        else if (c >= '0' && c <= '9') d = c - '0' + 52;
        else if (c == '+') d = 62;
        else if (c == '/') d = 63;
        else continue;
        val = (val << 6) + d;
        bits += 6;
        if (bits >= 0) {
            out += static_cast<char>((val >> bits) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

std::string url_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// A port on 127.0.0.1 that nothing listens on now, for chromedriver.
int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 9515;
    if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    close(s);
    return port;
}

/// A WebDriver session in chromedriver, which this program starts and stops.
class Browser {
public:
    Browser(const std::string& driver, const std::string& chromium, int port) : http_("127.0.0.1", port) {
        http_.set_read_timeout(60, 0);
        driver_pid_ = fork();
        if (driver_pid_ == 0) {
            const std::string port_arg = fmt::format("--port={}", port);
            // chromedriver's greeting says nothing the check needs; its errors reach us as answers.
            freopen("/dev/null", "w", stdout);
            freopen("/dev/null", "w", stderr);
            execl(driver.c_str(), driver.c_str(), port_arg.c_str(), "--allowed-ips=127.0.0.1", static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 100; ++i) {
            if (auto r = http_.Get("/status"); r && r->status == 200) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        const json caps = {
            {"capabilities",
             {{"alwaysMatch",
               {{"browserName", "chrome"},
                {"goog:loggingPrefs", {{"browser", "ALL"}}},
                {"goog:chromeOptions",
                 {{"binary", chromium},
                  {"args", {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--window-size=1280,1000", "--hide-scrollbars", "--no-first-run"}}}}}}}}};
        const json r = call("POST", "/session", caps);
        session_ = r.at("value").at("sessionId").get<std::string>();
    }
    ~Browser() {
        if (!session_.empty()) http_.Delete(("/session/" + session_).c_str());
        if (driver_pid_ > 0) {
            kill(driver_pid_, SIGTERM);
            waitpid(driver_pid_, nullptr, 0);
        }
    }
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    json call(const std::string& method, const std::string& path, const json& body = json::object()) {
        httplib::Result r = method == "GET" ? http_.Get(path.c_str())
                                            : http_.Post(path.c_str(), body.dump(), "application/json");
        if (!r) throw std::runtime_error(fmt::format("chromedriver did not answer {} {}", method, path));
        json j = json::parse(r->body);
        if (r->status != 200) {
            throw std::runtime_error(fmt::format("chromedriver {} {}: {}", method, path,
                                                 j.value("value", json::object()).value("message", r->body)));
        }
        return j;
    }
    json session(const std::string& method, const std::string& path, const json& body = json::object()) {
        return call(method, "/session/" + session_ + path, body);
    }
    void open(const std::string& url) { session("POST", "/url", {{"url", url}}); }
    json script(const std::string& js) {
        return session("POST", "/execute/sync", {{"script", js}, {"args", json::array()}}).at("value");
    }
    std::string element(const std::string& css) {
        return session("POST", "/element", {{"using", "css selector"}, {"value", css}}).at("value").at(kElementKey);
    }
    void click(const std::string& css) { session("POST", "/element/" + element(css) + "/click"); }
    /// Console messages at level SEVERE since the last call.
    std::vector<std::string> console_errors() {
        std::vector<std::string> out;
        const json logs = session("POST", "/se/log", {{"type", "browser"}});
        if (std::getenv("SITE_CHECK_DEBUG")) fmt::print(stderr, "log: {}\n", logs.dump());
        for (const json& e : logs.at("value"))
            if (e.value("level", std::string()) == "SEVERE") out.push_back(e.value("message", std::string()));
        return out;
    }
    void screenshot(const fs::path& file, const std::string& css = "") {
        const json r = css.empty() ? session("GET", "/screenshot") : session("GET", "/element/" + element(css) + "/screenshot");
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << base64_decode(r.at("value").get<std::string>());
    }

private:
    httplib::Client http_;
    pid_t driver_pid_ = -1;
    std::string session_;
};

// Run in each page: what it links to, its ids, and what is wrong that the page itself can see.
const char* kInspect = R"JS(
const abs = (u) => { try { return new URL(u, document.baseURI).href; } catch (e) { return u; } };
const refs = [];
document.querySelectorAll('a[href]').forEach(a => refs.push(abs(a.getAttribute('href'))));
document.querySelectorAll('img[src], script[src]').forEach(e => refs.push(abs(e.getAttribute('src'))));
document.querySelectorAll('link[href]').forEach(e => refs.push(abs(e.getAttribute('href'))));
const problems = [];
document.querySelectorAll('img').forEach(i => { if (!i.complete || i.naturalWidth === 0) problems.push('broken image ' + i.getAttribute('src')); });
document.querySelectorAll('.katex-error').forEach(e => problems.push('KaTeX error: ' + (e.getAttribute('title') || e.textContent)));
// A canvas is blank when all its pixels are one colour (or cannot be read back): nothing was drawn.
const blank = (c) => {
  try {
    if (!c.width || !c.height) return true;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 4; i < d.length; i += 4)
      if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) return false;
    return true;
  } catch (e) { return true; }
};
let figures = 0;
document.querySelectorAll('figure').forEach(f => {
  figures++;
  const pic = f.querySelector('svg, img, canvas');
  const box = pic ? pic.getBoundingClientRect() : null;
  const svg = pic && pic.tagName.toLowerCase() === 'svg';
  const marks = svg ? pic.querySelectorAll('rect, line, path, text, circle').length : 0;
  const text = pic ? pic.textContent : '';
  // A map of a dead ReLU is one colour; a figure of maps all one colour drew nothing.
  const canvases = [...f.querySelectorAll('canvas')];
  const drawn = svg ? marks >= 3 && [...pic.querySelectorAll('text')].some(t => t.textContent.trim() !== '')
              : pic && pic.tagName.toLowerCase() === 'img' ? pic.complete && pic.naturalWidth > 0
              : !canvases.every(blank);
  if (!pic || box.width < 20 || box.height < 20 || !drawn || /NaN|undefined|Infinity/.test(text))
    problems.push('empty or broken figure #' + f.id + (canvases.length && !svg && canvases.every(blank) ? ' (its ' + canvases.length + ' canvases are each one colour)' : ''));
});
// Outside figures (the digits to pick), every canvas shows a picture.
document.querySelectorAll('canvas').forEach((c, i) => {
  if (!c.closest('figure') && blank(c)) problems.push('blank canvas #' + i + (c.parentElement && c.parentElement.dataset.label !== undefined ? ' (digit ' + c.parentElement.dataset.label + ')' : ''));
});
// The pages that scripts draw: something must be there once they have run.
const demo = document.getElementById('conv-demo');
const cells = demo ? [...demo.querySelectorAll('table.m td')] : [];
if (demo && (cells.length === 0 || cells.some(td => td.textContent.trim() === '') || /NaN|undefined/.test(demo.textContent)))
  problems.push('the interactive convolution drew nothing (or empty cells, or NaN)');
const net = document.getElementById('network');
if (net && window.NETWORK_DATA && (net.querySelectorAll('canvas').length === 0 || /NaN|undefined/.test(net.textContent)))
  problems.push('the trained-network page drew nothing (or NaN)');
if (!document.querySelector('main') || document.querySelector('main').innerText.trim().length < 20) problems.push('empty page');
const sheets = [...document.styleSheets].filter(s => { try { return s.cssRules.length > 0; } catch (e) { return true; } }).length;
if (sheets < 2) problems.push('stylesheets did not load (' + sheets + ')');
return {refs, ids: [...document.querySelectorAll('[id]')].map(e => e.id), problems, figures,
        title: document.title};
)JS";

struct PageResult {
    std::set<std::string> ids;
    std::vector<std::string> refs;
};

}  // namespace

int main(int argc, char** argv) {
    std::string site = "build/site", driver = "/usr/bin/chromedriver", chromium = "/usr/bin/chromium", shots;
    int port = 0;
    std::vector<std::string> extra_shots;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--site" && has_value) site = argv[++i];
        else if (arg == "--chromedriver" && has_value) driver = argv[++i];
        else if (arg == "--chromium" && has_value) chromium = argv[++i];
        else if (arg == "--port" && has_value) port = std::atoi(argv[++i]);  // default: a free one
        else if (arg == "--screenshots" && has_value) shots = argv[++i];     // PNGs of pages and figures
        else if (arg == "--shot" && has_value) extra_shots.push_back(argv[++i]);  // also this page[#id]
        else {
            fmt::print(stderr, "usage: workbook_site_check [--site DIR] [--screenshots DIR [--shot PAGE#ID]...]\n"
                               "                           [--chromedriver PATH] [--chromium PATH] [--port N]\n");
            return 2;
        }
    }

    const auto started = std::chrono::steady_clock::now();
    const fs::path root = fs::canonical(site);
    std::vector<fs::path> pages;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const std::string rel = fs::relative(e.path(), root).generic_string();
        if (e.path().extension() == ".html" && rel.rfind("katex/", 0) != 0) pages.push_back(e.path());
    }
    std::sort(pages.begin(), pages.end());
    std::vector<std::string> problems;
    const auto problem = [&](const std::string& where, const std::string& what) {
        problems.push_back(fmt::format("{}: {}", where, what));
    };
    if (pages.size() < 5) problem(site, fmt::format("only {} pages", pages.size()));

    std::map<std::string, PageResult> seen;  // file path -> result
    int figures = 0, links = 0;
    try {
        Browser browser(driver, chromium, port ? port : free_port());
        for (const fs::path& p : pages) {
            const std::string rel = fs::relative(p, root).generic_string();
            browser.open("file://" + p.string());
            const json r = browser.script(kInspect);
            for (const auto& m : r.at("problems")) problem(rel, m.get<std::string>());
            for (const auto& m : browser.console_errors()) problem(rel, "console error: " + m);
            PageResult& pr = seen[p.string()];
            for (const auto& id : r.at("ids")) pr.ids.insert(id.get<std::string>());
            for (const auto& u : r.at("refs")) pr.refs.push_back(u.get<std::string>());
            figures += r.at("figures").get<int>();
            if (!shots.empty() && (rel.find('/') == std::string::npos || rel == "docs/ko/05_im2col.html"))
                browser.screenshot(fs::path(shots) / (fs::path(rel).stem().string() + ".png"));
        }

        // The interactive convolution against the reference's numbers.
        if (!fs::exists(root / "data/conv.json")) throw std::runtime_error("data/conv.json is missing: the site generator did not run");
        std::ifstream in(root / "data/conv.json");
        const json ref = json::parse(in);
        const auto expected = [&](int stride, int pad, int index) -> json {
            for (const auto& c : ref.at("cases"))
                if (c.at("stride") == stride && c.at("pad") == pad) return c.contains("y") ? c.at("y").at(index) : c.at("error_ko");
            return nullptr;
        };
        const auto shown = [&]() { return browser.script("return parseFloat(document.getElementById('conv-sum').dataset.value);"); };
        // What the page marks: the window on every input channel (3x3 cells on each of 3) and one output cell.
        const auto marked = [&]() {
            return browser.script("const d = document.getElementById('conv-demo'); return [d.querySelectorAll('td.win').length, "
                                  "d.querySelectorAll('td.cur').length];");
        };
        browser.open("file://" + (root / "conv.html").string());
        const json self = browser.script("return window.convDemoSelfCheck ? window.convDemoSelfCheck() : ['convDemoSelfCheck missing'];");
        for (const auto& m : self) problem("conv.html", "self-check: " + m.get<std::string>());
        struct Step {
            std::string action, css;
            int stride, pad, index;
        };
        // Start: S=2, P=1 at o[0,0,0]; two steps to o[0,0,2]; stride 1 starts again at o[0,0,0].
        const std::vector<Step> steps = {{"start", "", 2, 1, 0},
                                         {"next", "#conv-next", 2, 1, 1},
                                         {"next", "#conv-next", 2, 1, 2},
                                         {"stride 1", "#conv-stride option[value='1']", 1, 1, 0},
                                         {"next", "#conv-next", 1, 1, 1}};
        for (const Step& s : steps) {
            if (!s.css.empty()) browser.click(s.css);
            const json got = shown(), want = expected(s.stride, s.pad, s.index);
            const bool ok = got.is_number() && want.is_number() && std::abs(got.get<double>() - want.get<double>()) < 1e-4;
            const json marks = marked();
            fmt::print("conv.html: {:<9} S={} P={} o[{}]: page {} / C++ {} {}, window {} cells, output {} cell\n", s.action,
                       s.stride, s.pad, s.index, got.dump(), want.dump(), ok ? "ok" : "DIFFERENT", marks[0].dump(), marks[1].dump());
            if (!ok) problem("conv.html", fmt::format("after '{}' the page shows {}, cnn::conv3d gives {}", s.action, got.dump(), want.dump()));
            if (marks != json::array({27, 1}))
                problem("conv.html", fmt::format("after '{}' the page marks {} window cells and {} output cells, not 27 and 1",
                                                 s.action, marks[0].dump(), marks[1].dump()));
        }
        if (!shots.empty()) browser.screenshot(fs::path(shots) / "conv-stride1.png");
        // A stride that does not fit (WE-10: input 5, F=3, P=1, S=3) is refused with the reference's message.
        browser.click("#conv-stride option[value='3']");
        const json refusal = browser.script(
            "const e = document.getElementById('conv-error'); return e.hidden ? null : e.firstChild.textContent;");
        const json want = expected(3, 1, 0);
        fmt::print("conv.html: S=3 P=1 refused: {}\n", refusal.is_string() ? refusal.get<std::string>() : "(not refused)");
        if (refusal != want) problem("conv.html", fmt::format("S=3 P=1: page shows {}, expected {}", refusal.dump(), want.dump()));
        // Under it, the same refusal in English, as `./workbook --lang en` says it.
        const json english = browser.script(
            "const s = document.querySelector('#conv-error small'); return s ? s.textContent : null;");
        json want_en = nullptr;
        for (const auto& c : ref.at("cases"))
            if (c.at("stride") == 3 && c.at("pad") == 1 && c.contains("error_en")) want_en = c.at("error_en");
        if (english != want_en)
            problem("conv.html", fmt::format("S=3 P=1: page shows in English {}, expected {}", english.dump(), want_en.dump()));
        for (const auto& m : browser.console_errors()) problem("conv.html (clicked)", "console error: " + m);
        if (!shots.empty()) browser.screenshot(fs::path(shots) / "conv-refused.png");
        // The trained network, when the site was built after a demo run: pick the digit 3.
        browser.open("file://" + (root / "network.html").string());
        const json net = browser.script(R"JS(
            const D = window.NETWORK_DATA;
            if (!D) return {demo: false, notice: !!document.getElementById('network-missing')};
            const k = D.digits.findIndex(d => d.label === 3);
            const b = document.querySelector('.net-digit[data-label="3"]');
            if (!b || k < 0) return {demo: true, error: 'no digit 3 to pick'};
            b.click();
            return {demo: true, predicted: D.digits[k].predicted,
                    shown: document.getElementById('net-prediction').textContent,
                    maps: document.querySelectorAll('#net-layers canvas').length,
                    rows: document.querySelectorAll('#net-scores tr').length};
        )JS");
        if (!net.at("demo").get<bool>()) {
            fmt::print("network.html: no demo run; the page says so: {}\n", net.at("notice").get<bool>() ? "yes" : "NO");
            if (!net.at("notice").get<bool>()) problem("network.html", "neither data nor the notice that the demo has not run");
        } else if (net.contains("error")) {
            problem("network.html", net.at("error").get<std::string>());
        } else {
            const std::string shown = net.at("shown").get<std::string>();
            const std::string want = fmt::format("예측 (prediction): {}", net.at("predicted").get<int>());
            fmt::print("network.html: digit 3 -> \"{}\", {} maps, {} score rows\n", shown, net.at("maps").get<int>(),
                       net.at("rows").get<int>());
            if (shown.rfind(want, 0) != 0 || net.at("maps").get<int>() < 91 || net.at("rows").get<int>() != 11)
                problem("network.html", "picking the digit 3 did not show its layers, scores and prediction");
            if (!shots.empty()) browser.screenshot(fs::path(shots) / "network-3.png");
        }
        for (const auto& m : browser.console_errors()) problem("network.html (clicked)", "console error: " + m);
        if (!shots.empty()) {
            for (const std::string& u : extra_shots) {
                browser.open("file://" + (root / u).string());
                std::string name = u;
                for (char& c : name)
                    if (c == '/' || c == '#') c = '_';
                browser.screenshot(fs::path(shots) / (name + ".png"));
            }
            for (const char* f : {"fig-padding", "fig-stride", "fig-volume", "fig-im2col", "fig-col2im", "fig-pooling", "fig-simple-convnet"}) {
                browser.open("file://" + (root / "figures.html").string());
                browser.screenshot(fs::path(shots) / (std::string(f) + ".png"), fmt::format("#{}-all", f));
            }
        }
    } catch (const std::exception& e) {
        problem("browser", e.what());
    }

    // Links: every file:// target exists, and a #fragment names an id on that page.
    for (const auto& [page, r] : seen) {
        const std::string rel = fs::relative(page, root).generic_string();
        for (const std::string& u : r.refs) {
            if (u.rfind("file://", 0) != 0) continue;  // the web: not followed offline
            ++links;
            std::string path = u.substr(7), fragment;
            if (auto h = path.find('#'); h != std::string::npos) {
                fragment = url_decode(path.substr(h + 1));
                path = path.substr(0, h);
            }
            if (auto q = path.find('?'); q != std::string::npos) path = path.substr(0, q);
            path = url_decode(path);
            if (!fs::exists(path)) {
                problem(rel, "broken link " + u);
                continue;
            }
            if (!fragment.empty()) {
                const auto target = seen.find(fs::canonical(path).string());
                if (target != seen.end() && !target->second.ids.count(fragment)) problem(rel, "broken anchor " + u);
            }
        }
    }

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& p : problems) fmt::print("FAIL {}\n", p);
    fmt::print("site check: {} pages, {} local links, {} figures, {} problems ({:.1f} s)\n", pages.size(), links,
               figures, problems.size(), seconds);
    return problems.empty() ? 0 : 1;
}
