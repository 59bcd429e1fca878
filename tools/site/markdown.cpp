#include "markdown.hpp"

#include "svg.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fmt/format.h>

#include <cctype>
#include <map>
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

cmark_node* text_node(const std::string& text) {
    cmark_node* n = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(n, text.c_str());
    return n;
}

/// Puts pieces and then the text rest where the text node t was, and frees t.
void replace_text(cmark_node* t, std::vector<cmark_node*> pieces, const std::string& rest) {
    pieces.push_back(text_node(rest));
    for (cmark_node* p : pieces) cmark_node_insert_before(t, p);
    cmark_node_unlink(t);
    cmark_node_free(t);
}

/// The code point that ends just before byte i of s (0 at the start).
char32_t code_point_before(const std::string& s, std::size_t i) {
    if (i == 0) return 0;
    std::size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    const auto lead = static_cast<unsigned char>(s[j]);
    char32_t cp = lead < 0x80 ? lead : lead < 0xE0 ? lead & 0x1F : lead < 0xF0 ? lead & 0x0F : lead & 0x07;
    for (std::size_t k = j + 1; k < i; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
    return cp;
}

bool is_hangul(char32_t cp) { return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3130 && cp <= 0x318F); }

bool is_word_char(char32_t cp) { return is_hangul(cp) || (cp < 0x80 && std::isalnum(static_cast<int>(cp))); }

/// Where a text is when it reaches a character: inside a formula ($...$, $$...$$, \(...\),
/// \[...\], typeset by KaTeX in the browser, which a link would cut) or inside 「...」, a source's
/// title quoted as it is written.
struct TextState {
    bool inline_math = false, display_math = false;
    int quoted = 0;
    bool free() const { return !inline_math && !display_math && quoted == 0; }
    /// Moves past the character at s[i]; returns how many bytes it took.
    std::size_t step(const std::string& s, std::size_t i) {
        if (s.compare(i, 2, "$$") == 0) {
            display_math = !display_math;
            return 2;
        }
        if (s[i] == '$' && !display_math) inline_math = !inline_math;
        else if (s.compare(i, 2, "\\(") == 0 || s.compare(i, 2, "\\[") == 0) display_math = true;
        else if (s.compare(i, 2, "\\)") == 0 || s.compare(i, 2, "\\]") == 0) display_math = false;
        else if (s.compare(i, 3, "「") == 0) ++quoted;
        else if (s.compare(i, 3, "」") == 0 && quoted > 0) --quoted;
        return s[i] == '\\' ? 2 : 1;
    }
};

/// Links the first use of every glossary term on the page to its entry: in running text only, not
/// in headings, links, code, formulas or quoted titles, and only where a word starts.
void link_glossary(cmark_node* doc, const LinkContext& ctx) {
    // Collect first, with the state each text starts in; a new block starts afresh.
    std::vector<std::pair<cmark_node*, TextState>> texts;
    TextState state;
    cmark_iter* iter = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(iter);
        const auto type = cmark_node_get_type(n);
        if (type == CMARK_NODE_TEXT) {
            texts.emplace_back(n, state);
            const std::string s = literal(n);
            for (std::size_t i = 0; i < s.size();) i += state.step(s, i);
        } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_CODE ||
                   type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG ||
                   type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
            // inline: a formula or a quote may go on across it
        } else {
            state = TextState();
        }
    }
    cmark_iter_free(iter);

    std::set<std::string> linked;
    for (auto& [t, at] : texts) {
        if (inside(t, CMARK_NODE_LINK) || inside(t, CMARK_NODE_IMAGE) || inside(t, CMARK_NODE_HEADING)) continue;
        const std::string s = literal(t);
        std::vector<cmark_node*> pieces;
        std::size_t from = 0;
        for (std::size_t i = 0; i < s.size();) {
            const GlossaryTerm* found = nullptr;
            if (at.free() && !is_word_char(code_point_before(s, i)))
                for (const GlossaryTerm& g : ctx.glossary)
                    if (s.compare(i, g.term.size(), g.term) == 0) {
                        found = &g;
                        break;
                    }
            if (!found) {
                i += at.step(s, i);
                continue;
            }
            std::size_t end = i + found->term.size();
            // A verb's stem takes the rest of its word: 나눠떨어지 + 지 않으면.
            if (found->stem)
                while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) != 0x80) {
                    std::size_t next = end + 1;
                    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
                    if (!is_hangul(code_point_before(s, next))) break;
                    end = next;
                }
            if (linked.insert(found->id).second) {
                pieces.push_back(text_node(s.substr(from, i - from)));
                pieces.push_back(html_inline(fmt::format(R"(<a class="term" href="{}{}#{}" title="{}">)", ctx.root,
                                                         ctx.glossary_page, escape(found->id), escape(found->english))));
                pieces.push_back(text_node(s.substr(i, end - i)));
                pieces.push_back(html_inline("</a>"));
                from = end;
            }
            i = end;  // a longer term used again hides the shorter ones inside it
        }
        if (!pieces.empty()) replace_text(t, pieces, s.substr(from));
    }
}

