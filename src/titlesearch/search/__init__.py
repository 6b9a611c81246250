"""Search: query validation, the query service, classification with confidence, batch coding."""
