// Counts the bytes this thread asks of operator new, by replacing the global operator new
// and delete. Include it in exactly one source file of a test binary of its own: the
// replacement counts for everything linked with it.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

namespace rs::test {
inline thread_local size_t gAllocatedBytes = 0;

// Bytes allocated by f() on this thread.
template <class F>
size_t bytesAllocatedBy(F&& f) {
  size_t before = gAllocatedBytes;
  f();
  return gAllocatedBytes - before;
}
}  // namespace rs::test

void* operator new(size_t size) {
  rs::test::gAllocatedBytes += size;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  std::free(p);
}
