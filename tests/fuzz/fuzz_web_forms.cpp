// The bureau pages' form bodies and cookie headers (sync-server/web_forms.h). The first
// byte chooses the function; the rest is the body or header.
#include "fuzz_util.h"
#include "web_forms.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text = rs::fuzz::bytesOf(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      rs::server::parseForm(text);
      break;
    case 1:
      rs::server::cookieValue(text, "rs_session");
      break;
    default:
      rs::server::percentEncode(text);
  }
  return 0;
}
