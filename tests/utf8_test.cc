#include "fss/utf8.h"

#include <gtest/gtest.h>

namespace fss {
namespace {

struct Utf8Case {
  std::string input;
  std::optional<size_t> invalid_at;
};

TEST(Utf8Test, FindsFirstInvalidByte) {
  const Utf8Case cases[] = {
      {"", std::nullopt},
      {"första linjen", std::nullopt},
      {"\xF0\x9F\x98\x80 emoji", std::nullopt},
      {"ab\xFF", 2},
      {"\xC3", 0},                  // truncated 2-byte
      {"a\xC0\xAF", 1},             // overlong '/'
      {"x\xED\xA0\x80", 1},         // surrogate
      {"\xF4\x90\x80\x80", 0},      // past U+10FFFF
      {"ok\xE2\x82", 2},            // truncated 3-byte at end
      {std::string("nul\0ok", 6), std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(find_invalid_utf8(c.input), c.invalid_at) << "input: " << c.input;
  }
}

TEST(Utf8Test, RepairReplacesEachBadByte) {
  EXPECT_EQ(repair_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(repair_utf8("för"), "för");
  EXPECT_FALSE(find_invalid_utf8(repair_utf8("\xC3\x28\xE2\x82")).has_value());
}

}  // namespace
}  // namespace fss
