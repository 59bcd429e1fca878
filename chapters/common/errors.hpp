// Errors every chapter throws. Messages name the rule and the numbers, so that a test (and a
// student) can read what went wrong without a debugger.
#pragma once

#include <stdexcept>
#include <string>

namespace cnn {

/// A tensor whose shape breaks a rule of the layer, e.g. a stride that does not fit the input.
class ShapeError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// A malformed data file (wrong magic number, truncated body, counts that disagree).
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Thrown by every untouched exercise stub; the message starts with the exercise id.
class NotImplemented : public std::logic_error {
public:
    explicit NotImplemented(const std::string& exercise)
        : std::logic_error(exercise + " is not implemented yet") {}
};

}  // namespace cnn
