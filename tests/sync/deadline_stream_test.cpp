// DeadlineStream's header reads (sync-server/deadline_stream.h): httplib's line reader asks
// for one byte at a time; the stream takes the waiting header block in one recv, and never
// a byte past it.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "deadline_stream.h"

using rs::server::DeadlineStream;

namespace {

// A connected pair of stream sockets: [0] the server's end, [1] the client's.
struct Pair {
  int fd[2] = {-1, -1};
  Pair() { REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
  ~Pair() {
    close(fd[0]);
    close(fd[1]);
  }
  void send(const std::string& bytes) const {
    REQUIRE(::send(fd[1], bytes.data(), bytes.size(), 0) == ssize_t(bytes.size()));
  }
  // What is waiting in the server's end, left there.
  std::string waiting() const {
    char buf[8192];
    ssize_t n = recv(fd[0], buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
    return n > 0 ? std::string(buf, size_t(n)) : "";
  }
};

DeadlineStream streamOn(const Pair& p) {
  return DeadlineStream(p.fd[0], DeadlineStream::Clock::now() + std::chrono::seconds(5), 1000);
}

// Reads one byte at a time, as httplib's line reader does, until `want` bytes.
std::string readBytes(DeadlineStream& s, size_t want) {
  std::string out;
  char c;
  while (out.size() < want && s.read(&c, 1) == 1) out += c;
  return out;
}

}  // namespace

TEST_CASE("a request's header block is taken at its first byte, and nothing after it") {
  Pair p;
  const std::string head =
      "POST /api/v1/reports/ab/changes HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n";
  const std::string next = "GET /api/v1/limits HTTP/1.1\r\n\r\n";
  p.send(head + "BODY" + next);
  DeadlineStream s = streamOn(p);
  char c;
  REQUIRE(s.read(&c, 1) == 1);
  CHECK(c == 'P');
  // The rest of the header block left the socket with that first byte; the body and the
  // pipelined request did not.
  CHECK(p.waiting() == "BODY" + next);
  CHECK(s.is_readable());
  CHECK(readBytes(s, head.size() - 1) == head.substr(1));
  // The body is read as asked, straight from the socket.
  char body[4];
  CHECK(s.read(body, 4) == 4);
  CHECK(std::string(body, 4) == "BODY");
  CHECK(p.waiting() == next);
}

TEST_CASE("a header block arriving in pieces, its blank line split, is read whole and no further") {
  Pair p;
  DeadlineStream s = streamOn(p);
  const std::string start = "GET /a HTTP/1.1\r\nHost: x\r\n\r";
  p.send(start);
  CHECK(readBytes(s, start.size()) == start);
  CHECK(p.waiting().empty());
  p.send("\nAFTER");
  CHECK(readBytes(s, 1) == "\n");
  CHECK(p.waiting() == "AFTER");
}

TEST_CASE("a header line ended by a bare LF then a CRLF line ends the block as httplib reads it") {
  Pair p;
  const std::string head = "GET /a HTTP/1.1\r\nHost: x\n\r\n";
  p.send(head + "AFTER");
  DeadlineStream s = streamOn(p);
  CHECK(readBytes(s, head.size()) == head);
  CHECK(p.waiting() == "AFTER");
}

TEST_CASE("a header read past the deadline fails, and the peer's close reads as 0") {
  Pair p;
  DeadlineStream late(p.fd[0], DeadlineStream::Clock::now() + std::chrono::milliseconds(50), 1000);
  char c;
  CHECK(late.read(&c, 1) == -1);
  shutdown(p.fd[1], SHUT_WR);
  DeadlineStream s = streamOn(p);
  CHECK(s.read(&c, 1) == 0);
}
