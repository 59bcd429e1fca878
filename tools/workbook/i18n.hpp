// The language of every message the workbook prints: Korean first, English on request
// (--lang en, or an English LANG / LC_ALL / LANGUAGE).
#pragma once

#include <string>

namespace workbook {

enum class Lang { ko, en };

/// The language chosen for this run.
Lang lang();
/// Chooses the language: "ko" or "en"; an empty value follows LC_ALL, LC_MESSAGES, LANG.
void set_lang(const std::string& choice);

/// The Korean or the English text, whichever the student reads.
inline const char* tr(const char* ko, const char* en) { return lang() == Lang::ko ? ko : en; }
/// For texts kept in both languages (manifests): the English one falls back to the Korean.
template <typename T>
const T& tr(const T& ko, const T& en) {
    return lang() == Lang::ko || en.empty() ? ko : en;
}

}  // namespace workbook
