#include "manifest.hpp"

#include "explain.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace workbook {

namespace {

Exercise parse_exercise(const nlohmann::json& j) {
    Exercise e;
    e.id = j.at("id").get<std::string>();
    e.function = j.at("function").get<std::string>();
    e.title_en = j.at("title_en").get<std::string>();
    e.title_ko = j.at("title_ko").get<std::string>();
    e.note = j.at("note").get<std::string>();
    e.examples = j.value("examples", std::vector<std::string>{});
    // "hint": {"ko": [tier 1, tier 2, tier 3], "en": [...]}; a plain string is one tier.
    if (const auto hint = j.find("hint"); hint != j.end()) {
        if (hint->is_string()) {
            e.hints_ko = e.hints_en = {hint->get<std::string>()};
        } else {
            e.hints_ko = hint->value("ko", std::vector<std::string>{});
            e.hints_en = hint->value("en", std::vector<std::string>{});
        }
    }
    return e;
}

Chapter parse_chapter(const std::filesystem::path& file) {
    std::ifstream in(file);
    const auto j = nlohmann::json::parse(in);
    Chapter c;
    c.number = j.at("number").get<std::string>();
    c.folder = j.at("folder").get<std::string>();
    c.title_en = j.at("title_en").get<std::string>();
    c.title_ko = j.at("title_ko").get<std::string>();
    c.notes = j.value("notes", std::vector<std::string>{});
    c.sheet = j.at("sheet").get<std::string>();
    c.guide = j.at("guide").get<std::string>();
    for (const auto& e : j.at("exercises")) c.exercises.push_back(parse_exercise(e));
    return c;
}

// "WE-01" must not claim "WE-010 ...": an id matches when the name continues with a space or ends.
bool starts_with_id(const std::string& name, const std::string& id) {
    return name.compare(0, id.size(), id) == 0 && (name.size() == id.size() || name[id.size()] == ' ');
}

}  // namespace

std::vector<Chapter> load_chapters(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(root / "chapters")) {
        const auto manifest = entry.path() / "manifest.json";
        if (entry.is_directory() && std::filesystem::exists(manifest)) files.push_back(manifest);
    }
    std::sort(files.begin(), files.end());
    std::vector<Chapter> chapters;
    for (const auto& file : files) {
        try {
            chapters.push_back(parse_chapter(file));
        } catch (const std::exception& e) {
            std::error_code ec;
            const auto shown = std::filesystem::relative(file, root, ec);
            throw std::runtime_error(explain_json(e.what(), (ec ? file : shown).string()));
        }
    }
    return chapters;
}

const Exercise* exercise_of(const Chapter& chapter, const std::string& test_name) {
    for (const auto& e : chapter.exercises) {
        if (starts_with_id(test_name, e.id)) return &e;
        for (const auto& example : e.examples)
            if (starts_with_id(test_name, example)) return &e;
    }
    return nullptr;
}

}  // namespace workbook
