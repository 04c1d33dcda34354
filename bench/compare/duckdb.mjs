// DuckDB's side of bench/compare/run.sh: loads ids.csv / pairs.csv from WORK
// into a fresh database file WORK/duckdb.db (timed as LOAD; default
// settings, no indexes), then asks each question for each start key as a
// recursive CTE with UNION (set semantics: each ancestor once), one
// statement per key (prepare + run + reading the count), and prints
//   RESULT duckdb <question> <key> <count> <milliseconds>
//   node duckdb.mjs WORK CLOSURE_KEYS NEAR_KEYS HOP_KEYS   (keys comma-separated)
import { DuckDBInstance } from "@duckdb/node-api";
import fs from "node:fs";

const [work, closureKeys, nearKeys, hopKeys] = process.argv.slice(2);
const dbPath = `${work}/duckdb.db`;
fs.rmSync(dbPath, { force: true });
fs.rmSync(`${dbPath}.wal`, { force: true });

const t0 = performance.now();
const instance = await DuckDBInstance.create(dbPath);
const conn = await instance.connect();
await conn.run(`CREATE TABLE nodes AS SELECT id::BIGINT AS id FROM read_csv('${work}/ids.csv', header = true)`);
await conn.run(
  `CREATE TABLE edges AS SELECT src::BIGINT AS src, dst::BIGINT AS dst FROM read_csv('${work}/pairs.csv', header = true)`);
await conn.run("CHECKPOINT");
console.log(`LOAD duckdb ${((performance.now() - t0) / 1000).toFixed(3)}`);

const questions = {
  closure: `WITH RECURSIVE up(n) AS (
      SELECT src FROM edges WHERE dst = $k
      UNION SELECT e.src FROM edges e JOIN up ON e.dst = up.n)
    SELECT count(DISTINCT n) FROM up`,
  near30: `WITH RECURSIVE up(n, d) AS (
      SELECT src, 1 FROM edges WHERE dst = $k
      UNION SELECT e.src, up.d + 1 FROM edges e JOIN up ON e.dst = up.n WHERE up.d < 30)
    SELECT count(DISTINCT n) FROM up`,
  hop: `SELECT (SELECT count(*) FROM edges WHERE dst = $k) + (SELECT count(*) FROM edges WHERE src = $k)`,
};
const keys = { closure: closureKeys, near30: nearKeys, hop: hopKeys };
for (const q of ["hop", "near30", "closure"]) {
  if (!keys[q]) continue;
  for (const k of keys[q].split(",")) {
    const t = performance.now();
    const reader = await conn.runAndReadAll(questions[q], { k: Number(k) });
    const rows = reader.getRows();
    const ms = performance.now() - t;
    console.log(`RESULT duckdb ${q} ${k} ${rows[0][0]} ${ms.toFixed(4)}`);
  }
}
conn.closeSync?.();
