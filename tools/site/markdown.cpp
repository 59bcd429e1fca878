#include "markdown.hpp"

#include "svg.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fmt/format.h>

#include <cctype>
#include <memory>

namespace site {

namespace {

struct ParserDeleter {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};

std::string literal(cmark_node* n) {
    const char* s = cmark_node_get_literal(n);
    return s ? s : "";
}

std::string plain_text(cmark_node* n) {
    std::string out;
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        const auto type = cmark_node_get_type(c);
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) out += literal(c);
        else out += plain_text(c);
    }
    return out;
}

bool inside(cmark_node* n, cmark_node_type type) {
    for (cmark_node* p = cmark_node_parent(n); p; p = cmark_node_parent(p))
        if (cmark_node_get_type(p) == type) return true;
    return false;
}

bool is_example_id_at(const std::string& s, std::size_t i) {
    return s.compare(i, 3, "WE-") == 0 && i + 5 <= s.size() && std::isdigit(static_cast<unsigned char>(s[i + 3])) &&
           std::isdigit(static_cast<unsigned char>(s[i + 4])) &&
           (i + 5 == s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 5])));
}

std::string first_example_id(const std::string& s) {
    for (std::size_t i = 0; i + 5 <= s.size(); ++i)
        if (is_example_id_at(s, i) && (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1]))))
            return s.substr(i, 5);
    return "";
}

std::string slug(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) out += static_cast<char>(std::tolower(c));
        else if ((c == ' ' || c == '-' || c == '_') && !out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "section" : out;
}

bool has_scheme(const std::string& url) {
    const auto colon = url.find(':');
    if (colon == std::string::npos) return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (!std::isalpha(static_cast<unsigned char>(url[i]))) return false;
    return true;
}

