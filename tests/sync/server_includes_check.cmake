# Fails when a sync-server source includes a client header (issue 16 item 1: the server
# depends on common only). Run as: cmake -DROOT=<source dir> -P server_includes_check.cmake
# An include is a client header when the path it names exists under client/ (client/core,
# client/gui, client/cli are on the client's include path as "core/...", "gui/...").
file(GLOB_RECURSE sources ${ROOT}/sync-server/*.cpp ${ROOT}/sync-server/*.h)
set(bad "")
foreach(src IN LISTS sources)
  file(STRINGS ${src} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]+)[\">].*" "\\1" header "${line}")
    if(EXISTS ${ROOT}/client/${header} OR header MATCHES "^(\\.\\./)*client/")
      file(RELATIVE_PATH rel ${ROOT} ${src})
      list(APPEND bad "${rel}: ${header}")
    endif()
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "sync-server includes client headers:\n  ${text}")
endif()
list(LENGTH sources n)
message(STATUS "checked ${n} sync-server sources: no client header")
