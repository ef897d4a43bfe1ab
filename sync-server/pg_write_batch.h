// The writes of a PostgreSQL write transaction held back and sent as one statement
// (sync-server/pg_engine.h): a push stores a span, its span-ids record, the report record and
// a notification, and sending each record as a statement of its own cost a round trip and
// an execution per record (about 6 ms of PostgreSQL CPU a push, README "A province on
// PostgreSQL"). Puts and deletes are held per table and key (the last one of a key wins),
// then written by one prepared statement of data-modifying CTEs: per table a multi-row
// INSERT ... ON CONFLICT DO UPDATE from unnest($n::bytea[], $m::bytea[]) and a DELETE ...
// WHERE k = ANY($n::bytea[]), then the held NOTIFYs (pg_notify). This holds no database
// connection: PgTxn (pg_engine.cpp) decides when to send it (before a scan of the
// transaction's own writes, and at commit) and answers gets of held keys from here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rs::server {

// PostgreSQL's type ids of the array elements pgBinaryArray writes.
constexpr uint32_t kPgByteaOid = 17, kPgTextOid = 25;

// `items` as a one-dimensional PostgreSQL array in the binary wire format (array_recv:
// dimensions, no nulls, element type `elementOid`, lower bound 1, then each element's
// length and bytes, integers big-endian), to pass as a binary parameter. `items` is not
// empty. Text elements must be UTF-8 (the database's encoding).
std::string pgBinaryArray(uint32_t elementOid, const std::vector<std::string_view>& items);

class PgWriteBatch {
 public:
  // What a held write says of `key` in `table`: its value, or nullopt when it deletes the
  // key; nullptr when no held write names the key (the database's row decides).
  const std::optional<std::string>* held(unsigned table, std::string_view key) const;
  void put(unsigned table, std::string_view key, std::string_view value);
  void del(unsigned table, std::string_view key);
  void notify(std::string_view channel, std::string_view payload);
  bool empty() const { return tables_.empty() && channels_.empty(); }
  // Bytes held (keys, values, notifications): the transaction sends early past a limit, so
  // that a large copy (admin migrate) does not grow one statement without bound.
  size_t bytes() const { return bytes_; }

  // The statement that writes everything held. `shape` names its SQL (same shape, same
  // SQL: one prepared statement per shape and connection), `what` says in words what it
  // writes, for errors ("upsert of 3 records into "rs_spans", ..."), and `params` are its
  // parameters in order, each a binary array. `tableSql(id)` is a table's quoted name.
  struct Statement {
    std::string shape, sql, what;
    std::vector<std::string> params;
  };
  Statement statement(const std::function<const std::string&(unsigned)>& tableSql) const;
  // Calls visit(table, key, present) for every held key (present: put, not deleted).
  void forEach(const std::function<void(unsigned, const std::string&, bool)>& visit) const;
  void clear();

 private:
  // Per table (ascending id), per key (bytewise order, as the table's index sorts).
  std::map<unsigned, std::map<std::string, std::optional<std::string>, std::less<>>> tables_;
  std::vector<std::string> channels_, payloads_;
  size_t bytes_ = 0;
};

}  // namespace rs::server
