#include "explain.hpp"

#include "i18n.hpp"
#include "refusal.hpp"

#include <fmt/format.h>

namespace workbook {

namespace {

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// What an Eigen assertion's condition checks, in words.
std::string eigen_condition(const std::string& c) {
    if (has(c, "startRow") || has(c, "startCol") || has(c, "blockRows") || has(c, "blockCols"))
        return tr("블록 (block)이 행렬 밖으로 나갔습니다: 시작 위치와 크기를 확인하세요",
                  "a block reaches outside its matrix: check its start and size");
    if (has(c, "row >= 0 && row < rows()") || has(c, "col >= 0 && col < cols()"))
        return tr("(행, 열) 인덱스가 행렬의 범위를 벗어났습니다", "a (row, col) index is outside the matrix");
    if (has(c, "index >= 0 && index < size()"))
        return tr("인덱스가 벡터의 범위를 벗어났습니다", "an index is outside the vector");
    if (has(c, "lhs.cols() == rhs.rows()"))
        return tr("행렬 곱 (matrix product)의 크기가 맞지 않습니다: 왼쪽 행렬의 열 수와 오른쪽 행렬의 행 수가 "
                  "같아야 합니다",
                  "the sizes of a matrix product disagree: the left matrix needs as many columns as the "
                  "right one has rows");
    if (has(c, "rows() == ") || has(c, "cols() == ") || has(c, "dimensions_match") || has(c, "dimensions()"))
        return tr("두 행렬 (또는 텐서)의 크기 (shape)가 서로 다릅니다", "two matrices (or tensors) differ in shape");
    if (has(c, "rows >= 0") || has(c, "cols >= 0") || has(c, "size >= 0") || has(c, "dim >= 0"))
        return tr("음수 크기의 행렬 (또는 텐서)을 만들려고 했습니다: 크기 계산을 확인하세요",
                  "a matrix (or tensor) of negative size was asked for: check the size computation");
    if (has(c, "checkIndexRange") || has(c, "index") || has(c, "Index"))
        return tr("인덱스가 텐서의 범위를 벗어났습니다", "an index is outside the tensor");
    return tr("Eigen이 크기나 인덱스 검사에 실패했습니다", "Eigen found a size or index it cannot accept");
}

}  // namespace

std::string explain(const std::string& message, const std::string& where) {
    // Chapter 02's refusal of a stride that does not fit, in the words the site's interactive
    // convolution also shows.
    if (const auto refusal = parse_stride_refusal(message)) return stride_refusal_text(*refusal, lang());
    if (const auto at = message.find("Eigen check failed: "); at != std::string::npos) {
        std::string condition = message.substr(at + 20);
        if (condition.size() > 90) condition = condition.substr(0, 87) + "...";
        return fmt::format(fmt::runtime(tr("{}이(가) 부른 Eigen 연산에서: {}. (Eigen의 검사: {})",
                                           "In an Eigen operation called by {}: {}. (Eigen's check: {})")),
                           where, eigen_condition(condition), condition);
    }
    if (has(message, "bad_alloc") || has(message, "bad_array_new_length"))
        return fmt::format(fmt::runtime(tr(
            "{}에서 메모리가 부족합니다 (std::bad_alloc): 감당할 수 없이 큰 배열을 만들려 했습니다. 출력 크기 "
            "(OH, OW)나 행렬 크기 계산이 음수이거나 터무니없이 크지 않은지 확인하세요.",
            "Out of memory in {} (std::bad_alloc): an array far too large was asked for. Check that the "
            "output size (OH, OW) or a matrix size does not come out negative or huge.")), where);
    if (has(message, "length_error") || has(message, "cannot create std::vector larger"))
        return fmt::format(fmt::runtime(tr(
            "{}에서 너무 큰 (또는 음수 크기의) 배열을 만들려 했습니다 ({}): 크기 계산을 확인하세요.",
            "{} asked for an array too large (or of negative size) ({}): check the size computation.")),
            where, message);
    if (has(message, "vector::_M_range_check") || has(message, "out_of_range") || has(message, "basic_string"))
        return fmt::format(fmt::runtime(tr("{}에서 인덱스가 범위를 벗어났습니다 ({}).",
                                           "An index is out of range in {} ({}).")), where, message);
    return "";
}

std::string explain_json(const std::string& message, const std::string& file) {
    // "[json.exception.out_of_range.403] key 'note' not found"
    if (const auto key = message.find("key '"); key != std::string::npos && has(message, "not found")) {
        const auto end = message.find('\'', key + 5);
        return fmt::format(fmt::runtime(tr("{}에 필요한 항목 \"{}\"이(가) 없습니다.",
                                           "{} lacks the entry \"{}\" that every manifest needs.")),
                           file, message.substr(key + 5, end - key - 5));
    }
    if (has(message, "parse_error"))
        return fmt::format(fmt::runtime(tr("{}은(는) 올바른 JSON이 아닙니다: {}", "{} is not valid JSON: {}")), file,
                           message.substr(message.find(']') + 2));
    if (has(message, "type_error"))
        return fmt::format(fmt::runtime(tr("{}의 한 항목이 잘못된 종류의 값입니다 (예: 문자열 자리에 숫자): {}",
                                           "{} has an entry of the wrong kind (a number for a string, say): {}")),
                           file, message.substr(message.find(']') + 2));
    return fmt::format("{}: {}", file, message);
}

}  // namespace workbook
