# Run by `cmake --install` (install(SCRIPT)): the systemd units with ExecStart= pointing at
# the prefix the programs are installed into (`--prefix` decides it at install time, so the
# units cannot be configured at configure time). Expects FSS_UNIT_SOURCES (set by
# install(CODE) beforehand).
set(dest "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
file(MAKE_DIRECTORY "${dest}")
foreach(unit IN LISTS FSS_UNIT_SOURCES)
  file(READ "${unit}" text)
  string(REPLACE "/usr/local/bin/" "${CMAKE_INSTALL_PREFIX}/bin/" text "${text}")
  get_filename_component(name "${unit}" NAME)
  message(STATUS "Installing: ${dest}/${name}")
  file(WRITE "${dest}/${name}" "${text}")
endforeach()
