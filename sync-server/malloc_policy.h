// How the server's allocator gives memory back.
#pragma once

namespace rs::server {

// glibc's malloc keeps freed memory in per-thread arenas and raises its mmap threshold
// after large frees, so a burst of large bodies leaves the server's resident size high.
// Call once at start: blocks of 256 KiB and more (bodies, their decoded copies) are mapped
// and unmapped on their own, and arenas are at most 8.
void returnLargeBlocksToSystem();

}  // namespace rs::server
