#include "i18n.hpp"

#include <cstdlib>
#include <stdexcept>

namespace workbook {

namespace {
Lang chosen = Lang::ko;
}

Lang lang() { return chosen; }

void set_lang(const std::string& choice) {
    if (choice == "ko" || choice == "kr") {
        chosen = Lang::ko;
    } else if (choice == "en") {
        chosen = Lang::en;
    } else if (choice.empty()) {
        // The first of these that is set decides, as for any program; Korean unless it says English.
        for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            const char* value = std::getenv(name);
            if (value && *value) {
                chosen = std::string(value).rfind("en", 0) == 0 ? Lang::en : Lang::ko;
                return;
            }
        }
        chosen = Lang::ko;
    } else {
        throw std::invalid_argument("--lang takes ko or en");
    }
}

}  // namespace workbook
