// Which side of the workbook this train program runs: "ref", "fast" or "student". Every other
// file of the program is compiled once and shared by the three programs; this name is the only
// difference, set in impl.cpp from the build.
#pragma once

extern const char* const workbook_impl;
