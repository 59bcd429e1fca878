// `workbook verify glossary`. The glossary (docs/ko/glossary.md) holds Markdown tables with the
// header | 용어 | English | 피할 표현 |; the third column lists, separated by " / ", the variants a
// reader must not meet. This check reads every such row and searches the student-facing Korean
// text for those variants.
//
// A variant matches only where a word starts (the character before it is not a Hangul syllable,
// jamo, ASCII letter or digit), so that 파라미터 is caught but 하이퍼파라미터 is not; the end is
// left open because Korean particles attach to the word (국소 연결은, 국소 연결을). Inline code
// (`...`) and quoted titles of sources (「...」) are skipped: they are spelled as their source
// spells them.
#include "glossary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace workbook {

namespace fs = std::filesystem;

namespace {

struct Entry {
    std::string term, english;
    std::vector<std::string> avoid;
    int line = 0;  // in the glossary
};

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> lines_of(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

/// The cells of a Markdown table row "| a | b | c |": {"a", "b", "c"}.
std::vector<std::string> cells_of(const std::string& row) {
    std::vector<std::string> cells;
    std::string t = trim(row);
    if (t.size() < 2 || t.front() != '|') return cells;
    t = t.substr(1);
    if (t.back() == '|') t.pop_back();
    std::stringstream in(t);
    for (std::string cell; std::getline(in, cell, '|');) cells.push_back(trim(cell));
    return cells;
}

/// "a / b / c" -> {"a", "b", "c"}; an empty cell or a dash means none.
std::vector<std::string> variants_of(const std::string& cell) {
    std::vector<std::string> out;
    if (cell.empty() || cell == "—" || cell == "-") return out;
    for (std::size_t start = 0;;) {
        const auto sep = cell.find(" / ", start);
        const std::string v = trim(cell.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
        if (!v.empty()) out.push_back(v);
        if (sep == std::string::npos) return out;
        start = sep + 3;
    }
}

/// Every row of every table whose header is | 용어 | English | 피할 표현 |.
std::vector<Entry> read_glossary(const fs::path& file, std::vector<std::string>& problems) {
    const auto lines = lines_of(file);
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto header = cells_of(lines[i]);
        if (header != std::vector<std::string>{"용어", "English", "피할 표현"}) continue;
        i += 2;  // past the header and the |---| line
        for (; i < lines.size() && !cells_of(lines[i]).empty(); ++i) {
            const auto cells = cells_of(lines[i]);
            if (cells.size() != 3) {
                problems.push_back(fmt::format("docs/ko/glossary.md:{}: 칸이 {}개입니다 (3개여야 합니다)", i + 1,
                                               cells.size()));
                continue;
            }
            entries.push_back({cells[0], cells[1], variants_of(cells[2]), static_cast<int>(i + 1)});
        }
    }
    return entries;
}

/// The code point that ends just before byte `i` of the UTF-8 text `s`.
char32_t code_point_before(const std::string& s, std::size_t i) {
    std::size_t start = i;
    do --start;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80);
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(start);
    if (lead < 0x80) return lead;
    const std::size_t length = i - start;
    char32_t cp = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (std::size_t k = start + 1; k < i; ++k) cp = (cp << 6) | (byte(k) & 0x3F);
    return cp;
}

bool is_word_character(char32_t c) {
    return (c >= 0xAC00 && c <= 0xD7A3)     // Hangul syllables
           || (c >= 0x1100 && c <= 0x11FF)  // Hangul jamo
           || (c >= 0x3130 && c <= 0x318F)  // Hangul compatibility jamo
           || (c < 0x80 && std::isalnum(static_cast<int>(c)));
}

/// Where `variant` first starts a word in `text`, or npos.
std::size_t find_at_word_start(const std::string& text, const std::string& variant) {
    for (auto pos = text.find(variant); pos != std::string::npos; pos = text.find(variant, pos + 1))
        if (pos == 0 || !is_word_character(code_point_before(text, pos))) return pos;
    return std::string::npos;
}

/// The line with inline code and 「quoted titles」 blanked out; a code fence line is blank.
std::string prose_of(std::string line) {
    if (trim(line).rfind("```", 0) == 0) return "";
    const auto blank = [&](std::size_t from, std::size_t to) {
        std::fill(line.begin() + static_cast<std::ptrdiff_t>(from), line.begin() + static_cast<std::ptrdiff_t>(to), ' ');
    };
    const std::string open = "「", close = "」";
    for (std::size_t i = 0; i < line.size();) {
        if (line[i] == '`') {
            const auto end = line.find('`', i + 1);
            if (end == std::string::npos) break;
            blank(i, end + 1);
            i = end + 1;
        } else if (line.compare(i, open.size(), open) == 0) {
            const auto end = line.find(close, i + open.size());
            if (end == std::string::npos) break;
            blank(i, end + close.size());
            i = end + close.size();
        } else {
            ++i;
        }
    }
    return line;
}

void check_text(const std::string& where, const std::string& text, const std::vector<Entry>& entries,
                std::vector<std::string>& problems) {
    for (const auto& e : entries)
        for (const auto& v : e.avoid)
            if (find_at_word_start(text, v) != std::string::npos)
                problems.push_back(fmt::format("{}: '{}' 대신 '{}' ({})", where, v, e.term, e.english));
}

/// The entries of `dir` that are folders (extension empty) or files with `extension`, sorted.
std::vector<fs::path> entries_of(const fs::path& dir, const std::string& extension) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const bool wanted = extension.empty() ? entry.is_directory()
                                              : entry.is_regular_file() && entry.path().extension() == extension;
        if (wanted) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

int verify_glossary(const fs::path& root) {
    std::vector<std::string> problems;
    const fs::path glossary = root / "docs/ko/glossary.md";
    if (!fs::exists(glossary)) {
        fmt::print("  FAIL docs/ko/glossary.md가 없습니다\n");
        return 1;
    }
    const auto entries = read_glossary(glossary, problems);
    if (entries.empty()) problems.push_back("docs/ko/glossary.md: | 용어 | English | 피할 표현 | 표가 없습니다");

    // Every variant has Hangul in it (the manifests' English strings are read too and must not
    // trip the check), and the glossary must not forbid its own terms.
    const auto has_hangul = [](const std::string& v) {
        for (std::size_t i = 1; i <= v.size(); ++i)
            if (code_point_before(v, i) >= 0xAC00 && code_point_before(v, i) <= 0xD7A3) return true;
        return false;
    };
    for (const auto& e : entries)
        for (const auto& v : e.avoid)
            if (!has_hangul(v))
                problems.push_back(fmt::format("docs/ko/glossary.md:{}: 피할 표현 '{}'에 한글이 없습니다", e.line, v));
    for (const auto& e : entries)
        for (const auto& other : entries)
            for (const auto& v : other.avoid)
                if (find_at_word_start(e.term, v) != std::string::npos)
                    problems.push_back(fmt::format("docs/ko/glossary.md:{}: 피할 표현 '{}'가 용어 '{}'(줄 {})와 겹칩니다",
                                                   other.line, v, e.term, e.line));

    std::vector<fs::path> documents;
    for (const auto& chapter : entries_of(root / "chapters", ""))
        if (fs::exists(chapter / "README.md")) documents.push_back(chapter / "README.md");
    for (const auto& doc : entries_of(root / "docs/ko", ".md"))
        if (doc.filename() != "glossary.md" && doc.filename() != "instructor.md") documents.push_back(doc);
    if (fs::exists(root / "docs/worked-examples.md")) documents.push_back(root / "docs/worked-examples.md");

    int files = 0;
    for (const auto& doc : documents) {
        ++files;
        const auto lines = lines_of(doc);
        const std::string name = fs::relative(doc, root).generic_string();
        for (std::size_t i = 0; i < lines.size(); ++i)
            check_text(fmt::format("{}:{}", name, i + 1), prose_of(lines[i]), entries, problems);
    }
    // Manifests: every line. The Korean titles, citations and hints are what a student reads; the
    // English strings, ids and paths cannot hold an avoided expression, which always has Hangul in it.
    for (const auto& chapter : entries_of(root / "chapters", "")) {
        const fs::path manifest = chapter / "manifest.json";
        if (!fs::exists(manifest)) continue;
        ++files;
        const auto lines = lines_of(manifest);
        const std::string name = fs::relative(manifest, root).generic_string();
        for (std::size_t i = 0; i < lines.size(); ++i)
            check_text(fmt::format("{}:{}", name, i + 1), prose_of(lines[i]), entries, problems);
    }

    for (const auto& p : problems) fmt::print("  FAIL {}\n", p);
    fmt::print("glossary: 용어 {}개, 파일 {}개 검사, 고칠 곳 {}개\n", entries.size(), files, problems.size());
    return problems.empty() ? 0 : 1;
}

}  // namespace workbook
