// `workbook verify glossary`: the guides, sheets and manifest titles use one vocabulary, the one
// of docs/ko/glossary.md.
#pragma once

#include <filesystem>

namespace workbook {

/// CI check: no chapter sheet (chapters/*/README.md), Korean doc (docs/ko/*.md but the glossary
/// itself and instructor.md), docs/worked-examples.md or chapter manifest (its Korean titles,
/// citations and hints) uses an expression the glossary's third column lists as one to avoid. Prints file:line and the preferred term of each
/// use; returns 0 when there is none, 1 otherwise.
int verify_glossary(const std::filesystem::path& root);

}  // namespace workbook
