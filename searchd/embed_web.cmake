# Writes OUT, a C++ file holding the files of the search page as byte arrays
# (run at build time: cmake -DWEB_DIR=... -DOUT=... -P embed_web.cmake).
set(files index.html app.js style.css)
set(types text/html text/javascript text/css)
set(body "// Generated from searchd/web by embed_web.cmake: do not edit.\n#include \"web_assets.h\"\n\nnamespace fss::searchd {\nnamespace {\n")
set(table "")
set(i 0)
foreach(f IN LISTS files)
  list(GET types ${i} type)
  file(READ ${WEB_DIR}/${f} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR size "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "const unsigned char kFile${i}[] = {${bytes}0};\n")
  string(APPEND table "    {\"/${f}\", \"${type}; charset=utf-8\", reinterpret_cast<const char*>(kFile${i}), ${size}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "const WebAsset kAssets[] = {\n${table}};\n}  // namespace\n\n"
  "const WebAsset* find_web_asset(const std::string& path) {\n"
  "  for (const WebAsset& a : kAssets)\n    if (path == a.path) return &a;\n  return nullptr;\n}\n\n"
  "}  // namespace fss::searchd\n")
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
