#include "impl.hpp"

const char* const workbook_impl = WORKBOOK_IMPL;
