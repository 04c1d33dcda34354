MATCH (a:Dataset {name: 'raw.events'})-[:FEEDS*1..5]->(m:Model)
WHERE NOT (m)-[:DEPRECATED]->()
RETURN m.name AS name, count(*) AS n
ORDER BY n DESC SKIP 1 LIMIT 10