// Kùzu's side of bench/compare/run.sh: loads ids.csv / pairs.csv from WORK
// into a fresh database WORK/kuzu.db (timed as LOAD), then asks each
// question for each start key, one prepared statement per question and key
// (compile + execute + fetching the count), and prints
//   RESULT kuzu <question> <key> <count> <milliseconds>
// Variable-length rels use SHORTEST (each reachable node once; Kùzu's
// default WALK semantics does not finish on this DAG) with the max depth
// raised so that the whole 100-layer closure is reachable.
//   node kuzu.mjs WORK CLOSURE_KEYS NEAR_KEYS HOP_KEYS   (keys comma-separated)
import kuzu from "kuzu";
import fs from "node:fs";

const [work, closureKeys, nearKeys, hopKeys] = process.argv.slice(2);
const dbPath = `${work}/kuzu.db`;
fs.rmSync(dbPath, { recursive: true, force: true });
fs.rmSync(`${dbPath}.wal`, { force: true });

const t0 = performance.now();
const db = new kuzu.Database(dbPath);
const conn = new kuzu.Connection(db);
await conn.query("CREATE NODE TABLE Dataset(id INT64, PRIMARY KEY (id))");
await conn.query("CREATE REL TABLE FEEDS(FROM Dataset TO Dataset)");
await conn.query(`COPY Dataset FROM '${work}/ids.csv' (header=true)`);
await conn.query(`COPY FEEDS FROM '${work}/pairs.csv' (header=true)`);
console.log(`LOAD kuzu ${((performance.now() - t0) / 1000).toFixed(3)}`);
await conn.query("CALL var_length_extend_max_depth=100");

const questions = {
  closure: "MATCH (d:Dataset {id: $k})<-[:FEEDS* SHORTEST 1..99]-(u:Dataset) RETURN count(DISTINCT u)",
  near30: "MATCH (d:Dataset {id: $k})<-[:FEEDS* SHORTEST 1..30]-(u:Dataset) RETURN count(DISTINCT u)",
  hop: "MATCH (d:Dataset {id: $k})-[:FEEDS]-(n:Dataset) RETURN count(n)",
};
const keys = { closure: closureKeys, near30: nearKeys, hop: hopKeys };
for (const q of ["hop", "near30", "closure"]) {
  if (!keys[q]) continue;
  for (const k of keys[q].split(",")) {
    const t = performance.now();
    const ps = await conn.prepare(questions[q]);
    const res = await conn.execute(ps, { k: Number(k) });
    const rows = await res.getAll();
    const ms = performance.now() - t;
    const count = Object.values(rows[0])[0];
    console.log(`RESULT kuzu ${q} ${k} ${count} ${ms.toFixed(4)}`);
  }
}
// Closing the connection and database explicitly segfaults kuzu 0.11.3 at exit; the process ends here.
process.exit(0);