std::string dirname(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

cmark_node* html_inline(const std::string& html) {
    cmark_node* n = cmark_node_new(CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(n, html.c_str());
    return n;
}

}  // namespace

std::string normalize(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(start, end - start);
        if (part == "..") {
            if (parts.empty()) return "";
            parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

Rendered render_markdown(const std::string& text, const LinkContext& ctx) {
    cmark_gfm_core_extensions_ensure_registered();
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE;
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
    for (const char* name : {"table", "strikethrough", "autolink"})
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    cmark_parser_feed(parser.get(), text.data(), text.size());
    std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));

    Rendered out;
    // Collect first, change afterwards: the iterator must not see nodes move under it.
    std::vector<cmark_node*> headings, links, codes, texts;
    cmark_iter* iter = cmark_iter_new(doc.get());
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(iter);
        switch (cmark_node_get_type(n)) {
            case CMARK_NODE_HEADING: headings.push_back(n); break;
            case CMARK_NODE_LINK:
            case CMARK_NODE_IMAGE: links.push_back(n); break;
            case CMARK_NODE_CODE: codes.push_back(n); break;
            case CMARK_NODE_TEXT: texts.push_back(n); break;
            default: break;
        }
    }
    cmark_iter_free(iter);

    // Heading ids: a worked example's heading is found by its id; others by their words.
    std::set<std::string> used;
    for (cmark_node* h : headings) {
        const std::string words = plain_text(h);
        if (out.title.empty()) out.title = words;
        std::string id = first_example_id(words);
        if (id.empty() || used.count(id)) {
            const std::string base = slug(words);
            id = base;
            for (int k = 2; used.count(id); ++k) id = fmt::format("{}-{}", base, k);
        }
        used.insert(id);
        out.heading_ids.push_back(id);
    }

    // Relative links point to the site's page for that file.
    const std::string here = dirname(ctx.source);
    for (cmark_node* l : links) {
        const char* raw = cmark_node_get_url(l);
        std::string url = raw ? raw : "";
        if (url.empty() || url[0] == '#' || has_scheme(url)) continue;
        std::string fragment;
        if (const auto hash = url.find('#'); hash != std::string::npos) {
            fragment = url.substr(hash);
            url = url.substr(0, hash);
        }
        const std::string target = normalize(here + url);
        if (target.empty()) continue;
        const std::string page = ctx.page_for(target);
        if (page.empty()) continue;  // left as written: the browser check reports it if it is broken
        out.linked_files.insert(target);
        cmark_node_set_url(l, (ctx.root + page + fragment).c_str());
    }

    // A code span holding a test's name links to the line that declares it.
    for (cmark_node* c : codes) {
        const auto test = ctx.tests.find(literal(c));
        if (test == ctx.tests.end() || inside(c, CMARK_NODE_LINK)) continue;
        cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(link, (ctx.root + test->second).c_str());
        cmark_node_set_title(link, "tests/ 에서 이 테스트 보기");
        cmark_node_insert_before(c, link);
        cmark_node_append_child(link, c);
    }

    // WE-NN in running text links to the worked example; in the index's first column it is the anchor.
    for (cmark_node* t : texts) {
        const std::string s = literal(t);
        if (s.find("WE-") == std::string::npos || inside(t, CMARK_NODE_LINK)) continue;
        const bool in_heading = inside(t, CMARK_NODE_HEADING);
        cmark_node* cell = cmark_node_parent(t);
        const bool index_cell = ctx.example_table && cell && std::string(cmark_node_get_type_string(cell)) == "table_cell" &&
                                cmark_node_previous(cell) == nullptr && is_example_id_at(s, 0) && s.size() == 5;
        if (index_cell) {
            const auto target = ctx.examples.find(s);
            const std::string href = target != ctx.examples.end() && target->second.find("worked-examples") == std::string::npos
                                         ? ctx.root + target->second
                                         : "#" + s;
            cmark_node_insert_before(t, html_inline(fmt::format(R"(<a id="{0}" class="we" href="{1}">{0}</a>)", s,
                                                                escape(href))));
            cmark_node_unlink(t);
            cmark_node_free(t);
            continue;
        }
        if (in_heading) continue;
        std::size_t from = 0;
        std::vector<cmark_node*> pieces;
        for (std::size_t i = 0; i + 5 <= s.size(); ++i) {
            if (!is_example_id_at(s, i) || (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1])))) continue;
            const auto target = ctx.examples.find(s.substr(i, 5));
            if (target == ctx.examples.end()) continue;
            cmark_node* before = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(before, s.substr(from, i - from).c_str());
            pieces.push_back(before);
            cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
            cmark_node_set_url(link, (ctx.root + target->second).c_str());
            cmark_node* label = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(label, s.substr(i, 5).c_str());
            cmark_node_append_child(link, label);
            pieces.push_back(link);
            from = i + 5;
        }
        if (pieces.empty()) continue;
        cmark_node* rest = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(rest, s.substr(from).c_str());
        pieces.push_back(rest);
        for (cmark_node* p : pieces) cmark_node_insert_before(t, p);
        cmark_node_unlink(t);
        cmark_node_free(t);
    }

    // A figure goes at the end of its worked example's section, before the next heading.
    for (std::size_t i = 0; i < headings.size(); ++i) {
        const auto figure = ctx.figures.find(out.heading_ids[i]);
        if (figure == ctx.figures.end()) continue;
        cmark_node* block = cmark_node_new(CMARK_NODE_HTML_BLOCK);
        cmark_node_set_literal(block, figure->second.c_str());
        cmark_node* next = cmark_node_next(headings[i]);
        while (next && cmark_node_get_type(next) != CMARK_NODE_HEADING) next = cmark_node_next(next);
        if (next) cmark_node_insert_before(next, block);
        else cmark_node_append_child(doc.get(), block);
        out.placed_figures.push_back(figure->first);
    }

    char* html = cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
    std::string rendered = html;
    free(html);

    // cmark-gfm writes bare <hN>; give each the id chosen above, in document order.
    std::size_t pos = 0;
    for (const std::string& id : out.heading_ids) {
        pos = rendered.find("<h", pos);
        while (pos != std::string::npos &&
               !(pos + 3 < rendered.size() && rendered[pos + 2] >= '1' && rendered[pos + 2] <= '6' && rendered[pos + 3] == '>'))
            pos = rendered.find("<h", pos + 1);
        if (pos == std::string::npos) break;
        const std::string tag = fmt::format(R"(<h{} id="{}">)", rendered[pos + 2], escape(id));
        rendered.replace(pos, 4, tag);
        pos += tag.size();
    }
    out.html = std::move(rendered);
    return out;
}

}  // namespace site
