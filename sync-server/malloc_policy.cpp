#include "malloc_policy.h"

#include <malloc.h>

namespace rs::server {

void returnLargeBlocksToSystem() {
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
  mallopt(M_ARENA_MAX, 8);
}

}  // namespace rs::server
