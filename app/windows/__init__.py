"""Service windows: the regional network of park stations, institution and enterprise windows
(clauses 4.1-2, 4.2), their signs and public pages, and the staff scoped to them."""