/// The one test whose name a shortened name stands for: the parts between "..." in order, the
/// first at the start of the name unless the shortened name starts with "...". End when none or
/// several fit.
std::map<std::string, std::string>::const_iterator shortened_test(const std::string& shown,
                                                                  const std::map<std::string, std::string>& tests) {
    const std::string dots = "...";
    if (shown.find(dots) == std::string::npos) return tests.end();
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const auto at = shown.find(dots, start);
        std::string part = shown.substr(start, at == std::string::npos ? std::string::npos : at - start);
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        while (!part.empty() && part.back() == ' ') part.pop_back();
        parts.push_back(part);
        if (at == std::string::npos) break;
        start = at + dots.size();
    }
    if (parts.front().empty() && parts.size() < 3) return tests.end();  // "... x" says too little
    auto found = tests.end();
    for (auto it = tests.begin(); it != tests.end(); ++it) {
        std::size_t pos = 0;
        bool fits = true;
        for (std::size_t i = 0; i < parts.size() && fits; ++i) {
            if (parts[i].empty()) continue;
            const auto at = it->first.find(parts[i], pos);
            fits = at != std::string::npos && (i > 0 || at == 0);
            pos = at + parts[i].size();
        }
        if (!fits) continue;
        if (found != tests.end()) return tests.end();  // more than one
        found = it;
    }
    return found;
}

/// On the glossary page: the cell that holds a term gets the term's id.
void mark_glossary_terms(cmark_node* doc, const LinkContext& ctx) {
    std::map<std::string, std::string> ids;
    for (const GlossaryTerm& g : ctx.glossary) ids.emplace(g.stem ? g.term + "다" : g.term, g.id);
    std::vector<cmark_node*> cells;
    cmark_iter* iter = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(iter);
        if (ev == CMARK_EVENT_ENTER && std::string(cmark_node_get_type_string(n)) == "table_cell" &&
            cmark_node_previous(n) == nullptr)
            cells.push_back(n);
    }
    cmark_iter_free(iter);
    for (cmark_node* cell : cells) {
        const auto id = ids.find(plain_text(cell));
        if (id == ids.end() || !cmark_node_first_child(cell)) continue;
        cmark_node_prepend_child(cell, html_inline(fmt::format(R"(<dfn id="{}">)", escape(id->second))));
        cmark_node_append_child(cell, html_inline("</dfn>"));
    }
}

}  // namespace

std::string glossary_id(const std::string& term) { return "term-" + slug(term); }

std::size_t find_at_word_start(const std::string& text, const std::string& word) {
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
        if (!is_word_char(code_point_before(text, at))) return at;
    return std::string::npos;
}

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

    // A code span holding a test's name links to the line that declares it; so does a shortened
    // name ("02.2 Floor rounding ...", "06.3 ... WE-27 ...") that fits exactly one test.
    for (cmark_node* c : codes) {
        auto test = ctx.tests.find(literal(c));
        if (test == ctx.tests.end()) test = shortened_test(literal(c), ctx.tests);
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
            pieces.push_back(text_node(s.substr(from, i - from)));
            cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
            cmark_node_set_url(link, (ctx.root + target->second).c_str());
            cmark_node_append_child(link, text_node(s.substr(i, 5)));
            pieces.push_back(link);
            from = i + 5;
        }
        if (!pieces.empty()) replace_text(t, pieces, s.substr(from));
    }

    // Glossary terms: linked on every page but the glossary, where they are the targets.
    if (!ctx.glossary.empty()) {
        if (ctx.glossary_page.empty()) mark_glossary_terms(doc.get(), ctx);
        else link_glossary(doc.get(), ctx);
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
