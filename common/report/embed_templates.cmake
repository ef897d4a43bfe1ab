# Turns the template JSON files into a C++ source file (run at build time by CMake -P).
# Inputs: OUT (the .cpp to write), FILES (the .json files, separated by "|").
# Each file becomes one entry {key = file name without .json, json text}.
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(file IN LISTS FILES)
  get_filename_component(key "${file}" NAME_WE)
  file(READ "${file}" json)
  string(APPEND body "    {\"${key}\", R\"rs_json(${json})rs_json\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "// Generated from common/report/templates/*.json by embed_templates.cmake. Do not edit.\n"
  "#include \"report/template_data.h\"\n\n"
  "namespace rs::report {\n\n"
  "const std::vector<EmbeddedTemplate>& embeddedTemplates() {\n"
  "  static const std::vector<EmbeddedTemplate> kTemplates = {\n"
  "${body}"
  "  };\n"
  "  return kTemplates;\n"
  "}\n\n"
  "}  // namespace rs::report\n")
# Only touch the output when it changed, so that an unchanged template rebuilds nothing.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
