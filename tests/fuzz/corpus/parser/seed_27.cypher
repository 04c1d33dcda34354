MATCH (m:Model)-[:TRAINED_ON]->(d:Dataset)<-[:PRODUCES]-(j:Job)
WHERE d.updated >= datetime('2024-01-01') AND j.owner IN $owners
RETURN m.name, collect(DISTINCT d.name) AS inputs