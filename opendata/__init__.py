"""Open data at /dane/: the portal's public data sets as CSV and JSON with DCAT-AP (PL) metadata."""
