// The main() of a chapter's test program when the grader builds it (instead of doctest's own, in
// tests/support/doctest_main.cpp). It writes doctest's XML report to the file named by
// WORKBOOK_GRADE_XML without a buffer, so that when the program dies in the middle of a test
// case (SIGKILL after a time limit, exit() inside a stub) every line written so far is in the file
// and the grader can name the test case it died in.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

int main(int argc, char** argv) {
    doctest::Context context;
    context.applyCommandLine(argc, argv);
    std::ofstream xml;
    if (const char* path = std::getenv("WORKBOOK_GRADE_XML")) {
        xml.rdbuf()->pubsetbuf(nullptr, 0);  // before open(): unbuffered
        xml.open(path);
        if (!xml) return 3;
        context.setCout(&xml);
    }
    return context.run();
}
