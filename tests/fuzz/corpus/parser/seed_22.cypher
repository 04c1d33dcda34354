MATCH (n) // comment
/* block
comment */ RETURN n