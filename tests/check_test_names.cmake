# cmake -DSUITES=bin1,bin2,... -P check_test_names.cmake
# Fails when a doctest suite has a test case whose name holds ';' (ctest would split it into
# names that match no test case, and those "pass" without running anything).
set(bad "")
string(REPLACE "," ";" SUITES "${SUITES}")
foreach(suite IN LISTS SUITES)
  execute_process(COMMAND ${suite} --list-test-cases --no-version OUTPUT_VARIABLE out
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${suite} --list-test-cases failed (${rc})")
  endif()
  # Semicolons are CMake's list separator: escape them first, then look for them per line.
  string(REPLACE ";" "<SEMICOLON>" out "${out}")
  string(REPLACE "\n" ";" lines "${out}")
  foreach(line IN LISTS lines)
    if(line MATCHES "<SEMICOLON>")
      string(REPLACE "<SEMICOLON>" ";" line "${line}")
      string(APPEND bad "\n  ${suite}: ${line}")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "test case names with ';' (ctest splits them and runs nothing):${bad}")
endif()
list(LENGTH SUITES n)
message(STATUS "${n} suites, no test case name holds ';'")
